using System.Runtime.CompilerServices;
using System.Text;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite;

public sealed partial class SqliteGraphStore
{
    private const string NodeColumns = "id, label, name, props";

    public async Task<string?> GetDocumentHashAsync(string documentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        return await ScalarAsync<string>(connection, null, "SELECT hash FROM documents WHERE id = $id", ("$id", documentId));
    }

    public async Task<GraphNode?> GetNodeAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        return await GetNodeAsync(connection, id, cancellationToken);
    }

    private static async Task<GraphNode?> GetNodeAsync(SqliteConnection connection, string id, CancellationToken ct)
    {
        await using var cmd = Command(connection, $"SELECT {NodeColumns} FROM nodes WHERE id = $id", ("$id", id));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? ReadNode(r) : null;
    }

    public async Task<Subgraph?> GetNeighborsAsync(string id, int depth, IReadOnlyCollection<string>? types, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(depth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, 3);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var typeSet = types is { Count: > 0 } ? types.Select(GraphSchema.RequireRelationship).ToHashSet(StringComparer.Ordinal) : null;
        await using var connection = await OpenReadAsync(cancellationToken);
        var start = await GetNodeAsync(connection, id, cancellationToken);
        if (start is null) return null;

        // Breadth-first, so the nodes kept under the limit are the nearest ones. Expansion reads edge keys only
        // (a concept touches thousands of papers) and stops reading once the limit is reached; only the edges
        // among the kept nodes are read with their aggregates.
        var order = new List<string> { id };
        var seen = new HashSet<string>(StringComparer.Ordinal) { id };
        var frontier = new List<string> { id };
        for (var level = 0; level < depth && frontier.Count > 0 && seen.Count < limit; level++)
        {
            var next = new List<string>();
            await foreach (var (src, _, dst) in EdgeKeysTouchingAsync(connection, frontier, typeSet, cancellationToken))
            {
                foreach (var n in (ReadOnlySpan<string>)[src, dst])
                {
                    if (seen.Count >= limit) break;
                    if (seen.Add(n)) { order.Add(n); next.Add(n); }
                }
                if (seen.Count >= limit) break;
            }
            frontier = next;
        }
        var nodes = await GetNodesAsync(connection, order, cancellationToken);
        var rels = await EdgesAmongAsync(connection, order, seen, typeSet, cancellationToken);
        return new Subgraph(nodes, rels);
    }

    public async Task<GraphPath?> FindShortestPathAsync(string fromId, string toId, int maxHops, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHops, 1);
        await using var connection = await OpenReadAsync(cancellationToken);
        if (await GetNodeAsync(connection, fromId, cancellationToken) is null || await GetNodeAsync(connection, toId, cancellationToken) is null)
            return null;
        if (fromId == toId) return new GraphPath(await GetNodesAsync(connection, [fromId], cancellationToken), []);

        // Bidirectional breadth-first search over edge keys: each side remembers the edge it arrived by; the
        // aggregates of the path's own edges are read at the end.
        var fromSide = new Dictionary<string, (string Prev, EdgeKey? Via)>(StringComparer.Ordinal) { [fromId] = (fromId, null) };
        var toSide = new Dictionary<string, (string Prev, EdgeKey? Via)>(StringComparer.Ordinal) { [toId] = (toId, null) };
        List<string> fromFrontier = [fromId], toFrontier = [toId];
        string? meet = null;
        for (var hops = 0; hops < maxHops && meet is null && fromFrontier.Count > 0 && toFrontier.Count > 0; hops++)
        {
            // An edge between the two frontiers closes the shortest path now; looking for one is a cheap indexed
            // query, whereas expanding a frontier of hub concepts reads tens of thousands of edges.
            var small = fromFrontier.Count <= MergedFrontier && toFrontier.Count <= MergedFrontier;
            if (small && await EdgeBetweenAsync(connection, fromFrontier, toFrontier, cancellationToken) is { } bridge)
            {
                var (a, b) = fromFrontier.Contains(bridge.Src) ? (bridge.Src, bridge.Dst) : (bridge.Dst, bridge.Src);
                toSide[a] = (b, bridge);
                meet = a;
                break;
            }
            // No edge joins the frontiers, so the shortest path is at least two hops longer than the two sides: one
            // node between them. When both frontiers are small, that middle node is found while one side streams its
            // edges, by asking the index which of the nodes just reached has an edge to the other frontier (a batch at
            // a time); reading stops at the first, so two hub concepts (a paper -> concept -> paper -> concept -> paper
            // path) cost a few batches rather than every paper of the hubs (up to 0.7 s at 200,000 papers).
            var meetInMiddle = small && hops + 2 <= maxHops;
            // Expand the side with fewer edges, not fewer nodes: ten hub concepts touch a hundred thousand edges, forty
            // trials a few hundred (a paper -> protection path read the hubs' papers and took up to a second at 20k papers).
            // Meeting in the middle stops early, so there both sides are counted only up to HubEdges.
            var expandFrom = await CheaperToExpandAsync(connection, fromFrontier, toFrontier, meetInMiddle ? HubEdges : long.MaxValue, cancellationToken);
            var (frontier, side, other, otherFrontier) = expandFrom ? (fromFrontier, fromSide, toSide, toFrontier) : (toFrontier, toSide, fromSide, fromFrontier);
            var inFrontier = new HashSet<string>(frontier, StringComparer.Ordinal);
            var next = new List<string>();
            var batch = new List<string>();
            // Edges stream in key order; the first that reaches the other side closes a shortest path, so reading stops there.
            await foreach (var e in EdgeKeysTouchingAsync(connection, frontier, null, cancellationToken))
            {
                foreach (var (here, there) in new[] { (e.Src, e.Dst), (e.Dst, e.Src) })
                {
                    if (!inFrontier.Contains(here) || side.ContainsKey(there)) continue;
                    side[there] = (here, e);
                    next.Add(there);
                    batch.Add(there);
                    if (other.ContainsKey(there)) { meet = there; break; }
                }
                if (meet is not null) break;
                if (meetInMiddle && batch.Count >= MiddleBatch)
                {
                    meet = await MiddleAsync(connection, batch, otherFrontier, other, cancellationToken);
                    if (meet is not null) break;
                    batch.Clear();
                }
            }
            if (meet is null && meetInMiddle && batch.Count > 0)
                meet = await MiddleAsync(connection, batch, otherFrontier, other, cancellationToken);
            if (meet is not null) break;
            if (expandFrom) fromFrontier = next; else toFrontier = next;
        }
        if (meet is null) return null;

        var ids = new List<string>();
        var keys = new List<EdgeKey>();
        for (var n = meet; ; n = fromSide[n].Prev)
        {
            ids.Insert(0, n);
            if (fromSide[n].Via is { } via) keys.Insert(0, via); else break;
        }
        for (var n = meet; toSide[n].Via is { } via; )
        {
            n = toSide[n].Prev;
            ids.Add(n);
            keys.Add(via);
        }
        var byId = (await GetNodesAsync(connection, ids, cancellationToken)).ToDictionary(x => x.Id, StringComparer.Ordinal);
        var rels = new List<GraphRelationship>(keys.Count);
        foreach (var k in keys) rels.Add((await GetRelationshipAsync(connection, k, cancellationToken))!);
        return new GraphPath([.. ids.Select(i => byId[i])], rels);
    }

    public async Task<IReadOnlyList<CellTypeSummary>> GetCellTypesAsync(string? mechanism, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        return await CellTypeSummariesAsync(connection, await CellTypeIdsAsync(connection, mechanism, cancellationToken), cancellationToken);
    }

    public async Task<CellTypeSummary?> GetCellTypeAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using (var cmd = Command(connection, "SELECT 1 FROM nodes WHERE id = $id AND label = 'CellType'", ("$id", id)))
            if (await cmd.ExecuteScalarAsync(cancellationToken) is null) return null;
        return (await CellTypeSummariesAsync(connection, [id], cancellationToken)).SingleOrDefault();
    }

    private async Task<IReadOnlyList<CellTypeSummary>> CellTypeSummariesAsync(SqliteConnection connection, IReadOnlyList<string> cellTypes, CancellationToken cancellationToken)
    {
        // Set-based: three queries for all cell types instead of three per cell type.
        var mechanisms = await GroupedAsync(connection, "SELECT src, dst FROM edges WHERE type = 'ACTS_VIA' AND src IN ({0}) ORDER BY src, dst", cellTypes, cancellationToken);
        // Trials are counted over the (dst, type, src) index and only the first few ids listed (see SqliteGraphStore.Aggregates).
        var (counts, trials) = await CellTypeTrialsAsync(connection, cellTypes, CellTypeSummary.MaxListedTrials, cancellationToken);
        var outcomes = await OutcomesAsync(connection, cellTypes, cancellationToken);
        var result = new List<CellTypeSummary>();
        foreach (var node in await GetNodesAsync(connection, cellTypes, cancellationToken))
        {
            result.Add(new CellTypeSummary(node.Id, node.Name, mechanisms.GetValueOrDefault(node.Id) ?? [], counts.GetValueOrDefault(node.Id),
                trials.GetValueOrDefault(node.Id) ?? [], outcomes.GetValueOrDefault(node.Id) ?? []));
        }
        return result;
    }

    public async Task<Page<TrialSummary>> GetTrialsAsync(TrialFilter filter, int limit, string? cursor, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var after = PageCursor.DecodeKey(cursor);
        await using var connection = await OpenReadAsync(cancellationToken);
        HashSet<string>? allowedCellTypes = null;
        if (filter.Mechanism is not null)
            allowedCellTypes = [.. await CellTypeIdsAsync(connection, filter.Mechanism, cancellationToken)];
        if (filter.CellType is not null)
        {
            var narrower = await NarrowerAsync(connection, filter.CellType, cancellationToken);
            allowedCellTypes = allowedCellTypes is null ? narrower : [.. allowedCellTypes.Intersect(narrower)];
        }

        // How every cell type acts (a few rows), once; what each trial tests, for the trials read so far only: reading
        // every TESTS edge on every page made listing all trials (the mechanism comparison) quadratic in the trials.
        var actsVia = await GroupedAsync(connection, "SELECT src, dst FROM edges WHERE type = 'ACTS_VIA'" + SqliteSchema.NotMentionsTerm + " ORDER BY src, dst", null, cancellationToken);
        // The trials are read in id order from the most selective index the filter allows (a status or phase facet
        // index, or the TESTS edges into the allowed cell types), so a rare filter value reads its few trials rather
        // than every trial (up to 140 ms at 200,000 papers); the other filters are checked on the rows read.
        var driver = await TrialDriverAsync(connection, filter, allowedCellTypes, cancellationToken);
        // A summary needs only id, name, phase and status: SQLite extracts the two facets, so no property map is parsed.
        var page = new List<(string Id, string Name, string? Phase, string? Status, List<string> CellTypes)>();
        var more = false;
        var chunkAfter = after;
        // The first chunk is the page (and one to tell whether there is more); later ones grow while the filter rejects.
        var size = Math.Min(TrialChunk, limit + 1);
        while (!more)
        {
            var chunk = new List<(string Id, string Name, string? Phase, string? Status)>(size);
            var ids = await NextTrialIdsAsync(connection, driver, chunkAfter, size, cancellationToken);
            if (ids.Count == 0) break;
            var rows = new Dictionary<string, (string Name, string? Phase, string? Status)>(ids.Count, StringComparer.Ordinal);
            await using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = $"""
                    SELECT id, name, {SqliteQuerySchema.Phase}, {SqliteQuerySchema.Status} FROM nodes
                    WHERE id IN ({InList(cmd, ids, "i")}) AND label = 'Trial'
                    """;
                await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
                while (await r.ReadAsync(cancellationToken))
                    rows[r.GetString(0)] = (r.GetString(1), r.GetValue(2) as string, r.GetValue(3) as string);
            }
            foreach (var id in ids)
                if (rows.TryGetValue(id, out var row)) chunk.Add((id, row.Name, row.Phase, row.Status));
            chunkAfter = ids[^1];
            var tested = await GroupedAsync(connection, "SELECT src, dst FROM edges WHERE type = 'TESTS' AND src IN ({0}) ORDER BY src, dst",
                [.. chunk.Select(c => c.Id)], cancellationToken);
            foreach (var (id, name, phase, status) in chunk)
            {
                if (filter.Phase is not null && !TrialFacets.PhaseMatches(phase, filter.Phase)) continue;
                if (filter.Status is not null && !TrialFacets.StatusMatches(status, filter.Status)) continue;
                var cellTypes = tested.GetValueOrDefault(id) ?? [];
                if (allowedCellTypes is not null && !cellTypes.Any(allowedCellTypes.Contains)) continue;
                if (page.Count == limit) { more = true; break; }
                page.Add((id, name, phase, status, cellTypes));
            }
            if (ids.Count < size) break;
            size = Math.Min(TrialChunk, size * 2);
        }
        var outcomes = await OutcomesAsync(connection, [.. page.Select(p => p.Id)], cancellationToken);
        var items = page.Select(p =>
        {
            var mechanisms = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var ct in p.CellTypes) mechanisms.UnionWith(actsVia.GetValueOrDefault(ct) ?? []);
            return new TrialSummary(p.Id, p.Name, p.Phase, p.Status, p.CellTypes, [.. mechanisms], outcomes.GetValueOrDefault(p.Id) ?? []);
        }).ToList();
        return new Page<TrialSummary>(items, more ? PageCursor.EncodeKey(page[^1].Id) : null);
    }

    /// <summary>Where a trial listing reads its trial ids from, in id order: all trials (no arms), or the union of arms
    /// (one facet value or one cell type each) over an index that yields them in id order.</summary>
    private sealed record TrialDriver(string? Sql, IReadOnlyList<string> Values);

    // Distinct phase (or status) values looked at before a facet filter gives up its index and reads all trials in id order.
    private const int MaxFacetValues = 200;

    private static async Task<TrialDriver> TrialDriverAsync(SqliteConnection connection, TrialFilter filter, HashSet<string>? allowedCellTypes, CancellationToken ct)
    {
        if (allowedCellTypes is { Count: 0 }) return new TrialDriver("", []);
        if (filter.Status is not null && await FacetValuesAsync(connection, SqliteQuerySchema.Status, SqliteQuerySchema.StatusIndex, v => TrialFacets.StatusMatches(v, filter.Status), ct) is { } statuses)
            return new TrialDriver($"SELECT id FROM nodes WHERE label = 'Trial' AND {SqliteQuerySchema.Status} = {{0}}", statuses);
        if (filter.Phase is not null && await FacetValuesAsync(connection, SqliteQuerySchema.Phase, SqliteQuerySchema.PhaseIndex, v => TrialFacets.PhaseMatches(v, filter.Phase), ct) is { } phases)
            return new TrialDriver($"SELECT id FROM nodes WHERE label = 'Trial' AND {SqliteQuerySchema.Phase} = {{0}}", phases);
        if (allowedCellTypes is not null && allowedCellTypes.Count <= MaxFacetValues)
            return new TrialDriver("SELECT src FROM edges WHERE dst = {0} AND type = 'TESTS'" + SqliteSchema.NotMentionsTerm, [.. allowedCellTypes.Order(StringComparer.Ordinal)]);
        return new TrialDriver(null, []);
    }

    /// <summary>The distinct text values of a trial facet that <paramref name="matches"/> accepts, found by stepping the
    /// facet's index from value to value (one seek each); null when there are more than <see cref="MaxFacetValues"/>.</summary>
    private static async Task<List<string>?> FacetValuesAsync(SqliteConnection connection, string expression, string index, Func<string, bool> matches, CancellationToken ct)
    {
        var found = new List<string>();
        object? previous = null;
        for (var i = 0; i <= MaxFacetValues; i++)
        {
            // From the least text value ('' and up: NULLs and numbers sort below text and are never a match) to the next.
            await using var cmd = Command(connection, $"""
                SELECT {expression} FROM nodes INDEXED BY {index} WHERE label = 'Trial' AND {expression} {(previous is null ? ">=" : ">")} $p
                ORDER BY {expression} LIMIT 1
                """, ("$p", previous ?? ""));
            var value = await cmd.ExecuteScalarAsync(ct);
            if (value is null or DBNull) return found;
            if (value is string text && matches(text)) found.Add(text);
            previous = value;
        }
        return null;
    }

    /// <summary>The next <paramref name="size"/> trial ids after <paramref name="after"/> in id order, from the driver's index.</summary>
    private static async Task<List<string>> NextTrialIdsAsync(SqliteConnection connection, TrialDriver driver, string? after, int size, CancellationToken ct)
    {
        if (driver.Sql is "") return [];
        await using var cmd = connection.CreateCommand();
        cmd.Parameters.AddWithValue("$chunk", size);
        var afterClause = after is null ? "" : " AND id > $after";
        if (after is not null) cmd.Parameters.AddWithValue("$after", after);
        if (driver.Sql is null)
            cmd.CommandText = $"SELECT id FROM nodes WHERE label = 'Trial'{afterClause} ORDER BY id LIMIT $chunk";
        else
        {
            var column = driver.Sql.StartsWith("SELECT src", StringComparison.Ordinal) ? "src" : "id";
            var arms = new List<string>();
            for (var i = 0; i < driver.Values.Count; i++)
            {
                cmd.Parameters.AddWithValue($"$v{i}", driver.Values[i]);
                arms.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, driver.Sql, $"$v{i}") + afterClause.Replace("id", column, StringComparison.Ordinal));
            }
            if (arms.Count == 0) return [];
            // A compound SELECT ordered by its column merges the arms, each already in id order from its index; UNION
            // drops a trial reached by two arms (testing two allowed cell types).
            cmd.CommandText = string.Join("\nUNION\n", arms) + "\nORDER BY 1 LIMIT $chunk";
        }
        return await ReadIdsAsync(cmd, ct);
    }

    private static async Task<List<string>> ReadIdsAsync(SqliteCommand cmd, CancellationToken ct)
    {
        var ids = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) ids.Add(r.GetString(0));
        return ids;
    }

    public async Task<EdgeEvidence?> GetEvidenceAsync(string fromId, string type, string toId, CancellationToken cancellationToken = default)
    {
        GraphSchema.RequireRelationship(type);
        await using var connection = await OpenReadAsync(cancellationToken);
        if (await ScalarAsync<long?>(connection, null, "SELECT id FROM edges WHERE src = $s AND type = $t AND dst = $d",
                ("$s", fromId), ("$t", type), ("$d", toId)) is not { } edgeId)
            return null;
        var rel = (await RelationshipsAsync(connection, [edgeId], cancellationToken))[edgeId];
        var evidence = new List<EvidenceSentence>();
        await using var cmd = Command(connection, "SELECT evidence FROM contributions WHERE edge_id = $id ORDER BY document_id", ("$id", edgeId));
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            evidence.AddRange(EvidenceCodec.Read(r, 0));
        return new EdgeEvidence(rel, evidence);
    }

    public async Task<EdgeEvidencePage?> GetEvidencePageAsync(string fromId, string type, string toId, int limit, string? cursor, CancellationToken cancellationToken = default)
    {
        GraphSchema.RequireRelationship(type);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var from = EvidencePaging.Decode(cursor);
        await using var connection = await OpenReadAsync(cancellationToken);
        if (await ScalarAsync<long?>(connection, null, "SELECT id FROM edges WHERE src = $s AND type = $t AND dst = $d",
                ("$s", fromId), ("$t", type), ("$d", toId)) is not { } edgeId)
            return null;
        var rel = (await RelationshipsAsync(connection, [edgeId], cancellationToken))[edgeId];
        // From the cursor's document on, by the (edge_id, document_id) key: reading stops after the page.
        await using var cmd = Command(connection, "SELECT document_id, evidence FROM contributions WHERE edge_id = $id AND document_id >= $from ORDER BY document_id",
            ("$id", edgeId), ("$from", from?.DocumentId ?? ""));
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        var (page, next) = await EvidencePaging.CollectAsync(Rows(r, cancellationToken), limit, from, cancellationToken);
        return new EdgeEvidencePage(rel, page, next);

        static async IAsyncEnumerable<(string, IReadOnlyList<EvidenceSentence>)> Rows(SqliteDataReader r, [EnumeratorCancellation] CancellationToken ct)
        {
            while (await r.ReadAsync(ct)) yield return (r.GetString(0), EvidenceCodec.Read(r, 1));
        }
    }

    public async Task<Subgraph> ExportAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        var nodes = new List<GraphNode>();
        await using (var cmd = Command(connection, $"SELECT {NodeColumns} FROM nodes ORDER BY id"))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
            while (await r.ReadAsync(cancellationToken)) nodes.Add(ReadNode(r));
        var ids = new List<long>();
        await using (var cmd = Command(connection, "SELECT id FROM edges ORDER BY src, type, dst"))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
            while (await r.ReadAsync(cancellationToken)) ids.Add(r.GetInt64(0));
        var byId = await RelationshipsAsync(connection, ids, cancellationToken);
        return new Subgraph(nodes, [.. ids.Select(i => byId[i])]);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private static GraphNode ReadNode(SqliteDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), GraphJson.Deserialize<IReadOnlyDictionary<string, object?>>(r.GetString(3)));

    private static async Task<List<GraphNode>> GetNodesAsync(SqliteConnection connection, IReadOnlyList<string> ids, CancellationToken ct)
    {
        var byId = new Dictionary<string, GraphNode>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(500))
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT {NodeColumns} FROM nodes WHERE id IN ({InList(cmd, chunk, "n")})";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) { var n = ReadNode(r); byId[n.Id] = n; }
        }
        return [.. ids.Where(byId.ContainsKey).Select(i => byId[i])];
    }

    private readonly record struct EdgeKey(string Src, string Type, string Dst);

    // Trials read (with what they test) per step of a trial listing.
    private const int TrialChunk = 256;

    // Up to this many nodes, edges touching a frontier are merged from per-node index-ordered streams.
    private const int MergedFrontier = 32;

    private static readonly Comparer<EdgeKey> KeyOrder = Comparer<EdgeKey>.Create((a, b) =>
    {
        var c = string.CompareOrdinal(a.Src, b.Src);
        if (c == 0) c = string.CompareOrdinal(a.Type, b.Type);
        return c != 0 ? c : string.CompareOrdinal(a.Dst, b.Dst);
    });

    /// <summary>
    /// Keys of the edges touching any of <paramref name="ids"/> (either end), in (src, type, dst) order per chunk of
    /// ids, each once, streamed so a caller can stop early. A small frontier is a k-way merge of streams that the
    /// indexes already deliver in that order (outgoing by (src, type, dst), incoming by (dst, src, type)), so a
    /// concept with thousands of papers yields its first neighbours without its edges being read and sorted.
    /// </summary>
    private static async IAsyncEnumerable<EdgeKey> EdgeKeysTouchingAsync(SqliteConnection connection, IReadOnlyCollection<string> ids,
        HashSet<string>? types, [EnumeratorCancellation] CancellationToken ct)
    {
        var seen = new HashSet<EdgeKey>();
        if (ids.Count <= MergedFrontier)
        {
            var commands = new List<SqliteCommand>();
            var readers = new List<SqliteDataReader>();
            try
            {
                foreach (var id in ids)
                {
                    foreach (var sql in OrderedSides)
                    {
                        var cmd = connection.CreateCommand();
                        commands.Add(cmd);
                        cmd.Parameters.AddWithValue("$id", id);
                        var typeClause = types is null ? "" : $" AND type IN ({InList(cmd, [.. types], "t")}){SqliteSchema.NotMentionsWhen(types)}";
                        cmd.CommandText = string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, typeClause);
                        readers.Add(await cmd.ExecuteReaderAsync(ct));
                    }
                }
                var queue = new PriorityQueue<int, EdgeKey>(KeyOrder);
                for (var i = 0; i < readers.Count; i++)
                    if (await readers[i].ReadAsync(ct)) queue.Enqueue(i, Key(readers[i]));
                while (queue.TryDequeue(out var i, out var key))
                {
                    if (seen.Add(key)) yield return key;
                    if (await readers[i].ReadAsync(ct)) queue.Enqueue(i, Key(readers[i]));
                }
            }
            finally
            {
                foreach (var r in readers) await r.DisposeAsync();
                foreach (var c in commands) await c.DisposeAsync();
            }
            yield break;
        }
        foreach (var chunk in ids.Chunk(400))
        {
            await using var cmd = connection.CreateCommand();
            var list = InList(cmd, chunk, "n");
            var typeClause = types is null ? "" : $" AND type IN ({InList(cmd, [.. types], "t")}){SqliteSchema.NotMentionsWhen(types)}";
            cmd.CommandText = $"""
                SELECT src, type, dst FROM edges WHERE src IN ({list}){typeClause}
                UNION
                SELECT src, type, dst FROM edges WHERE dst IN ({list}){typeClause}
                ORDER BY 1, 2, 3
                """;
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var key = Key(r);
                if (seen.Add(key)) yield return key;
            }
        }
    }

    /// <summary>
    /// True when the edges touching <paramref name="a"/> are no more than those touching <paramref name="b"/>. Both are
    /// counted from the indexes up to a cap that grows sixteenfold until one side is under it, so the count costs about
    /// twice the smaller side, never the hub's whole edge list.
    /// </summary>
    /// <remarks>Counting stops at <paramref name="maxCap"/>: when both sides reach it, the side with fewer nodes.</remarks>
    private static async Task<bool> CheaperToExpandAsync(SqliteConnection connection, IReadOnlyList<string> a, IReadOnlyList<string> b, long maxCap, CancellationToken ct)
    {
        for (long cap = 256; cap <= Math.Min(maxCap, 1 << 24); cap *= 16)
        {
            var ca = await EdgeCountAsync(connection, a, cap, ct);
            var cb = await EdgeCountAsync(connection, b, cap, ct);
            if (ca < cap || cb < cap) return ca <= cb;
        }
        return a.Count <= b.Count;
    }

    /// <summary>Edges touching <paramref name="ids"/> (either end; an edge between two of them counts twice), at most <paramref name="cap"/>.</summary>
    private static async Task<long> EdgeCountAsync(SqliteConnection connection, IReadOnlyList<string> ids, long cap, CancellationToken ct)
    {
        long total = 0;
        foreach (var chunk in ids.Chunk(400))
        {
            await using var cmd = connection.CreateCommand();
            var list = InList(cmd, chunk, "n");
            cmd.Parameters.AddWithValue("$cap", cap - total);
            cmd.CommandText = $"""
                SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM edges WHERE src IN ({list}) LIMIT $cap))
                     + (SELECT COUNT(*) FROM (SELECT 1 FROM edges WHERE dst IN ({list}) LIMIT $cap))
                """;
            total += (long)(await cmd.ExecuteScalarAsync(ct))!;
            if (total >= cap) return cap;
        }
        return total;
    }

    /// <summary>
    /// Of <paramref name="reached"/> (just reached by one side, none in the other side), the least by bridge edge that
    /// has an edge to a node of <paramref name="otherFrontier"/>: recorded in <paramref name="other"/> as reached from
    /// there, and returned as the meeting node; null when none has.
    /// </summary>
    private static async Task<string?> MiddleAsync(SqliteConnection connection, List<string> reached, IReadOnlyList<string> otherFrontier,
        Dictionary<string, (string Prev, EdgeKey? Via)> other, CancellationToken ct)
    {
        if (await EdgeBetweenAsync(connection, reached, otherFrontier, ct) is not { } bridge) return null;
        var (middle, far) = reached.Contains(bridge.Src) ? (bridge.Src, bridge.Dst) : (bridge.Dst, bridge.Src);
        other[middle] = (far, bridge);
        return middle;
    }

    // Both ends of a path search count edges up to this many when they may meet in the middle.
    private const long HubEdges = 4096;

    // Nodes reached per question "which of these has an edge to the other frontier".
    private const int MiddleBatch = 256;

    private static readonly string[] OrderedSides =
    [
        "SELECT src, type, dst FROM edges WHERE src = $id{0} ORDER BY type, dst",
        "SELECT src, type, dst FROM edges WHERE dst = $id{0} ORDER BY src, type",
    ];

    private static EdgeKey Key(SqliteDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2));

    /// <summary>The edges whose both ends are in <paramref name="kept"/>, by (src, type, dst).</summary>
    private async Task<List<GraphRelationship>> EdgesAmongAsync(SqliteConnection connection, IReadOnlyList<string> ids,
        HashSet<string> kept, HashSet<string>? types, CancellationToken ct)
    {
        var found = new List<(EdgeKey Key, long Id)>();
        foreach (var chunk in ids.Chunk(400))
        {
            await using var cmd = connection.CreateCommand();
            var list = InList(cmd, chunk, "n");
            var typeClause = types is null ? "" : $" AND type IN ({InList(cmd, [.. types], "t")})";
            cmd.CommandText = $"SELECT src, type, dst, id FROM edges WHERE src IN ({list}){typeClause}";
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var dst = r.GetString(2);
                if (kept.Contains(dst)) found.Add((new EdgeKey(r.GetString(0), r.GetString(1), dst), r.GetInt64(3)));
            }
        }
        found.Sort((a, b) => (string.CompareOrdinal(a.Key.Src, b.Key.Src), string.CompareOrdinal(a.Key.Type, b.Key.Type)) switch
        {
            (not 0 and var c, _) => c,
            (_, not 0 and var c) => c,
            _ => string.CompareOrdinal(a.Key.Dst, b.Key.Dst),
        });
        var byId = await RelationshipsAsync(connection, [.. found.Select(f => f.Id)], ct);
        return [.. found.Select(f => byId[f.Id])];
    }

    /// <summary>An edge (either direction) from a node of <paramref name="a"/> to a node of <paramref name="b"/>, the
    /// least by (src, type, dst); null when there is none.</summary>
    private static async Task<EdgeKey?> EdgeBetweenAsync(SqliteConnection connection, IReadOnlyList<string> a, IReadOnlyList<string> b, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        var la = InList(cmd, a, "a");
        var lb = InList(cmd, b, "b");
        cmd.CommandText = $"""
            SELECT src, type, dst FROM edges WHERE src IN ({la}) AND dst IN ({lb})
            UNION SELECT src, type, dst FROM edges WHERE src IN ({lb}) AND dst IN ({la})
            ORDER BY 1, 2, 3 LIMIT 1
            """;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? Key(r) : null;
    }

    private async Task<GraphRelationship?> GetRelationshipAsync(SqliteConnection connection, EdgeKey key, CancellationToken ct)
    {
        if (await ScalarAsync<long?>(connection, null, "SELECT id FROM edges WHERE src = $s AND type = $t AND dst = $d",
                ("$s", key.Src), ("$t", key.Type), ("$d", key.Dst)) is not { } id)
            return null;
        return (await RelationshipsAsync(connection, [id], ct))[id];
    }

    /// <summary>
    /// Builds relationships from their stored totals and the document and publication lists of their contributions
    /// (set-based queries per 400 edges; the lists from an index-only scan, or from <see cref="_provenance"/> for
    /// widely shared edges while the database is unchanged), exactly as <see cref="RelationshipAggregator.Aggregate"/>
    /// would from the contributions.
    /// </summary>
    private async Task<Dictionary<long, GraphRelationship>> RelationshipsAsync(SqliteConnection connection, IReadOnlyList<long> ids, CancellationToken ct)
    {
        var result = new Dictionary<long, GraphRelationship>(ids.Count);
        // Read before the lists: a write committed in between bumps it again, so nothing stale can be kept.
        var generation = await ScalarAsync<long?>(connection, null, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'") ?? 0;
        foreach (var chunk in ids.Distinct().Chunk(400))
        {
            var heads = new Dictionary<long, (string Src, string Type, string Dst, RelationshipAggregator.Totals Totals)>(chunk.Length);
            var cached = new Dictionary<long, (string[] Publications, string[] Documents)>();
            var documents = new Dictionary<long, List<string>>(chunk.Length);
            var publications = new Dictionary<long, SortedSet<string>>(chunk.Length);
            await using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = $"SELECT e.id, e.src, e.type, e.dst, {TotalsColumns} FROM edges e JOIN edge_stats s ON s.edge_id = e.id WHERE e.id IN ({InList(cmd, chunk)})";
                await using (var r = await cmd.ExecuteReaderAsync(ct))
                    while (await r.ReadAsync(ct))
                        heads[r.GetInt64(0)] = (r.GetString(1), r.GetString(2), r.GetString(3), ReadTotals(r, 4)!);
            }
            List<long> missing = [];
            foreach (var id in heads.Keys)
            {
                if (_provenance.TryGet(generation, id, out var lists)) cached[id] = lists;
                else missing.Add(id);
            }
            // Both lists from one index-only scan of the partial lists index (SqliteSchema.ContributionListsIndex), not from
            // the rows that carry the evidence; a MENTIONS edge's one contribution is not in it and is read by the primary key.
            var mentions = missing.Where(id => heads[id].Type == GraphSchema.Relationships.Mentions).ToList();
            var listed = missing.Where(id => heads[id].Type != GraphSchema.Relationships.Mentions).ToList();
            foreach (var (part, term) in new[] { (listed, " AND mention = 0"), (mentions, "") })
            {
                if (part.Count == 0) continue;
                await using var cmd = connection.CreateCommand();
                cmd.CommandText = $"SELECT edge_id, document_id, publications FROM contributions WHERE edge_id IN ({InList(cmd, part)}){term}";
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    var id = r.GetInt64(0);
                    if (!documents.TryGetValue(id, out var docs)) documents[id] = docs = [];
                    docs.Add(r.GetString(1));
                    if (!publications.TryGetValue(id, out var pubs)) publications[id] = pubs = new SortedSet<string>(StringComparer.Ordinal);
                    pubs.UnionWith(GraphJson.Deserialize<string[]>(r.GetString(2)));
                }
            }
            foreach (var (id, (src, type, dst, totals)) in heads)
            {
                if (!cached.TryGetValue(id, out var lists))
                {
                    var docs = documents.GetValueOrDefault(id) ?? [];
                    docs.Sort(StringComparer.Ordinal);
                    lists = ([.. publications.GetValueOrDefault(id) ?? []], [.. docs]);
                    _provenance.Add(generation, id, lists.Publications, lists.Documents);
                }
                result[id] = RelationshipAggregator.Build(src, type, dst, totals, lists.Publications, lists.Documents);
            }
        }
        return result;
    }

    /// <summary>Runs a two-column query (key, value; ordered by key, value) and groups the values by key. The SQL's
    /// <c>{0}</c> becomes a parameter list of <paramref name="keys"/> (chunked); null keys means the SQL has no list.</summary>
    private static async Task<Dictionary<string, List<string>>> GroupedAsync(SqliteConnection connection, string sql, IReadOnlyList<string>? keys, CancellationToken ct)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var chunk in keys is null ? [null] : keys.Chunk(400).Select(c => (string[]?)c))
        {
            if (chunk is { Length: 0 }) continue;
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = chunk is null ? sql : string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, InList(cmd, chunk, "k"));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var key = r.GetString(0);
                if (!result.TryGetValue(key, out var list)) result[key] = list = [];
                list.Add(r.GetString(1));
            }
        }
        return result;
    }

    private static string InList(SqliteCommand cmd, IReadOnlyList<long> values)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append("$e").Append(i);
            cmd.Parameters.AddWithValue("$e" + i, values[i]);
        }
        return sb.ToString();
    }

    private static string InList(SqliteCommand cmd, IReadOnlyList<string> values, string prefix)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) sb.Append(", ");
            var name = $"${prefix}{i}";
            sb.Append(name);
            cmd.Parameters.AddWithValue(name, values[i]);
        }
        return sb.ToString();
    }

    private static async Task<List<string>> ListAsync(SqliteConnection connection, string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var cmd = Command(connection, sql, parameters);
        var list = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(r.GetString(0));
        return list;
    }

    /// <summary>The concept and every concept BROADER points up to it from, transitively.</summary>
    private static async Task<HashSet<string>> NarrowerAsync(SqliteConnection connection, string id, CancellationToken ct) =>
        [.. await ListAsync(connection, $"""
            WITH RECURSIVE narrower(id) AS (
                SELECT $id UNION SELECT e.src FROM edges e JOIN narrower n ON e.dst = n.id WHERE e.type = 'BROADER' AND e.{SqliteSchema.NotMentions})
            SELECT id FROM narrower
            """, ct, ("$id", id))];

    /// <summary>Cell types acting via the mechanism or a narrower one (all cell types when null), by id.</summary>
    private static async Task<List<string>> CellTypeIdsAsync(SqliteConnection connection, string? mechanism, CancellationToken ct)
    {
        if (mechanism is null)
            return await ListAsync(connection, "SELECT id FROM nodes WHERE label = 'CellType' ORDER BY id", ct);
        // Cell types acting via the mechanism or any narrower one, in one recursive query.
        return await ListAsync(connection, $"""
            WITH RECURSIVE narrower(id) AS (
                SELECT $id UNION SELECT e.src FROM edges e JOIN narrower n ON e.dst = n.id WHERE e.type = 'BROADER' AND e.{SqliteSchema.NotMentions})
            SELECT DISTINCT e.src FROM edges e JOIN narrower n ON e.dst = n.id WHERE e.type = 'ACTS_VIA' AND e.{SqliteSchema.NotMentions} ORDER BY e.src
            """, ct, ("$id", mechanism));
    }

    /// <summary>Outcomes reported (REPORTS_OUTCOME) or measured (MEASURES) from each source, evidence summed per outcome,
    /// by outcome id; counts come from <c>edge_stats</c>, so no aggregate is parsed.</summary>
    private static async Task<Dictionary<string, List<OutcomeSummary>>> OutcomesAsync(SqliteConnection connection, IReadOnlyList<string> sources, CancellationToken ct)
    {
        var bySource = new Dictionary<string, SortedDictionary<string, OutcomeSummary>>(StringComparer.Ordinal);
        foreach (var chunk in sources.Chunk(400))
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"""
                SELECT e.src, e.dst, n.name, s.evidence, s.positive, s.negative
                FROM edges e JOIN nodes n ON n.id = e.dst JOIN edge_stats s ON s.edge_id = e.id
                WHERE e.src IN ({InList(cmd, chunk, "n")}) AND e.type IN ('REPORTS_OUTCOME', 'MEASURES')
                """;
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var src = r.GetString(0);
                var outcome = r.GetString(1);
                if (!bySource.TryGetValue(src, out var byOutcome)) bySource[src] = byOutcome = new SortedDictionary<string, OutcomeSummary>(StringComparer.Ordinal);
                var prev = byOutcome.GetValueOrDefault(outcome);
                byOutcome[outcome] = new OutcomeSummary(outcome, r.GetString(2),
                    (prev?.PositiveEvidence ?? 0) + r.GetInt32(4), (prev?.NegativeEvidence ?? 0) + r.GetInt32(5), (prev?.EvidenceCount ?? 0) + r.GetInt32(3));
            }
        }
        return bySource.ToDictionary(kv => kv.Key, kv => kv.Value.Values.ToList(), StringComparer.Ordinal);
    }
}
