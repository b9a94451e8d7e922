using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;
using KnowledgeGraph.Core.Trials;

namespace KnowledgeGraph.Neo4j;

/// <summary>Trial cards, the evidence table and the matrix (issue 16): two reads (nodes by id, edges of nodes by
/// type) that <see cref="TrialQueries"/> composes, exactly as over the SQLite store.</summary>
public sealed partial class Neo4jGraphStore
{
    public async Task<IReadOnlyList<GraphNode>> GetNodesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        TrialQueries.CheckNodeCount(ids.Count);
        if (ids.Count == 0) return [];
        var result = await ReadAsync(nameof(Neo4jStatements.GetNodes), Neo4jStatements.GetNodes,
            new() { ["ids"] = ids.Distinct(StringComparer.Ordinal).ToArray() }, cancellationToken).ConfigureAwait(false);
        return [.. result.Rows.Select(r => Neo4jRows.ToNode(result.Get(r, "node")))];
    }

    public async Task<IReadOnlyList<EdgeEvidence>> GetEdgesAsync(EdgeQuery query, CancellationToken cancellationToken = default)
    {
        TrialQueries.CheckNodeCount(query.NodeIds.Count);
        var types = query.Types.Select(GraphSchema.RequireRelationship).Distinct(StringComparer.Ordinal).ToArray();
        if (query.NodeIds.Count == 0 || types.Length == 0) return [];
        if (query.Documents is not null)
        {
            if (query.Incoming) throw new ArgumentException("Edges restricted to documents are read from their source nodes only.", nameof(query));
            TrialQueries.CheckNodeCount(query.Documents.Count);
            if (query.Documents.Count == 0) return [];
        }
        var (name, text) = query.Documents is not null ? (nameof(Neo4jStatements.EdgesFromDocuments), Neo4jStatements.EdgesFromDocuments)
            : query.Incoming ? (nameof(Neo4jStatements.EdgesTo), Neo4jStatements.EdgesTo)
            : (nameof(Neo4jStatements.EdgesFrom), Neo4jStatements.EdgesFrom);
        var parameters = new Dictionary<string, object?>
        {
            ["ids"] = query.NodeIds.Distinct(StringComparer.Ordinal).ToArray(),
            ["types"] = types,
        };
        if (query.Documents is not null) parameters["docs"] = query.Documents.Distinct(StringComparer.Ordinal).ToArray();
        var result = await ReadAsync(name, text, parameters, cancellationToken).ConfigureAwait(false);
        return [.. result.Rows.Select(row =>
        {
            var rel = result.Get(row, "rel");
            return new EdgeEvidence(Neo4jRows.ToRelationship(rel), query.WithEvidence ? Neo4jRows.Evidence(rel) : []);
        }).OrderBy(e => e.Relationship.From, StringComparer.Ordinal).ThenBy(e => e.Relationship.Type, StringComparer.Ordinal)
          .ThenBy(e => e.Relationship.To, StringComparer.Ordinal)];
    }

    public Task<TrialCard?> GetTrialCardAsync(string trialId, CancellationToken cancellationToken = default) =>
        TrialQueries.CardAsync(this, trialId, cancellationToken);

    public Task<Page<EvidenceRow>> GetEvidenceTableAsync(EvidenceTableFilter filter, int limit, string? cursor, CancellationToken cancellationToken = default) =>
        TrialQueries.EvidenceTableAsync(this, filter, limit, cursor, cancellationToken);

    public Task<OutcomeMatrix> GetOutcomeMatrixAsync(EvidenceTableFilter filter, CancellationToken cancellationToken = default) =>
        TrialQueries.MatrixAsync(this, filter, cancellationToken);
}
