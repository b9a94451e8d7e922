namespace KnowledgeGraph.Api.Http;

/// <summary>A request the API refuses, with the HTTP status and a reason the caller can act on.</summary>
/// <param name="RetryAfterSeconds">For 503: how long the caller should wait before trying again (Retry-After).</param>
public sealed class ApiProblemException(int status, string detail, int? retryAfterSeconds = null) : Exception(detail)
{
    public int Status { get; } = status;

    public int? RetryAfterSeconds { get; } = retryAfterSeconds;

    public static ApiProblemException BadRequest(string detail) => new(StatusCodes.Status400BadRequest, detail);

    public static ApiProblemException NotFound(string detail) => new(StatusCodes.Status404NotFound, detail);
}
