namespace KnowledgeGraph.Api;

/// <summary>Source-generated log messages (no boxing or arrays when a level is off), with paper id and blob name as fields.</summary>
internal static partial class ApiLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Blob {BlobName}: paper {PaperId} {Outcome}")]
    public static partial void PaperIngested(ILogger logger, string blobName, string paperId, KnowledgeGraph.Core.Storage.UpsertOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blob {BlobName} cannot be read ({Code}): {Reason}")]
    public static partial void Unreadable(ILogger logger, string blobName, string code, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Blob {BlobName} failed on attempt {Attempt} of {MaxAttempts}")]
    public static partial void IngestFailed(ILogger logger, Exception exception, string blobName, int attempt, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the failure of {BlobName} in the ledger")]
    public static partial void LedgerWriteFailed(ILogger logger, Exception exception, string blobName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted paper {PaperId}")]
    public static partial void PaperDeleted(ILogger logger, string paperId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching {Folder} for papers")]
    public static partial void Watching(ILogger logger, string folder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not ingest {BlobName}")]
    public static partial void WatchIngestFailed(ILogger logger, Exception exception, string blobName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moved {BlobName} to {Target}: {Reason}")]
    public static partial void Quarantined(ILogger logger, string blobName, string target, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check: the {Store} store is not reachable")]
    public static partial void StoreUnreachable(ILogger logger, Exception exception, string store);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error serving the request")]
    public static partial void Unhandled(ILogger logger, Exception exception);
}
