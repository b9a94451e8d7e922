namespace KnowledgeGraph.Api.Ingestion;

/// <summary>Source-generated log messages of the blob and folder doors, with the input name as a field.</summary>
internal static partial class IngestionHostLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Watching {Folder} for papers")]
    public static partial void Watching(ILogger logger, string folder);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not ingest {InputName}")]
    public static partial void WatchIngestFailed(ILogger logger, Exception exception, string inputName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moved {InputName} to {Target}: {Reason}")]
    public static partial void Quarantined(ILogger logger, string inputName, string target, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Blob {InputName} waits for a later pass: {Reason}")]
    public static partial void BlobWaits(ILogger logger, string inputName, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retrying blob {InputName} in {Delay} (try {Attempt}): {Reason}")]
    public static partial void BlobRetry(ILogger logger, string inputName, TimeSpan delay, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Blob {InputName} was deleted; ledger {Status}")]
    public static partial void BlobRemoved(ILogger logger, string inputName, KnowledgeGraph.Core.Storage.IngestionStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Container {Container}: {Blobs} blobs, {Processed} processed ({Ingested} ingested, {Unchanged} unchanged, {Failed} quarantined, {Waiting} waiting), {Removed} removed")]
    public static partial void Reconciled(ILogger logger, string container, int blobs, int processed, int ingested, int unchanged, int failed, int waiting, int removed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Polling blob container {Container} every {Interval}")]
    public static partial void Polling(ILogger logger, string container, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling blob container {Container} failed; next try in {Delay}")]
    public static partial void PollFailed(ILogger logger, Exception exception, string container, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling blob container {Container} still fails ({Failures} times in a row); next try in {Delay}: {Reason}")]
    public static partial void PollStillFailing(ILogger logger, string container, int failures, TimeSpan delay, string reason);
}
