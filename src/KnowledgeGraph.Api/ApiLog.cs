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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blob {BlobName} waits: the store failed while writing it")]
    public static partial void StoreWriteFailed(ILogger logger, Exception exception, string blobName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blob {BlobName} waits for a later pass: {Reason}")]
    public static partial void BlobWaits(ILogger logger, string blobName, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retrying blob {BlobName} in {Delay} (try {Attempt}): {Reason}")]
    public static partial void BlobRetry(ILogger logger, string blobName, TimeSpan delay, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Blob {BlobName} was deleted; ledger {Status}")]
    public static partial void BlobRemoved(ILogger logger, string blobName, KnowledgeGraph.Core.Storage.IngestionStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Container {Container}: {Blobs} blobs, {Processed} processed ({Ingested} ingested, {Unchanged} unchanged, {Failed} quarantined, {Waiting} waiting), {Removed} removed")]
    public static partial void Reconciled(ILogger logger, string container, int blobs, int processed, int ingested, int unchanged, int failed, int waiting, int removed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Polling blob container {Container} every {Interval}")]
    public static partial void Polling(ILogger logger, string container, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling blob container {Container} failed; trying again in {Interval}")]
    public static partial void PollFailed(ILogger logger, Exception exception, string container, TimeSpan interval);
}
