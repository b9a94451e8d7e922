using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Core.Storage;

/// <summary>
/// The graph store: idempotent writes of per-document batches and the named queries the API and CLI use.
/// Implementations: SQLite (embedded default) and Neo4j (HTTP Query API). Both pass the same conformance suite.
/// </summary>
public partial interface IGraphStore : IAsyncDisposable
{
    /// <summary>
    /// Creates the schema if missing and writes the vocabulary's concept nodes and manual edges. Idempotent. Every other
    /// method initialises the store itself on first use, once per instance whoever calls first (see
    /// <see cref="InitializeOnce"/>), so callers never need to; <c>kg schema apply</c> calls it to do only that.
    /// </summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes batches (one per document). A batch whose document is stored with the same content hash is
    /// <see cref="UpsertOutcome.Unchanged"/> and writes nothing; otherwise it replaces that document's earlier
    /// contributions. Each batch is atomic.
    /// </summary>
    Task<IReadOnlyList<UpsertResult>> UpsertAsync(IReadOnlyList<GraphBatch> batches, CancellationToken cancellationToken = default);

    /// <summary>Removes a document, its node, and every edge and evidence only it supported. False when unknown; the
    /// vocabulary (<see cref="EdgeContribution.VocabularyDocumentId"/>) is never removed (false).</summary>
    Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default);

    /// <summary>The stored content hash of a document, or null when it is not stored.</summary>
    Task<string?> GetDocumentHashAsync(string documentId, CancellationToken cancellationToken = default);

    Task<GraphNode?> GetNodeAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Nodes whose name, id or synonyms contain <paramref name="query"/> (case-insensitive), best matches first
    /// (exact name or synonym, then prefix, then substring; ties by id). A null query lists all nodes by id.</summary>
    Task<Page<GraphNode>> SearchNodesAsync(string? query, string? label, int limit, string? cursor, CancellationToken cancellationToken = default);

    /// <summary>Nodes within <paramref name="depth"/> (1-3) hops, either direction, optionally only via the given types;
    /// the start node included; at most <paramref name="limit"/> nodes, nearest first. Null when the node is unknown.</summary>
    Task<Subgraph?> GetNeighborsAsync(string id, int depth, IReadOnlyCollection<string>? types, int limit, CancellationToken cancellationToken = default);

    /// <summary>A shortest path of at most <paramref name="maxHops"/> hops, ignoring direction, over every relationship
    /// type. Among several shortest paths any one may be returned. Null when there is none or a node is unknown.</summary>
    Task<GraphPath?> FindShortestPathAsync(string fromId, string toId, int maxHops, CancellationToken cancellationToken = default);

    /// <summary>Cell types (optionally only those acting via <paramref name="mechanism"/> or a narrower mechanism), ordered by id.</summary>
    Task<IReadOnlyList<CellTypeSummary>> GetCellTypesAsync(string? mechanism, CancellationToken cancellationToken = default);

    /// <summary>One cell type, as <see cref="GetCellTypesAsync"/> lists it; null when there is no such cell type.</summary>
    Task<CellTypeSummary?> GetCellTypeAsync(string id, CancellationToken cancellationToken = default);

    Task<Page<TrialSummary>> GetTrialsAsync(TrialFilter filter, int limit, string? cursor, CancellationToken cancellationToken = default);

    /// <summary>Count, phases and outcome totals of the trials <c>GetTrialsAsync(new TrialFilter(Mechanism: mechanism))</c>
    /// would list (all pages), without listing them.</summary>
    Task<TrialStats> GetMechanismTrialStatsAsync(string mechanism, CancellationToken cancellationToken = default);

    /// <summary>The evidence behind the stored edge from-type->to, or null when there is no such edge.</summary>
    Task<EdgeEvidence?> GetEvidenceAsync(string fromId, string type, string toId, CancellationToken cancellationToken = default);

    /// <summary>One page of <see cref="GetEvidenceAsync"/>'s sentences (same order; cursors of <see cref="EvidencePaging"/>),
    /// or null when there is no such edge. The relationship's totals say how many sentences there are in all.</summary>
    /// <exception cref="ArgumentException">The cursor is not one of this paging.</exception>
    Task<EdgeEvidencePage?> GetEvidencePageAsync(string fromId, string type, string toId, int limit, string? cursor, CancellationToken cancellationToken = default);

    Task<GraphCounts> GetCountsAsync(CancellationToken cancellationToken = default);

    /// <summary>The nodes with these ids that exist, by id (at most <see cref="EdgeQuery.MaxNodes"/> ids).</summary>
    Task<IReadOnlyList<GraphNode>> GetNodesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default);

    /// <summary>The stored edges of the given types from (or to) the given nodes, aggregated like every other read, with
    /// their evidence when asked; ordered by (from, type, to).</summary>
    Task<IReadOnlyList<EdgeEvidence>> GetEdgesAsync(EdgeQuery query, CancellationToken cancellationToken = default);

    /// <summary>The trial card: every fact the graph holds about the trial with its source (registry field, paper
    /// sentence), or null when there is no such trial. <paramref name="trialId"/> is <c>trial:NCT..</c>.</summary>
    Task<TrialCard?> GetTrialCardAsync(string trialId, CancellationToken cancellationToken = default);

    /// <summary>The review's table: one row per trial x outcome for the trials the filter selects, <paramref name="limit"/>
    /// trials per page (a page holds every row of its trials), in trial id order.</summary>
    Task<Page<EvidenceRow>> GetEvidenceTableAsync(EvidenceTableFilter filter, int limit, string? cursor, CancellationToken cancellationToken = default);

    /// <summary>Mechanism x outcome: trials, papers, patients and the direction of the findings.</summary>
    Task<OutcomeMatrix> GetOutcomeMatrixAsync(EvidenceTableFilter filter, CancellationToken cancellationToken = default);

    /// <summary>The whole graph (for export); nodes by id, relationships by (from, type, to).</summary>
    Task<Subgraph> ExportAsync(CancellationToken cancellationToken = default);

    /// <summary>Every stored document batch, as written (for copying a graph between stores).</summary>
    IAsyncEnumerable<GraphBatch> ExportBatchesAsync(CancellationToken cancellationToken = default);

    Task UpsertIngestionAsync(IngestionRecord record, CancellationToken cancellationToken = default);

    Task<IngestionRecord?> GetIngestionAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Ledger records, in any status but Deleted, that hold at least one of <paramref name="documentIds"/>
    /// (found through an index, not a scan of the ledger, where the store has one).</summary>
    Task<IReadOnlyList<IngestionRecord>> FindIngestionsHoldingAsync(IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken = default);

    Task<Page<IngestionRecord>> ListIngestionsAsync(IngestionStatus? status, int limit, string? cursor, CancellationToken cancellationToken = default);
}
