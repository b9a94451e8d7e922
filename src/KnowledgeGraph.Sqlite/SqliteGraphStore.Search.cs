using System.Text;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite;

/// <summary>
/// Search through the index of <see cref="SqliteSearchSchema"/>, ranked as <see cref="IGraphStore.SearchNodesAsync"/>
/// says (a line of the node's search text equal to the query, then one starting with it, then one containing it; ties
/// by id). Until this index, search read the search text of every node on every call, which grows with the graph.
/// </summary>
/// <remarks>
/// Two regimes, picked per query by how many terms the trigram index offers (counting stops at
/// <see cref="SparseCandidatesOverride"/>): a query matched by few terms is answered from those terms alone (checked with
/// <c>instr</c>, ranked, sorted); a query matched by many is answered rank by rank: exact and prefix matches are
/// B-tree ranges of (term, label, node_id), and what is left is read in id order from the (label, id, search) index,
/// where matches are dense, so a page fills after a few rows per hit and reading stops there. Neither regime reads a
/// number of rows that grows with the graph for a fixed density of matches. Queries of one or two characters have no
/// trigram; their substring rank is read in id order (such short queries match most nodes, so this stops early; a rare
/// one reads the index through). A query holding a line break or NUL cannot be a term and keeps the former full scan.
/// </remarks>
public sealed partial class SqliteGraphStore
{
    /// <summary>Up to this many candidate terms a query is answered from its candidates; beyond, rank by rank in id order.
    /// Null (the default): about the square root of (page end x nodes searched), between 256 and 4,000, which balances
    /// the two regimes' worst cases (sorting that many candidates against reading nodes/that many rows per hit in id
    /// order). Settable so tests can drive small graphs through both regimes.</summary>
    internal int? SparseCandidatesOverride { get; set; }

    private async Task<int> SparseCandidatesAsync(SqliteConnection connection, string? label, long need, CancellationToken ct)
    {
        if (SparseCandidatesOverride is { } fixedValue) return fixedValue;
        // Node counts are running totals (graph_counts): a lookup, not a count.
        var nodes = await ScalarAsync<long?>(connection, null,
            "SELECT SUM(count) FROM graph_counts WHERE kind = 'node' AND ($label IS NULL OR name = $label)", ("$label", label)) ?? 0;
        return (int)Math.Clamp(Math.Sqrt((double)need * Math.Max(1, nodes)), 256, 4000);
    }

    /// <summary>Trigrams ANDed into one index query: a spread of the query's non-overlapping trigrams (more add work, not precision).</summary>
    private const int MaxTrigrams = 6;

    private const string RankExpression = """
        CASE WHEN instr(char(10) || search || char(10), char(10) || $q || char(10)) > 0 THEN 0
             WHEN instr(char(10) || search, char(10) || $q) > 0 THEN 1
             WHEN instr(search, $q) > 0 THEN 2
             ELSE 3 END
        """;

    public async Task<Page<GraphNode>> SearchNodesAsync(string? query, string? label, int limit, string? cursor, CancellationToken cancellationToken = default)
    {
        if (label is not null) GraphSchema.RequireLabel(label);
        var offset = PageCursor.DecodeOffset(cursor);
        await using var connection = await OpenReadAsync(cancellationToken);
        var q = query?.Trim().ToLowerInvariant() ?? "";
        var need = (long)offset + limit + 1;
        List<string> ranked;
        if (q.Length == 0) ranked = await ListByIdAsync(connection, label, need, cancellationToken);
        else if (q.Contains('\n') || q.Contains('\0')) ranked = await ScanSearchAsync(connection, q, label, need, cancellationToken);
        else
        {
            var sparse = await SparseCandidatesAsync(connection, label, need, cancellationToken);
            ranked = await RankedIdsAsync(connection, q, label, need, sparse, cancellationToken);
        }
        var pageIds = ranked.Skip(offset).Take(limit + 1).ToList();
        var items = await GetNodesAsync(connection, pageIds, cancellationToken);
        var more = items.Count > limit;
        if (more) items.RemoveAt(items.Count - 1);
        return new Page<GraphNode>(items, more ? PageCursor.EncodeOffset(offset + limit) : null);
    }

    /// <summary>The first <paramref name="need"/> ids of the ranking, through the index.</summary>
    private static async Task<List<string>> RankedIdsAsync(SqliteConnection connection, string q, string? label, long need, int sparse, CancellationToken ct)
    {
        var match = TrigramMatch(q);
        // With a label, its trigrams narrow the candidates inside the index: a term dense in other labels offers none.
        var labelMatch = match is null || label is null ? match : LabelTrigrams(label) + " AND " + match;
        if (labelMatch is not null && await CountCandidatesAsync(connection, labelMatch, sparse + 1, ct) <= sparse)
            return await CandidateIdsAsync(connection, q, labelMatch, label, null, sparse + 1, need, ct);
        // Trigrams without positions over-approximate (e.g. 'fore': thousands of terms hold 'for' and 'ore', one holds
        // 'fore'), and few real matches would make the id-order walk read the whole label. Up to WideCandidates x
        // sparse candidates, a sample decides: if it suggests few real matches, all candidates are read and checked.
        // The sample comes first: when over a quarter of it is real, more than sparse candidates hold more than
        // sparse / 4 real matches: dense enough for the walk, and the wide count is skipped.
        if (labelMatch is not null)
        {
            var (sampled, real) = await RealAmongFirstAsync(connection, q, labelMatch, label, CandidateSample, ct);
            if (real * WideCandidates <= sampled)
            {
                var wide = WideCandidates * sparse;
                var total = await CountCandidatesAsync(connection, labelMatch, wide + 1, ct);
                if (total <= wide && (double)real * total / Math.Max(1, sampled) <= sparse)
                    return await CandidateIdsAsync(connection, q, labelMatch, label, null, wide + 1, need, ct);
            }
        }

        if (HasPrefixKey(q)) return await OrderedRanksAsync(connection, q, labelMatch, label, need, sparse, ct);

        var result = new List<string>();
        // Rank 0: a term equal to the query.
        var exactRows = await TermRowsAsync(connection, "term = $q", q, null, sparse, ct);
        HashSet<string>? exact = null;
        if (exactRows is null) result.AddRange(await ScanRankAsync(connection, q, label, 0, need, ct));
        else
        {
            exact = [.. exactRows.Where(r => label is null || r.Label == label).Select(r => r.NodeId)];
            result.AddRange(exact.Order(StringComparer.Ordinal).Take(Remaining(need, result)));
        }
        if (result.Count >= need) return result;

        // Rank 1: a term starting with the query (and no term equal to it).
        var upper = PrefixUpperBound(q);
        var prefixRows = await TermRowsAsync(connection, "term > $q AND ($upper IS NULL OR term < $upper) AND instr(term, $q) = 1", q, upper, sparse, ct);
        if (prefixRows is null || exact is null) result.AddRange(await ScanRankAsync(connection, q, label, 1, need - result.Count, ct));
        else
        {
            var prefix = prefixRows.Where(r => (label is null || r.Label == label) && !exact.Contains(r.NodeId)).Select(r => r.NodeId)
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            result.AddRange(prefix.Take(Remaining(need, result)));
        }
        if (result.Count >= need) return result;

        // Rank 2: a term containing the query. Few such terms beyond ranks 0 and 1: from the candidates; else in id order.
        if (match is not null && exactRows is not null && prefixRows is not null)
        {
            var cap = sparse + exactRows.Count + prefixRows.Count + 1;
            if (await CountCandidatesAsync(connection, match, cap, ct) < cap)
            {
                result.AddRange(await CandidateIdsAsync(connection, q, match, label, 2, cap, need - result.Count, ct));
                return result;
            }
        }
        result.AddRange(await ScanRankAsync(connection, q, label, 2, need - result.Count, ct));
        return result;
    }

    /// <summary>Whether <paramref name="q"/> is long enough for the prefix key (and whole code points, so SQLite's
    /// <c>substr</c> and ours cut it alike).</summary>
    private static bool HasPrefixKey(string q)
    {
        var runes = 0;
        foreach (var rune in q.EnumerateRunes())
        {
            if (rune == Rune.ReplacementChar) return false;
            runes++;
        }
        return runes >= SqliteSearchSchema.PrefixKeyLength;
    }

    /// <summary>
    /// The dense regime for a query of at least <see cref="SqliteSearchSchema.PrefixKeyLength"/> characters: ranks 0
    /// and 1 are read in node id order from the term indexes, per label (one, or a merge of every label's), so each
    /// reads about as many rows as it contributes to the page, however many nodes match the query in any label.
    /// </summary>
    private static async Task<List<string>> OrderedRanksAsync(SqliteConnection connection, string q, string? match, string? label,
        long need, int sparse, CancellationToken ct)
    {
        var labels = label is null ? SortedLabels : [label];
        var result = await MergedIdsAsync(connection, labels, q, need,
            i => $"SELECT node_id FROM search_terms WHERE term = $q AND label = $l{i}", ct);
        if (result.Count >= need) return result;

        // Rank 1: a term starting with the query, on a node with no term equal to it. A node may have several such
        // terms: the merged stream is in id order, so its repeats are adjacent and dropped as read.
        result.AddRange(await MergedIdsAsync(connection, labels, q, need - result.Count, i => $"""
            SELECT t.node_id FROM search_terms t
            WHERE t.label = $l{i} AND substr(t.term, 1, {SqliteSearchSchema.PrefixKeyLength}) = $key AND instr(t.term, $q) = 1
              AND NOT EXISTS (SELECT 1 FROM search_terms e WHERE e.term = $q AND e.label = $l{i} AND e.node_id = t.node_id)
            """, ct));
        if (result.Count >= need) return result;

        // Rank 2: as in the other path, from the candidates (of the label, when one is asked for: so are the counts) when
        // few terms contain the query beyond those of ranks 0 and 1.
        if (match is not null)
        {
            var exactTerms = await CountTermsAsync(connection, "term = $q AND ($label IS NULL OR label = $label)", q, label, sparse + 1, ct);
            var prefixTerms = label is null
                ? await CountTermsAsync(connection, "term > $q AND ($upper IS NULL OR term < $upper) AND instr(term, $q) = 1", q, null, sparse + 1, ct)
                : await CountTermsAsync(connection,
                    $"label = $label AND substr(term, 1, {SqliteSearchSchema.PrefixKeyLength}) = $key AND instr(term, $q) = 1", q, label, sparse + 1, ct);
            if (exactTerms <= sparse && prefixTerms <= sparse)
            {
                var cap = (int)(sparse + exactTerms + prefixTerms + 1);
                if (await CountCandidatesAsync(connection, match, cap, ct) < cap)
                {
                    result.AddRange(await CandidateIdsAsync(connection, q, match, label, 2, cap, need - result.Count, ct));
                    return result;
                }
            }
        }
        result.AddRange(await ScanRankAsync(connection, q, label, 2, need - result.Count, ct));
        return result;
    }

    private static string PrefixKey(string q) =>
        string.Concat(q.EnumerateRunes().Take(SqliteSearchSchema.PrefixKeyLength).Select(r => r.ToString()));

    /// <summary>The trigrams at both ends of a label's mark in the trigram index (see <see cref="SqliteSearchSchema"/>):
    /// every term of the label holds both; the label column decides, as candidates are checked against it.</summary>
    internal static string LabelTrigrams(string label)
    {
        var mark = label.ToUpperInvariant();
        return $"\"\u0001{mark[..2]}\" AND \"{mark[^2..]}\u0001\"";
    }

    private static readonly string[] SortedLabels = [.. GraphSchema.NodeLabels.Order(StringComparer.Ordinal)];

    /// <summary>The first <paramref name="need"/> distinct ids of the arms (one per label, each in id order from its
    /// index; <c>$q</c>, <c>$key</c> and <c>$l{i}</c> bound), merged in id order; reading stops at <paramref name="need"/>.</summary>
    private static async Task<List<string>> MergedIdsAsync(SqliteConnection connection, string[] labels, string q, long need,
        Func<int, string> arm, CancellationToken ct)
    {
        var ids = new List<string>();
        if (need <= 0) return ids;
        await using var cmd = connection.CreateCommand();
        cmd.Parameters.AddWithValue("$q", q);
        cmd.Parameters.AddWithValue("$key", PrefixKey(q));
        var arms = new List<string>();
        for (var i = 0; i < labels.Length; i++)
        {
            cmd.Parameters.AddWithValue($"$l{i}", labels[i]);
            arms.Add(arm(i));
        }
        // A compound SELECT ordered by id is a merge of the arms; no LIMIT, as repeats are dropped here: the reader
        // steps the merge row by row and is closed as soon as the page is full.
        cmd.CommandText = string.Join("\nUNION ALL\n", arms) + "\nORDER BY 1";
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (ids.Count < need && await r.ReadAsync(ct))
        {
            var id = r.GetString(0);
            if (ids.Count == 0 || !string.Equals(ids[^1], id, StringComparison.Ordinal)) ids.Add(id);
        }
        return ids;
    }

    /// <summary>How many terms (any label) match <paramref name="condition"/>, counting up to <paramref name="cap"/>.</summary>
    private static async Task<long> CountTermsAsync(SqliteConnection connection, string condition, string q, string? label, int cap, CancellationToken ct)
    {
        await using var cmd = Command(connection, $"SELECT count(*) FROM (SELECT 1 FROM search_terms WHERE {condition} LIMIT $cap)",
            ("$q", q), ("$upper", PrefixUpperBound(q)), ("$key", PrefixKey(q)), ("$label", label), ("$cap", cap));
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Up to this many times the sparse bound of candidates, a sample decides whether their real matches are few.</summary>
    private const int WideCandidates = 4;

    /// <summary>Candidates checked to estimate what share of them really contain the query.</summary>
    private const int CandidateSample = 256;

    /// <summary>How many of the first <paramref name="sample"/> candidate terms there are, and how many of them really
    /// contain the query (in the label).</summary>
    private static async Task<(long Sampled, long Real)> RealAmongFirstAsync(SqliteConnection connection, string q, string match, string? label,
        int sample, CancellationToken ct)
    {
        await using var cmd = Command(connection, """
            SELECT count(*), coalesce(sum(instr(t.term, $q) > 0 AND ($label IS NULL OR t.label = $label)), 0)
            FROM (SELECT rowid AS id FROM search_label_fts WHERE search_label_fts MATCH $m LIMIT $sample) AS f
            JOIN search_terms t ON t.id = f.id
            """, ("$m", match), ("$sample", sample), ("$q", q), ("$label", label));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return (r.GetInt64(0), r.GetInt64(1));
    }

    private static int Remaining(long need, List<string> result) => (int)Math.Min(int.MaxValue, need - result.Count);

    /// <summary>How many terms the trigram index offers for the query, counting up to <paramref name="cap"/>.</summary>
    private static async Task<long> CountCandidatesAsync(SqliteConnection connection, string match, int cap, CancellationToken ct)
    {
        await using var cmd = Command(connection,
            "SELECT count(*) FROM (SELECT rowid FROM search_label_fts WHERE search_label_fts MATCH $m LIMIT $cap)", ("$m", match), ("$cap", cap));
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// Nodes among the trigram index's candidates (all of them: the caller counted fewer than <paramref name="cap"/>)
    /// whose terms really contain the query, ranked; only rank <paramref name="onlyRank"/> when given.
    /// </summary>
    private static async Task<List<string>> CandidateIdsAsync(SqliteConnection connection, string q, string match, string? label, int? onlyRank,
        int cap, long need, CancellationToken ct)
    {
        await using var cmd = Command(connection, """
            SELECT t.node_id, MIN(CASE WHEN t.term = $q THEN 0 WHEN instr(t.term, $q) = 1 THEN 1 ELSE 2 END) AS rank
            FROM (SELECT rowid AS id FROM search_label_fts WHERE search_label_fts MATCH $m LIMIT $cap) AS f
            JOIN search_terms t ON t.id = f.id
            WHERE instr(t.term, $q) > 0 AND ($label IS NULL OR t.label = $label)
            GROUP BY t.node_id
            HAVING $rank IS NULL OR rank = $rank
            ORDER BY rank, t.node_id
            LIMIT $need
            """, ("$q", q), ("$m", match), ("$cap", cap), ("$label", label), ("$rank", onlyRank), ("$need", need));
        var ids = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) ids.Add(r.GetString(0));
        return ids;
    }

    private readonly record struct TermRow(string NodeId, string Label);

    /// <summary>The (node, label) rows of the terms matching <paramref name="condition"/>, or null when there are more
    /// than <paramref name="sparse"/> (then the rank is read in id order instead).</summary>
    private static async Task<List<TermRow>?> TermRowsAsync(SqliteConnection connection, string condition, string q, string? upper, int sparse, CancellationToken ct)
    {
        await using var cmd = Command(connection, $"SELECT node_id, label FROM search_terms WHERE {condition} LIMIT $cap",
            ("$q", q), ("$upper", upper), ("$cap", sparse + 1));
        var rows = new List<TermRow>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) rows.Add(new TermRow(r.GetString(0), r.GetString(1)));
        return rows.Count > sparse ? null : rows;
    }

    /// <summary>
    /// The first <paramref name="need"/> ids, in id order, of nodes whose rank is exactly <paramref name="rank"/>: a
    /// walk of the (label, id, search) index (one label, or a merge of every label's walk) that stops when enough are found.
    /// </summary>
    private static async Task<List<string>> ScanRankAsync(SqliteConnection connection, string q, string? label, int rank, long need, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Parameters.AddWithValue("$q", q);
        cmd.Parameters.AddWithValue("$rank", rank);
        cmd.Parameters.AddWithValue("$need", need);
        var labels = label is null ? GraphSchema.NodeLabels.Order(StringComparer.Ordinal).ToArray() : [label];
        var arms = new List<string>();
        for (var i = 0; i < labels.Length; i++)
        {
            cmd.Parameters.AddWithValue($"$l{i}", labels[i]);
            arms.Add($"SELECT id FROM nodes WHERE label = $l{i} AND instr(search, $q) > 0 AND {RankExpression} = $rank");
        }
        // A compound SELECT ordered by id is a merge of the arms, each already in id order from the index.
        cmd.CommandText = string.Join("\nUNION ALL\n", arms) + "\nORDER BY 1 LIMIT $need";
        var ids = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) ids.Add(r.GetString(0));
        return ids;
    }

    /// <summary>No query: nodes by id.</summary>
    private static async Task<List<string>> ListByIdAsync(SqliteConnection connection, string? label, long need, CancellationToken ct) =>
        await ListAsync(connection, "SELECT id FROM nodes WHERE $label IS NULL OR label = $label ORDER BY id LIMIT $need", ct,
            ("$label", label), ("$need", need));

    /// <summary>
    /// The search as it was before the index: the rank of every node's search text, sorted. Kept for queries that
    /// cannot be a single term (a line break or NUL inside) and as the reference the index is tested against.
    /// </summary>
    internal static async Task<List<string>> ScanSearchAsync(SqliteConnection connection, string q, string? label, long need, CancellationToken ct) =>
        await ListAsync(connection, $"""
            SELECT id FROM (SELECT id, {RankExpression} AS rank FROM nodes WHERE ($q = '' OR instr(search, $q) > 0) AND ($label IS NULL OR label = $label))
            ORDER BY rank, id LIMIT $need
            """, ct, ("$q", q), ("$label", label), ("$need", need));

    /// <summary>The old full-scan ranking on this store's database (for tests comparing it with the index).</summary>
    internal async Task<List<string>> ScanSearchAsync(string query, string? label, int need, CancellationToken ct = default)
    {
        await using var connection = await OpenReadAsync(ct);
        return await ScanSearchAsync(connection, query.Trim().ToLowerInvariant(), label, need, ct);
    }

    /// <summary>
    /// An FTS5 query (ANDed quoted trigrams) whose matches include every term containing <paramref name="q"/>, or null
    /// when <paramref name="q"/> has fewer than three characters (code points). Non-overlapping trigrams cover the query;
    /// at most <see cref="MaxTrigrams"/> of them, spread over it.
    /// </summary>
    internal static string? TrigramMatch(string q)
    {
        var runes = q.EnumerateRunes().Select(r => r.ToString()).ToArray();
        if (runes.Length < 3) return null;
        var starts = new List<int>();
        for (var i = 0; i + 3 <= runes.Length; i += 3) starts.Add(i);
        if (starts[^1] != runes.Length - 3) starts.Add(runes.Length - 3);
        if (starts.Count > MaxTrigrams)
        {
            var step = (starts.Count - 1) / (double)(MaxTrigrams - 1);
            starts = [.. Enumerable.Range(0, MaxTrigrams).Select(k => starts[(int)Math.Round(k * step)]).Distinct()];
        }
        var grams = starts.Select(s => string.Concat(runes[s], runes[s + 1], runes[s + 2])).Distinct(StringComparer.Ordinal);
        return string.Join(" AND ", grams.Select(g => "\"" + g.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
    }

    /// <summary>The least string above every string that starts with <paramref name="q"/> in SQLite's binary (UTF-8, so
    /// code point) order; null when there is none.</summary>
    internal static string? PrefixUpperBound(string q)
    {
        var runes = q.EnumerateRunes().ToList();
        while (runes.Count > 0)
        {
            var next = runes[^1].Value + 1;
            runes.RemoveAt(runes.Count - 1);
            if (next is >= 0xD800 and <= 0xDFFF) next = 0xE000;
            if (next <= 0x10FFFF)
            {
                runes.Add(new Rune(next));
                return string.Concat(runes.Select(r => r.ToString()));
            }
        }
        return null;
    }

    /// <summary>Writes a node's search terms (the lines of its search text) with prepared statements.</summary>
    private sealed class SearchTermsWriter : IAsyncDisposable
    {
        private readonly SqliteCommand _delete;
        private readonly SqliteCommand _insert;

        public SearchTermsWriter(SqliteConnection connection, SqliteTransaction tx)
        {
            _delete = Command(connection, "DELETE FROM search_terms WHERE node_id = $id", ("$id", ""));
            _insert = Command(connection, "INSERT INTO search_terms (node_id, label, term) VALUES ($id, $label, $term)", ("$id", ""), ("$label", ""), ("$term", ""));
            _delete.Transaction = _insert.Transaction = tx;
        }

        /// <param name="replace">The node had terms (an update): remove them first.</param>
        public async Task WriteAsync(string id, string label, string search, bool replace, CancellationToken ct)
        {
            if (replace)
            {
                _delete.Parameters[0].Value = id;
                await _delete.ExecuteNonQueryAsync(ct);
            }
            _insert.Parameters[0].Value = id;
            _insert.Parameters[1].Value = label;
            foreach (var term in search.Split('\n').Distinct(StringComparer.Ordinal))
            {
                _insert.Parameters[2].Value = term;
                await _insert.ExecuteNonQueryAsync(ct);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _delete.DisposeAsync();
            await _insert.DisposeAsync();
        }
    }

    /// <summary>Fills the search index from every node's search text, once (a database written before the index, or
    /// one whose fill was interrupted: it is one transaction, so it starts again whole), and builds the label-marked
    /// trigram index from the terms once (a database from before it).</summary>
    private static async Task BackfillSearchTermsAsync(SqliteConnection connection, CancellationToken ct)
    {
        var termsFilled = await ScalarAsync<string>(connection, null, "SELECT value FROM meta WHERE key = $k", ("$k", SqliteSearchSchema.BackfilledKey)) is not null;
        var ftsBuilt = await ScalarAsync<string>(connection, null, "SELECT value FROM meta WHERE key = $k", ("$k", SqliteSearchSchema.LabelFtsKey)) is not null;
        if (termsFilled && ftsBuilt) return;
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        if (!termsFilled)
        {
            await ExecAsync(connection, tx, "DELETE FROM search_terms", ct);
            await using var terms = new SearchTermsWriter(connection, tx);
            await using var nodes = Command(connection, "SELECT id, label, search FROM nodes");
            nodes.Transaction = tx;
            await using var r = await nodes.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                await terms.WriteAsync(r.GetString(0), r.GetString(1), r.GetString(2), replace: false, ct);
        }
        // Built whole from the terms (a file from before the label marks, or one whose triggers wrote into an index
        // that had not been built): 'rebuild' empties the index first, so nothing written before counts.
        await ExecAsync(connection, tx, "INSERT INTO search_label_fts (search_label_fts) VALUES ('rebuild')", ct);
        foreach (var key in new[] { SqliteSearchSchema.BackfilledKey, SqliteSearchSchema.LabelFtsKey })
            await ExecAsync(connection, tx, "INSERT INTO meta (key, value) VALUES ($k, '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value", ct,
                ("$k", key));
        await tx.CommitAsync(ct);
    }
}
