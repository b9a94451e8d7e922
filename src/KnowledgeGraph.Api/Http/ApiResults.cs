using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Graph;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KnowledgeGraph.Api.Http;

/// <summary>
/// Turns outcomes into responses: JSON in the graph's camelCase form, and RFC 7807 problems. Handlers run every
/// body through <see cref="GuardAsync"/> because the Functions host has no ASP.NET exception middleware; the
/// caller never sees a stack trace.
/// </summary>
public static class ApiResults
{
    public static JsonHttpResult<T> Json<T>(T value, int status = StatusCodes.Status200OK) =>
        TypedResults.Json(value, GraphJson.Options, statusCode: status);

    public static ProblemHttpResult Problem(int status, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: Title(status));

    public static async Task<IResult> GuardAsync(ILogger logger, Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (ApiProblemException ex)
        {
            return ex.RetryAfterSeconds is { } seconds ? new RetryAfter(Problem(ex.Status, ex.Message), seconds) : Problem(ex.Status, ex.Message);
        }
        catch (DocumentReadException ex)
        {
            return FromReadError(ex);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's own limits (body too large, client too slow) surface here.
            return Problem(ex.StatusCode, ex.Message);
        }
        catch (ArgumentException ex)
        {
            // Stores reject bad cursors and non-schema labels with ArgumentException.
            return Problem(StatusCodes.Status400BadRequest, ex.Message);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex)
        {
            HttpLog.Unhandled(logger, ex);
            return Problem(StatusCodes.Status500InternalServerError, "An unexpected error occurred; it has been logged.");
        }
    }

    public static ProblemHttpResult FromReadError(DocumentReadException ex) => ex.Code switch
    {
        DocumentErrorCode.UnknownFormat => Problem(StatusCodes.Status415UnsupportedMediaType, ex.Message),
        DocumentErrorCode.TooLarge => Problem(StatusCodes.Status413PayloadTooLarge, ex.Message),
        _ => Problem(StatusCodes.Status400BadRequest, $"{ex.Code}: {ex.Message}"),
    };

    /// <summary>A problem with a Retry-After header (503 when the server is busy or its store unavailable).</summary>
    private sealed class RetryAfter(IResult problem, int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return problem.ExecuteAsync(httpContext);
        }
    }

    private static string Title(int status) => status switch
    {
        400 => "Bad request",
        403 => "Forbidden",
        404 => "Not found",
        413 => "Payload too large",
        415 => "Unsupported media type",
        503 => "Service unavailable",
        500 => "Internal server error",
        _ => "Error",
    };
}
