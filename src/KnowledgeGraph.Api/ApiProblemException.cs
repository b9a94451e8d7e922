namespace KnowledgeGraph.Api;

/// <summary>A request the API refuses, with the HTTP status and a reason the caller can act on.</summary>
public sealed class ApiProblemException(int status, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public static ApiProblemException BadRequest(string detail) => new(StatusCodes.Status400BadRequest, detail);

    public static ApiProblemException NotFound(string detail) => new(StatusCodes.Status404NotFound, detail);
}
