namespace KnowledgeGraph.Api.Http;

/// <summary>Source-generated log messages of the HTTP handlers (no boxing or arrays when a level is off).</summary>
internal static partial class HttpLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check: the {Store} store is not reachable")]
    public static partial void StoreUnreachable(ILogger logger, Exception exception, string store);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error serving the request")]
    public static partial void Unhandled(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The store is unavailable")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a write: {Reason}")]
    public static partial void WriteRefused(ILogger logger, string reason);
}
