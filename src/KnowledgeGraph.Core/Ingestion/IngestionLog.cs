using KnowledgeGraph.Core.Storage;
using Microsoft.Extensions.Logging;

namespace KnowledgeGraph.Core.Ingestion;

/// <summary>Source-generated log messages of the ingestion ledger (no boxing when a level is off), input name as a field.</summary>
internal static partial class IngestionLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Input {InputName}: paper {PaperId} {Outcome}")]
    public static partial void PaperIngested(ILogger logger, string inputName, string paperId, UpsertOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Input {InputName} cannot be ingested ({Code}): {Reason}")]
    public static partial void Unreadable(ILogger logger, string inputName, string code, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Input {InputName}: the reader failed on attempt {Attempt} of {MaxAttempts}")]
    public static partial void ReaderFailed(ILogger logger, Exception exception, string inputName, int attempt, int maxAttempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Input {InputName} waits: the store failed while writing it")]
    public static partial void StoreWriteFailed(ILogger logger, Exception exception, string inputName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the state of {InputName} in the ledger")]
    public static partial void LedgerWriteFailed(ILogger logger, Exception exception, string inputName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing a group of {Count} inputs failed; each is retried alone")]
    public static partial void GroupWriteFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted paper {PaperId}")]
    public static partial void PaperDeleted(ILogger logger, string paperId);
}
