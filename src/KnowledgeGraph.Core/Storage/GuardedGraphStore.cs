using KnowledgeGraph.Core.Graph;
using Microsoft.Extensions.Logging;

namespace KnowledgeGraph.Core.Storage;

/// <summary>
/// The store every host uses (registered around the configured one by AddKnowledgeGraph): the store's own
/// infrastructure failures come out as <see cref="StoreUnavailableException"/> (so the API answers 503, not 500,
/// and the CLI a one-line error), and once the store reports its data corrupt, that is logged once and no further
/// write is sent to it: a damaged file is never written into.
/// </summary>
public sealed class GuardedGraphStore(IGraphStore inner, IStoreFailureClassifier classifier, ILogger<GuardedGraphStore> logger) : IGraphStore
{
    private volatile StoreUnavailableException? _corrupt;

    /// <summary>The inner store (tests and the benchmark reach through).</summary>
    public IGraphStore Inner => inner;

    public Task InitializeAsync(CancellationToken cancellationToken = default) => RunAsync(() => inner.InitializeAsync(cancellationToken), write: true);

    public Task<IReadOnlyList<UpsertResult>> UpsertAsync(IReadOnlyList<GraphBatch> batches, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.UpsertAsync(batches, cancellationToken), write: true);

    public Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.DeleteDocumentAsync(documentId, cancellationToken), write: true);

    public Task<string?> GetDocumentHashAsync(string documentId, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.GetDocumentHashAsync(documentId, cancellationToken));

    public Task<GraphNode?> GetNodeAsync(string id, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.GetNodeAsync(id, cancellationToken));

    public Task<IReadOnlyList<GraphNode>> GetNodesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.GetNodesAsync(ids, cancellationToken));

    public Task<IReadOnlyList<EdgeEvidence>> GetEdgesAsync(EdgeQuery query, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.GetEdgesAsync(query, cancellationToken));

    public Task<TrialCard?> GetTrialCardAsync(string trialId, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.GetTrialCardAsync(trialId, cancellationToken));

    public Task<Page<EvidenceRow>> GetEvidenceTableAsync(EvidenceTableFilter filter, int limit, string? cursor, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.GetEvidenceTableAsync(filter, limit, cursor, cancellationToken));

    public Task<OutcomeMatrix> GetOutcomeMatrixAsync(EvidenceTableFilter filter, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.GetOutcomeMatrixAsync(filter, cancellationToken));

    public Task<Page<GraphNode>> SearchNodesAsync(string? query, string? label, int limit, string? cursor, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.SearchNodesAsync(query, label, limit, cursor, cancellationToken));

    public Task<Subgraph?> GetNeighborsAsync(string id, int depth, IReadOnlyCollection<string>? types, int limit, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.GetNeighborsAsync(id, depth, types, limit, cancellationToken));

    public Task<GraphPath?> FindShortestPathAsync(string fromId, string toId, int maxHops, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.FindShortestPathAsync(fromId, toId, maxHops, cancellationToken));

    public Task<IReadOnlyList<CellTypeSummary>> GetCellTypesAsync(string? mechanism, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.GetCellTypesAsync(mechanism, cancellationToken));

    public Task<CellTypeSummary?> GetCellTypeAsync(string id, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.GetCellTypeAsync(id, cancellationToken));

    public Task<Page<TrialSummary>> GetTrialsAsync(TrialFilter filter, int limit, string? cursor, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.GetTrialsAsync(filter, limit, cursor, cancellationToken));

    public Task<TrialStats> GetMechanismTrialStatsAsync(string mechanism, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.GetMechanismTrialStatsAsync(mechanism, cancellationToken));

    public Task<EdgeEvidence?> GetEvidenceAsync(string fromId, string type, string toId, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.GetEvidenceAsync(fromId, type, toId, cancellationToken));

    public Task<EdgeEvidencePage?> GetEvidencePageAsync(string fromId, string type, string toId, int limit, string? cursor, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.GetEvidencePageAsync(fromId, type, toId, limit, cursor, cancellationToken));

    public Task<GraphCounts> GetCountsAsync(CancellationToken cancellationToken = default) => RunAsync(() => inner.GetCountsAsync(cancellationToken));

    public Task<Subgraph> ExportAsync(CancellationToken cancellationToken = default) => RunAsync(() => inner.ExportAsync(cancellationToken));

    public async IAsyncEnumerable<GraphBatch> ExportBatchesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var e = inner.ExportBatchesAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            if (!await RunAsync(async () => await e.MoveNextAsync())) yield break;
            yield return e.Current;
        }
    }

    public Task UpsertIngestionAsync(IngestionRecord record, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.UpsertIngestionAsync(record, cancellationToken), write: true);

    public Task<IngestionRecord?> GetIngestionAsync(string name, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.GetIngestionAsync(name, cancellationToken));

    public Task<IReadOnlyList<IngestionRecord?>> GetIngestionsAsync(IReadOnlyList<string> names, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.GetIngestionsAsync(names, cancellationToken));

    public bool WritesIngestionsWithPapers => inner.WritesIngestionsWithPapers;

    public Task<IReadOnlyList<UpsertResult>> UpsertWithIngestionsAsync(IReadOnlyList<GraphBatch> batches,
        Func<IReadOnlyList<UpsertResult>, IReadOnlyList<IngestionRecord>> records, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.UpsertWithIngestionsAsync(batches, records, cancellationToken), write: true);

    public Task UpsertIngestionsAsync(IReadOnlyList<IngestionRecord> records, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.UpsertIngestionsAsync(records, cancellationToken), write: true);

    public Task<IReadOnlyList<IngestionRecord>> FindIngestionsHoldingAsync(IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.FindIngestionsHoldingAsync(documentIds, cancellationToken));

    public Task<Page<IngestionRecord>> ListIngestionsAsync(IngestionStatus? status, int limit, string? cursor, CancellationToken cancellationToken = default) =>
        RunAsync(() => inner.ListIngestionsAsync(status, limit, cursor, cancellationToken));

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private async Task RunAsync(Func<Task> action, bool write = false) =>
        await RunAsync(async () => { await action(); return true; }, write);

    private async Task<T> RunAsync<T>(Func<Task<T>> action, bool write = false)
    {
        if (write && _corrupt is { } corrupt) throw corrupt;
        try
        {
            return await action();
        }
        catch (Exception ex) when (ex is not StoreUnavailableException && classifier.Classify(ex) is { } failure)
        {
            if (failure.Corrupt && _corrupt is null)
            {
                _corrupt = failure;
                StoreLog.Corrupt(logger, failure.Message);
            }
            throw failure;
        }
    }
}

internal static partial class StoreLog
{
    // The reason carries the driver's own message; a stack trace would say nothing more about a damaged file.
    [LoggerMessage(Level = LogLevel.Critical, Message = "The store is corrupt; no further writes will be sent to it: {Reason}")]
    public static partial void Corrupt(ILogger logger, string reason);
}
