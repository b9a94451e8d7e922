using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Testing;

/// <summary>
/// The real SQLite store with a switchable outage: while <see cref="GraphWritesFail"/> is set, graph writes fail as
/// SQLite does when the database is locked by another writer (SQLITE_BUSY); the ledger keeps working, so the test
/// can see what the ledger says while the store is "down". <see cref="IngestionWritten"/> lets a test act at the
/// moment a ledger record is written (e.g. a client giving up right after its upload was recorded Received).
/// One copy for every test project (tests/Shared).
/// </summary>
public sealed class FailingGraphStore(IGraphStore inner) : IGraphStore
{
    private volatile bool _fail;

    public bool GraphWritesFail
    {
        get => _fail;
        set => _fail = value;
    }

    public int FailedWrites => _failedWrites;

    private int _failedWrites;

    private void ThrowIfDown()
    {
        if (!_fail) return;
        Interlocked.Increment(ref _failedWrites);
        throw new SqliteException("SQLite Error 5: 'database is locked' (test outage).", 5);
    }

    public Task<IReadOnlyList<UpsertResult>> UpsertAsync(IReadOnlyList<GraphBatch> batches, CancellationToken cancellationToken = default)
    {
        ThrowIfDown();
        return inner.UpsertAsync(batches, cancellationToken);
    }

    public Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        ThrowIfDown();
        return inner.DeleteDocumentAsync(documentId, cancellationToken);
    }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public Task<string?> GetDocumentHashAsync(string documentId, CancellationToken cancellationToken = default) => inner.GetDocumentHashAsync(documentId, cancellationToken);

    public Task<GraphNode?> GetNodeAsync(string id, CancellationToken cancellationToken = default) => inner.GetNodeAsync(id, cancellationToken);

    public Task<IReadOnlyList<GraphNode>> GetNodesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default) =>
        inner.GetNodesAsync(ids, cancellationToken);

    public Task<IReadOnlyList<EdgeEvidence>> GetEdgesAsync(EdgeQuery query, CancellationToken cancellationToken = default) =>
        inner.GetEdgesAsync(query, cancellationToken);

    public Task<TrialCard?> GetTrialCardAsync(string trialId, CancellationToken cancellationToken = default) =>
        inner.GetTrialCardAsync(trialId, cancellationToken);

    public Task<Page<EvidenceRow>> GetEvidenceTableAsync(EvidenceTableFilter filter, int limit, string? cursor, CancellationToken cancellationToken = default) =>
        inner.GetEvidenceTableAsync(filter, limit, cursor, cancellationToken);

    public Task<OutcomeMatrix> GetOutcomeMatrixAsync(EvidenceTableFilter filter, CancellationToken cancellationToken = default) =>
        inner.GetOutcomeMatrixAsync(filter, cancellationToken);

    public Task<Page<GraphNode>> SearchNodesAsync(string? query, string? label, int limit, string? cursor, CancellationToken cancellationToken = default) =>
        inner.SearchNodesAsync(query, label, limit, cursor, cancellationToken);

    public Task<Subgraph?> GetNeighborsAsync(string id, int depth, IReadOnlyCollection<string>? types, int limit, CancellationToken cancellationToken = default) =>
        inner.GetNeighborsAsync(id, depth, types, limit, cancellationToken);

    public Task<GraphPath?> FindShortestPathAsync(string fromId, string toId, int maxHops, CancellationToken cancellationToken = default) =>
        inner.FindShortestPathAsync(fromId, toId, maxHops, cancellationToken);

    public Task<IReadOnlyList<CellTypeSummary>> GetCellTypesAsync(string? mechanism, CancellationToken cancellationToken = default) =>
        inner.GetCellTypesAsync(mechanism, cancellationToken);

    public Task<CellTypeSummary?> GetCellTypeAsync(string id, CancellationToken cancellationToken = default) =>
        inner.GetCellTypeAsync(id, cancellationToken);

    public Task<Page<TrialSummary>> GetTrialsAsync(TrialFilter filter, int limit, string? cursor, CancellationToken cancellationToken = default) =>
        inner.GetTrialsAsync(filter, limit, cursor, cancellationToken);

    public Task<TrialStats> GetMechanismTrialStatsAsync(string mechanism, CancellationToken cancellationToken = default) =>
        inner.GetMechanismTrialStatsAsync(mechanism, cancellationToken);

    public Task<EdgeEvidence?> GetEvidenceAsync(string fromId, string type, string toId, CancellationToken cancellationToken = default) =>
        inner.GetEvidenceAsync(fromId, type, toId, cancellationToken);

    public Task<EdgeEvidencePage?> GetEvidencePageAsync(string fromId, string type, string toId, int limit, string? cursor, CancellationToken cancellationToken = default) =>
        inner.GetEvidencePageAsync(fromId, type, toId, limit, cursor, cancellationToken);

    public Task<GraphCounts> GetCountsAsync(CancellationToken cancellationToken = default) => inner.GetCountsAsync(cancellationToken);

    public Task<Subgraph> ExportAsync(CancellationToken cancellationToken = default) => inner.ExportAsync(cancellationToken);

    public IAsyncEnumerable<GraphBatch> ExportBatchesAsync(CancellationToken cancellationToken = default) => inner.ExportBatchesAsync(cancellationToken);

    /// <summary>Called after each ledger record is written.</summary>
    public Action<IngestionRecord>? IngestionWritten { get; set; }

    public async Task UpsertIngestionAsync(IngestionRecord record, CancellationToken cancellationToken = default)
    {
        await inner.UpsertIngestionAsync(record, cancellationToken);
        IngestionWritten?.Invoke(record);
    }

    public Task<IngestionRecord?> GetIngestionAsync(string name, CancellationToken cancellationToken = default) => inner.GetIngestionAsync(name, cancellationToken);

    public Task<IReadOnlyList<IngestionRecord>> FindIngestionsHoldingAsync(IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken = default) =>
        inner.FindIngestionsHoldingAsync(documentIds, cancellationToken);

    public Task<Page<IngestionRecord>> ListIngestionsAsync(IngestionStatus? status, int limit, string? cursor, CancellationToken cancellationToken = default) =>
        inner.ListIngestionsAsync(status, limit, cursor, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
