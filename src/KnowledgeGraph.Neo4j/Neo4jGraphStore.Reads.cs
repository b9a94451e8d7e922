using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Neo4j;

public sealed partial class Neo4jGraphStore
{
    private const int ExportPageSize = 500;

    public async Task<GraphNode?> GetNodeAsync(string id, CancellationToken cancellationToken = default)
    {
        var result = await ReadAsync(nameof(Neo4jStatements.GetNode), Neo4jStatements.GetNode,
            new() { ["id"] = id }, cancellationToken).ConfigureAwait(false);
        return result.Rows.Count > 0 ? Neo4jRows.ToNode(result.Rows[0][0]) : null;
    }

    public async Task<Page<GraphNode>> SearchNodesAsync(string? query, string? label, int limit, string? cursor, CancellationToken cancellationToken = default)
    {
        limit = Math.Max(1, limit);
        if (label is not null && !GraphSchema.NodeLabels.Contains(label)) return new Page<GraphNode>([], null);
        var q = string.IsNullOrWhiteSpace(query) ? null : query.Trim().ToLowerInvariant();
        // Cursor: "rank:id" of the last item, so a page boundary inside one rank keeps the ranking order.
        long? afterRank = null;
        string? afterId = null;
        if (PageCursor.DecodeKey(cursor) is { } decoded)
        {
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 1 || !long.TryParse(decoded[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var r))
                throw new ArgumentException("The cursor is not one this store issued.", nameof(cursor));
            afterRank = r;
            afterId = decoded[(colon + 1)..];
        }
        // A query of plain words goes through the full-text index; anything else (and no query) reads every node.
        var fulltext = q is null ? null : Neo4jFulltextQuery.For(q);
        var result = await ReadAsync(fulltext is null ? nameof(Neo4jStatements.SearchNodes) : nameof(Neo4jStatements.SearchNodesIndexed),
            fulltext is null ? Neo4jStatements.SearchNodes : Neo4jStatements.SearchNodesIndexed, new()
        {
            ["fulltext"] = fulltext,
            ["q"] = q,
            ["label"] = label,
            ["afterRank"] = afterRank,
            ["afterId"] = afterId,
            ["limit"] = limit + 1,
        }, cancellationToken).ConfigureAwait(false);
        var rows = result.Rows.Take(limit).ToList();
        var nodes = rows.Select(r => Neo4jRows.ToNode(result.Get(r, "node"))).ToList();
        var next = result.Rows.Count > limit
            ? PageCursor.EncodeKey($"{result.Get(rows[^1], "rank").GetInt64().ToString(CultureInfo.InvariantCulture)}:{nodes[^1].Id}")
            : null;
        return new Page<GraphNode>(nodes, next);
    }

    public async Task<Subgraph?> GetNeighborsAsync(string id, int depth, IReadOnlyCollection<string>? types, int limit, CancellationToken cancellationToken = default)
    {
        depth = Math.Clamp(depth, 1, Neo4jStatements.MaxDepth);
        limit = Math.Max(1, limit);
        var typeList = types is { Count: > 0 } ? types.Where(GraphSchema.RelationshipTypes.Contains).ToArray() : null;
        var result = await ReadAsync($"{nameof(Neo4jStatements.Neighbors)}({depth})", Neo4jStatements.Neighbors(depth), new()
        {
            ["id"] = id,
            ["types"] = typeList,
            ["more"] = limit - 1,
        }, cancellationToken).ConfigureAwait(false);
        if (result.Rows.Count == 0) return null;
        var row = result.Rows[0];
        var nodes = result.Get(row, "nodes").EnumerateArray().Select(Neo4jRows.ToNode).ToList();
        var rels = result.Get(row, "rels").EnumerateArray().Select(Neo4jRows.ToRelationship)
            .OrderBy(r => r.From, StringComparer.Ordinal).ThenBy(r => r.Type, StringComparer.Ordinal).ThenBy(r => r.To, StringComparer.Ordinal)
            .ToList();
        return new Subgraph(nodes, rels);
    }

    public async Task<GraphPath?> FindShortestPathAsync(string fromId, string toId, int maxHops, CancellationToken cancellationToken = default)
    {
        if (maxHops < 1) return null;
        if (fromId == toId)
            return await GetNodeAsync(fromId, cancellationToken).ConfigureAwait(false) is { } only ? new GraphPath([only], []) : null;
        var hops = Math.Min(maxHops, Neo4jStatements.MaxPathHops);
        var result = await ReadAsync($"{nameof(Neo4jStatements.ShortestPath)}({hops})", Neo4jStatements.ShortestPath(hops),
            new() { ["from"] = fromId, ["to"] = toId }, cancellationToken).ConfigureAwait(false);
        if (result.Rows.Count == 0) return null;
        var row = result.Rows[0];
        return new GraphPath(
            [.. result.Get(row, "nodes").EnumerateArray().Select(Neo4jRows.ToNode)],
            [.. result.Get(row, "rels").EnumerateArray().Select(Neo4jRows.ToRelationship)]);
    }

    public async Task<Subgraph> ExportAsync(CancellationToken cancellationToken = default)
    {
        var nodes = new List<GraphNode>();
        string? after = null;
        while (true)
        {
            var page = await ReadAsync(nameof(Neo4jStatements.ExportNodes), Neo4jStatements.ExportNodes,
                new() { ["after"] = after, ["limit"] = ExportPageSize }, cancellationToken).ConfigureAwait(false);
            nodes.AddRange(page.Rows.Select(r => Neo4jRows.ToNode(r[0])));
            if (page.Rows.Count < ExportPageSize) break;
            after = nodes[^1].Id;
        }

        var rels = new List<GraphRelationship>();
        after = null;
        while (true)
        {
            // Paged by source node: each page holds every relationship of ExportPageSize source nodes.
            var page = await ReadAsync(nameof(Neo4jStatements.ExportRelationships), Neo4jStatements.ExportRelationships,
                new() { ["after"] = after, ["limit"] = ExportPageSize }, cancellationToken).ConfigureAwait(false);
            if (page.Rows.Count == 0) break;
            rels.AddRange(page.Rows.Select(r => Neo4jRows.ToRelationship(page.Get(r, "rel"))));
            var sources = page.Rows.Select(r => page.Get(r, "from").GetString()!).Distinct().ToList();
            if (sources.Count < ExportPageSize) break;
            after = sources.Max(StringComparer.Ordinal);
        }
        return new Subgraph(
            [.. nodes.OrderBy(n => n.Id, StringComparer.Ordinal)],
            [.. rels.OrderBy(r => r.From, StringComparer.Ordinal).ThenBy(r => r.Type, StringComparer.Ordinal).ThenBy(r => r.To, StringComparer.Ordinal)]);
    }

    public async IAsyncEnumerable<GraphBatch> ExportBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? after = null;
        while (true)
        {
            // The vocabulary is not exported: every store writes its own on InitializeAsync.
            var page = await ReadAsync(nameof(Neo4jStatements.ExportBatches), Neo4jStatements.ExportBatches, new()
            {
                ["vocabularyId"] = EdgeContribution.VocabularyDocumentId,
                ["after"] = after,
                ["limit"] = ExportPageSize,
            }, cancellationToken).ConfigureAwait(false);
            foreach (var row in page.Rows)
            {
                var json = page.Get(row, "batch").GetString()!;
                yield return JsonSerializer.Deserialize<GraphBatch>(json, Neo4jJson.Options)
                    ?? throw new JsonException($"Stored batch of '{page.Get(row, "id").GetString()}' is empty.");
            }
            if (page.Rows.Count < ExportPageSize) yield break;
            after = page.Get(page.Rows[^1], "id").GetString();
        }
    }

    public async Task UpsertIngestionAsync(IngestionRecord record, CancellationToken cancellationToken = default)
    {
        await WriteAsync(nameof(Neo4jStatements.UpsertIngestion), Neo4jStatements.UpsertIngestion,
            new() { ["name"] = record.Name, ["record"] = IngestionProperties(record) }, cancellationToken).ConfigureAwait(false);
    }

    private static Dictionary<string, object?> IngestionProperties(IngestionRecord record) =>
        new()
        {
            ["name"] = record.Name,
            ["etag"] = record.ETag,
            ["contentHash"] = record.ContentHash,
            ["status"] = record.Status.ToString(),
            ["reason"] = record.Reason,
            ["attempts"] = (long)record.Attempts,
            ["documentIds"] = record.DocumentIds.ToArray(),
            ["updatedAt"] = record.UpdatedAt.ToString("O", CultureInfo.InvariantCulture),
        };

    public async Task<IngestionRecord?> GetIngestionAsync(string name, CancellationToken cancellationToken = default)
    {
        var result = await ReadAsync(nameof(Neo4jStatements.GetIngestion), Neo4jStatements.GetIngestion,
            new() { ["name"] = name }, cancellationToken).ConfigureAwait(false);
        return result.Rows.Count > 0 ? ToIngestion(result.Rows[0][0]) : null;
    }

    public async Task<IReadOnlyList<IngestionRecord>> FindIngestionsHoldingAsync(IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken = default)
    {
        if (documentIds.Count == 0) return [];
        var result = await ReadAsync(nameof(Neo4jStatements.FindIngestionsHolding), Neo4jStatements.FindIngestionsHolding,
            new() { ["ids"] = documentIds.Distinct(StringComparer.Ordinal).ToArray() }, cancellationToken).ConfigureAwait(false);
        return [.. result.Rows.Select(row => ToIngestion(row[0]))];
    }

    public async Task<Page<IngestionRecord>> ListIngestionsAsync(IngestionStatus? status, int limit, string? cursor, CancellationToken cancellationToken = default)
    {
        limit = Math.Max(1, limit);
        var result = await ReadAsync(nameof(Neo4jStatements.ListIngestions), Neo4jStatements.ListIngestions, new()
        {
            ["status"] = status?.ToString(),
            ["after"] = PageCursor.DecodeKey(cursor),
            ["limit"] = limit + 1,
        }, cancellationToken).ConfigureAwait(false);
        var items = result.Rows.Take(limit).Select(r => ToIngestion(r[0])).ToList();
        return new Page<IngestionRecord>(items, result.Rows.Count > limit ? PageCursor.EncodeKey(items[^1].Name) : null);
    }

    private static IngestionRecord ToIngestion(JsonElement map) => new(
        map.GetProperty("name").GetString()!,
        Optional(map, "etag"),
        Optional(map, "contentHash"),
        Enum.Parse<IngestionStatus>(map.GetProperty("status").GetString()!),
        Optional(map, "reason"),
        map.TryGetProperty("attempts", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetInt32() : 0,
        Neo4jRows.Strings(map, "documentIds"),
        DateTimeOffset.Parse(map.GetProperty("updatedAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));

    private static string? Optional(JsonElement map, string key) =>
        map.TryGetProperty(key, out var v) ? Neo4jRows.OptionalString(v) : null;
}
