using KnowledgeGraph.Core.Ingestion;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Core.Sources;

/// <summary>
/// Fetched records straight into the store, through the same door as files and blobs (<see cref="IngestionLedger"/>),
/// under one ledger key per record (<c>pubmed:PMID</c>, <c>ctgov:NCT...</c>). The ledger is the cache: a record whose
/// key it holds as ingested (or unchanged) is not fetched again, so a record ingested before an interruption is not
/// ingested twice. A record that failed, or whose ingestion was cancelled, is fetched again by the next run (it may
/// have been corrected since).
/// </summary>
public sealed class LedgerSourceSink(IngestionLedger ledger, IngestionSlots slots) : ISourceSink
{
    public async Task<bool> HoldsAsync(SourceKind source, string id, string? version, CancellationToken ct)
    {
        var record = await ledger.GetAsync(SourceRecord.LedgerNameOf(source, id), ct);
        return record is { Status: IngestionStatus.Ingested or IngestionStatus.Unchanged }
            && (version is null || record.ETag == version);
    }

    public async Task<SinkResult> WriteAsync(SourceRecord record, CancellationToken ct)
    {
        using var slot = await slots.WaitAsync(ct);
        // The record's version is kept as the ledger's version tag, so a rerun can tell a changed study from a held one.
        var outcome = await ledger.IngestAsync(record.LedgerName, record.Content, record.Version, ct);
        if (outcome.Quarantine || outcome.Result is null) return new SinkResult(SinkOutcome.Failed, outcome.Record.Reason);
        var papers = outcome.Result.Papers;
        if (papers.All(p => p.Outcome == UpsertOutcome.Unchanged)) return new SinkResult(SinkOutcome.Unchanged);
        return new SinkResult(papers.Any(p => p.Outcome == UpsertOutcome.Replaced) ? SinkOutcome.Updated : SinkOutcome.Added);
    }
}
