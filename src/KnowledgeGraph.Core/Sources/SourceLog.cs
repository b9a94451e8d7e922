using Microsoft.Extensions.Logging;

namespace KnowledgeGraph.Core.Sources;

internal static partial class SourceLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Service}: retry {Attempt} of {MaxRetries} after {Reason}, waiting {DelayMs:0} ms")]
    public static partial void Retrying(ILogger logger, string service, int attempt, int maxRetries, string reason, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PubMed: {Count} records on {Day} alone; ESearch reaches only the first {Limit} of them")]
    public static partial void DayOverLimit(ILogger logger, int count, string day, int limit);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Service}: query {Query}: {Found} found, {New} new, {Written} written, {Unchanged} unchanged, {Failed} failed")]
    public static partial void QueryDone(ILogger logger, string service, string query, int found, int @new, int written, int unchanged, int failed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Source refresh is off: KG:Sources:Refresh:Queries is empty")]
    public static partial void RefreshOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Source refresh: query {Query} failed")]
    public static partial void RefreshQueryFailed(ILogger logger, Exception exception, string query);
}
