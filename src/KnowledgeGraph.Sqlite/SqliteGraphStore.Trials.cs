using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;
using KnowledgeGraph.Core.Trials;

namespace KnowledgeGraph.Sqlite;

/// <summary>Trial cards, the evidence table and the matrix (issue 16): two set-based reads (nodes by id, edges of
/// nodes by type) that <see cref="TrialQueries"/> composes, exactly as over the Neo4j store.</summary>
public sealed partial class SqliteGraphStore
{
    public async Task<IReadOnlyList<GraphNode>> GetNodesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
    {
        TrialQueries.CheckNodeCount(ids.Count);
        if (ids.Count == 0) return [];
        await using var connection = await OpenReadAsync(cancellationToken);
        var nodes = await GetNodesAsync(connection, [.. ids.Distinct(StringComparer.Ordinal)], cancellationToken);
        return [.. nodes.OrderBy(n => n.Id, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<EdgeEvidence>> GetEdgesAsync(EdgeQuery query, CancellationToken cancellationToken = default)
    {
        TrialQueries.CheckNodeCount(query.NodeIds.Count);
        var types = query.Types.Select(GraphSchema.RequireRelationship).Distinct(StringComparer.Ordinal).ToList();
        if (query.NodeIds.Count == 0 || types.Count == 0) return [];
        if (query.Documents is not null) return await EdgesOfDocumentsAsync(query, types, cancellationToken);
        await using var connection = await OpenReadAsync(cancellationToken);
        var found = new List<(long Id, string Src, string Type, string Dst)>();
        foreach (var chunk in query.NodeIds.Distinct(StringComparer.Ordinal).Chunk(400))
        {
            await using var cmd = connection.CreateCommand();
            var column = query.Incoming ? "dst" : "src";
            cmd.CommandText = $"SELECT id, src, type, dst FROM edges WHERE {column} IN ({InList(cmd, chunk, "n")}) AND type IN ({InList(cmd, types, "t")}){SqliteSchema.NotMentionsWhen(types)}";
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken)) found.Add((r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3)));
        }
        found.Sort((a, b) => KeyOrder.Compare(new EdgeKey(a.Src, a.Type, a.Dst), new EdgeKey(b.Src, b.Type, b.Dst)));
        var relationships = await RelationshipsAsync(connection, [.. found.Select(f => f.Id)], cancellationToken);
        var evidence = new Dictionary<long, List<EvidenceSentence>>();
        if (query.WithEvidence)
        {
            foreach (var chunk in found.Select(f => f.Id).Chunk(400))
            {
                await using var cmd = connection.CreateCommand();
                cmd.CommandText = $"SELECT edge_id, evidence FROM contributions WHERE edge_id IN ({InList(cmd, chunk)}) ORDER BY edge_id, document_id";
                await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
                while (await r.ReadAsync(cancellationToken))
                {
                    var id = r.GetInt64(0);
                    if (!evidence.TryGetValue(id, out var list)) evidence[id] = list = [];
                    list.AddRange(EvidenceCodec.Read(r, 1));
                }
            }
        }
        return [.. found.Select(f => new EdgeEvidence(relationships[f.Id], evidence.GetValueOrDefault(f.Id) ?? []))];
    }

    /// <summary>Edges from the nodes to which the documents contribute, aggregated over those contributions only: read
    /// through the contributions' document index, so a hub edge's other papers are never touched.</summary>
    private async Task<IReadOnlyList<EdgeEvidence>> EdgesOfDocumentsAsync(EdgeQuery query, List<string> types, CancellationToken ct)
    {
        if (query.Incoming) throw new ArgumentException("Edges restricted to documents are read from their source nodes only.", nameof(query));
        TrialQueries.CheckNodeCount(query.Documents!.Count);
        if (query.Documents.Count == 0) return [];
        await using var connection = await OpenReadAsync(ct);
        var byEdge = new Dictionary<EdgeKey, List<EdgeContribution>>();
        foreach (var chunk in query.NodeIds.Distinct(StringComparer.Ordinal).Chunk(400))
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"""
                SELECT e.src, e.type, e.dst, c.document_id, c.agent, c.publications, c.evidence, c.props
                FROM contributions c JOIN edges e ON e.id = c.edge_id
                WHERE c.document_id IN ({InList(cmd, [.. query.Documents.Distinct(StringComparer.Ordinal)], "d")})
                  AND e.src IN ({InList(cmd, chunk, "n")}) AND e.type IN ({InList(cmd, types, "t")})
                """;
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var key = new EdgeKey(r.GetString(0), r.GetString(1), r.GetString(2));
                if (!byEdge.TryGetValue(key, out var list)) byEdge[key] = list = [];
                list.Add(new EdgeContribution(r.GetString(3), r.GetString(4), GraphJson.Deserialize<List<string>>(r.GetString(5)),
                    EvidenceCodec.Read(r, 6), GraphJson.Deserialize<IReadOnlyDictionary<string, object?>>(r.GetString(7))));
            }
        }
        return [.. byEdge.OrderBy(kv => kv.Key, KeyOrder).Select(kv =>
        {
            var contributions = kv.Value.OrderBy(c => c.DocumentId, StringComparer.Ordinal).ToList();
            return new EdgeEvidence(RelationshipAggregator.Aggregate(kv.Key.Src, kv.Key.Type, kv.Key.Dst, contributions),
                query.WithEvidence ? [.. contributions.SelectMany(c => c.Evidence)] : []);
        })];
    }

    public Task<TrialCard?> GetTrialCardAsync(string trialId, CancellationToken cancellationToken = default) =>
        TrialQueries.CardAsync(this, trialId, cancellationToken);

    public Task<Page<EvidenceRow>> GetEvidenceTableAsync(EvidenceTableFilter filter, int limit, string? cursor, CancellationToken cancellationToken = default) =>
        TrialQueries.EvidenceTableAsync(this, filter, limit, cursor, cancellationToken);

    public Task<OutcomeMatrix> GetOutcomeMatrixAsync(EvidenceTableFilter filter, CancellationToken cancellationToken = default) =>
        TrialQueries.MatrixAsync(this, filter, cancellationToken);
}
