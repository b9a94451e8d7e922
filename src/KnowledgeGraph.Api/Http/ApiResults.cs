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
        catch (StoreUnavailableException ex)
        {
            // Logged with its details (paths, addresses); the caller learns only what it can act on.
            HttpLog.StoreUnavailable(logger, ex);
            return StoreUnavailable(ex);
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

    /// <summary>503: retry later, or (corrupt data) not until an operator has restored the store.</summary>
    public static IResult StoreUnavailable(StoreUnavailableException ex) => ex.Corrupt
        ? Problem(StatusCodes.Status503ServiceUnavailable, "The graph store's data is damaged; writes are refused until an operator restores it.")
        : new RetryAfter(Problem(StatusCodes.Status503ServiceUnavailable, "The graph store is unavailable; try again shortly."), StoreRetryAfterSeconds);

    public const int StoreRetryAfterSeconds = 5;

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
        401 => "Unauthorized",
        413 => "Payload too large",
        414 => "URI too long",
        431 => "Request header fields too large",
        415 => "Unsupported media type",
        503 => "Service unavailable",
        500 => "Internal server error",
        _ => "Error",
    };
}
