using System.Net;

namespace KnowledgeGraph.Neo4j;

/// <summary>
/// A failed Query API request: the Neo4j status code (<c>Neo.ClientError.Statement.SyntaxError</c>, ...) when the
/// server sent one, else <c>KnowledgeGraph.Http</c>, with the HTTP status so callers can tell auth from syntax.
/// </summary>
public sealed class Neo4jQueryException : Exception
{
    public const string HttpErrorCode = "KnowledgeGraph.Http";

    public Neo4jQueryException(string code, string message, HttpStatusCode statusCode)
        : base($"{code}: {message}")
    {
        Code = code;
        ServerMessage = message;
        StatusCode = statusCode;
    }

    public Neo4jQueryException()
        : this(HttpErrorCode, "Neo4j request failed.", HttpStatusCode.InternalServerError)
    {
    }

    public Neo4jQueryException(string message)
        : this(HttpErrorCode, message, HttpStatusCode.InternalServerError)
    {
    }

    public Neo4jQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = HttpErrorCode;
        ServerMessage = message;
        StatusCode = HttpStatusCode.InternalServerError;
    }

    /// <summary>Neo4j status code, e.g. <c>Neo.TransientError.Transaction.DeadlockDetected</c>.</summary>
    public string Code { get; }

    public string ServerMessage { get; }

    public HttpStatusCode StatusCode { get; }

    /// <summary>Transient errors may succeed when retried (deadlocks, leader switches, memory pressure).</summary>
    public bool IsTransient => Code.StartsWith("Neo.TransientError.", StringComparison.Ordinal);
}
