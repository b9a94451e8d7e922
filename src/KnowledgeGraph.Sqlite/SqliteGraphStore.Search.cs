using System.Text;
using System.Text.Json;
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
/// A label of at most <see cref="SmallLabelNodes"/> nodes is read whole and ranked (<see cref="ScanLabelsAsync"/>); a
/// search without a label runs the index over the other labels and merges its page with those rows. In the index,
/// two regimes, picked per query by how many terms the word index offers (<see cref="WordMatchAsync"/>; counting stops at
/// <see cref="SparseCandidatesOverride"/>): a query matched by few terms is answered from those terms alone (checked with
/// <c>instr</c>, ranked, sorted); a query matched by many is answered rank by rank: exact and prefix matches are read in
/// node id order from the term indexes (a query of 4 or more characters; shorter ones from the term range), and the
/// substring rank by racing an id-order walk of the (label, id, search) index against the word index's candidates in term
/// order, which stop early when the terms' block bounds prove the page (<see cref="RankTwoAsync"/>). Queries no word
/// narrows (one or two characters, or runs each matching too many words) have no match; their substring rank is read in id order (such
/// short queries match most nodes, so this stops early; a rare one reads the index through). A query holding a line
/// break or NUL cannot be a term and keeps the former full scan.
/// </remarks>
public sealed partial class SqliteGraphStore
{
    /// <summary>Up to this many candidate terms a query is answered from its candidates; beyond, rank by rank in id order.
    /// Null (the default): twice the page end, between 64 and 1,024. Few, because checking a candidate (a lookup of its
    /// term, then sorting) costs tens of times a row of the id-order walk, and counting candidates of common words
    /// reads their lists; the rank-by-rank regime costs about a page. Settable so tests can drive small graphs through
    /// both regimes.</summary>
    internal int? SparseCandidatesOverride { get; set; }

    private int SparseCandidates(long need) => SparseCandidatesOverride ?? (int)Math.Clamp(2 * need, 64, 1024);

    /// <summary>A label with at most this many nodes (by <c>graph_counts</c>) is searched by reading its rows of the
    /// (label, id, search) index whole and ranking them: the vocabulary's labels (cell types, outcomes, mechanisms...) hold
    /// tens to hundreds of concepts however many papers there are, and reading them (about 2,000 rows a millisecond) costs
    /// less than the word and term lookups, whose lists grow with the papers' terms. Only speed depends on it, never
    /// the result.</summary>
    private const long SmallLabelNodes = 2048;

    /// <summary>Settable so tests drive a small graph through the index for every label (0), through the merge of read
    /// labels with indexed ones, and through reading only.</summary>
    internal long? SmallLabelNodesOverride { get; set; }

    /// <summary>Up to this many exact or prefix term rows (a query under the prefix key's length) are read and sorted;
    /// beyond, that rank is read in id order. B-tree ranges, cheap per row: so not the candidates' bound.</summary>
    private const int TermRowsCap = 1024;

    /// <summary>Words a part of the query may expand to (the words starting with, ending with or containing it) and
    /// still narrow the index query: more are an OR of that many lists, which costs more than it narrows, so that part
    /// is left to the <c>instr</c> check (such parts are short or common, and so are the terms holding them).</summary>
    private const int MaxRunWords = 64;

    /// <summary>Characters of the longest part used; a longer one is left to the <c>instr</c> check.</summary>
    private const int MaxRunChars = 200;

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
            var counts = await LabelCountsAsync(connection, cancellationToken);
            var threshold = SmallLabelNodesOverride ?? SmallLabelNodes;
            var small = GraphSchema.NodeLabels.Where(l => counts.GetValueOrDefault(l) <= threshold).ToHashSet(StringComparer.Ordinal);
            if (label is not null && small.Contains(label)) ranked = await ScanLabelsAsync(connection, q, [label], [], need, cancellationToken);
            else
            {
                // Without a label: the index answers for the large labels only, and the small ones are read whole and
                // merged with its page by rank and id (an exact merge: the index gives the first `need` of its labels).
                string[] indexed = label is not null ? [label] : [.. SortedLabels.Where(l => !small.Contains(l))];
                var sparse = SparseCandidates(need);
                ranked = indexed.Length == 0 ? [] : await RankedIdsAsync(connection, q, indexed, need, sparse,
                    SparseCandidatesOverride ?? TermRowsCap, WalkSampleOverride ?? WalkSample, OneLetterPostingsOverride ?? OneLetterPostings,
                    cancellationToken);
                if (label is null && small.Count > 0)
                    ranked = await ScanLabelsAsync(connection, q, [.. SortedLabels.Where(small.Contains)], ranked, need, cancellationToken);
            }
        }
        var pageIds = ranked.Skip(offset).Take(limit + 1).ToList();
        var items = await GetNodesAsync(connection, pageIds, cancellationToken);
        var more = items.Count > limit;
        if (more) items.RemoveAt(items.Count - 1);
        return new Page<GraphNode>(items, more ? PageCursor.EncodeOffset(offset + limit) : null);
    }

    /// <summary>The first <paramref name="need"/> ids of the ranking, through the index.</summary>
    private static async Task<List<string>> RankedIdsAsync(SqliteConnection connection, string q, string[] labels, long need, int sparse,
        int termCap, int walkSample, long oneLetterPostings, CancellationToken ct)
    {
        // Labels are checked on each candidate (every label: no filter at all).
        var filter = labels.Length == SortedLabels.Length ? null : labels;
        var words = await WordMatchAsync(connection, q, ct, oneLetterPostings);
        // A part of the query that no word of any term matches: no term holds the query.
        if (words.None) return [];
        var labelMatch = words.Match;
        if (labelMatch is not null && await CandidateRowsAsync(connection, labelMatch, sparse, ct) is { } rows)
            return await CandidateIdsAsync(connection, q, rows, filter, need, ct);
        // The exact and prefix terms (any label) when they are few: B-tree ranges of exactly those terms, so their cost
        // follows what matches, where the prefix key's rows in id order are every term sharing the first 4 characters
        // ('immunosuppression' read every Paper term starting 'immu' to find none).
        var exactRows = await TermRowsAsync(connection, "term = $q", q, null, termCap, ct);
        var upper = PrefixUpperBound(q);
        // The upper bound written only when there is one: behind "$upper IS NULL OR" it bounds no index range, and the
        // range ran from the query to the end of the terms whenever fewer than the cap matched ('tir' read millions).
        var prefixRows = exactRows is null ? null
            : await TermRowsAsync(connection, (upper is null ? "term > $q" : "term > $q AND term < $upper") + " AND instr(term, $q) = 1", q, upper, termCap, ct);
        // Many: a query long enough for the prefix key reads those ranks in node id order.
        if (prefixRows is null && HasPrefixKey(q)) return await OrderedRanksAsync(connection, q, labelMatch, labels, filter, need, walkSample, ct);

        var result = new List<string>();
        // Rank 0: a term equal to the query.
        HashSet<string>? exact = null;
        if (exactRows is null) result.AddRange(await ScanRankAsync(connection, q, labels, 0, need, ct));
        else
        {
            exact = [.. exactRows.Where(r => filter is null || filter.Contains(r.Label)).Select(r => r.NodeId)];
            result.AddRange(exact.Order(Utf8Order.Instance).Take(Remaining(need, result)));
        }
        if (result.Count >= need) return result;

        // Rank 1: a term starting with the query (and no term equal to it).
        if (prefixRows is null || exact is null) result.AddRange(await ScanRankAsync(connection, q, labels, 1, need - result.Count, ct));
        else
        {
            var prefix = prefixRows.Where(r => (filter is null || filter.Contains(r.Label)) && !exact.Contains(r.NodeId)).Select(r => r.NodeId)
                .Distinct(StringComparer.Ordinal).Order(Utf8Order.Instance);
            result.AddRange(prefix.Take(Remaining(need, result)));
        }
        if (result.Count >= need) return result;

        // Rank 2: a term containing the query.
        result.AddRange(await RankTwoAsync(connection, q, labelMatch, labels, filter, need - result.Count, walkSample, ct));
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
    private static async Task<List<string>> OrderedRanksAsync(SqliteConnection connection, string q, string? match, string[] labels,
        string[]? filter, long need, int walkSample, CancellationToken ct)
    {
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

        // Rank 2: as in the other path.
        result.AddRange(await RankTwoAsync(connection, q, match, labels, filter, need - result.Count, walkSample, ct));
        return result;
    }

    private static string PrefixKey(string q) =>
        string.Concat(q.EnumerateRunes().Take(SqliteSearchSchema.PrefixKeyLength).Select(r => r.ToString()));

    /// <summary>One arm of a compound SELECT per label, each label bound as <c>$l{i}</c> on <paramref name="cmd"/>.</summary>
    private static List<string> LabelArms(SqliteCommand cmd, string[] labels, Func<int, string> arm)
    {
        var arms = new List<string>(labels.Length);
        for (var i = 0; i < labels.Length; i++)
        {
            cmd.Parameters.AddWithValue($"$l{i}", labels[i]);
            arms.Add(arm(i));
        }
        return arms;
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
        var arms = LabelArms(cmd, labels, arm);
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

    private static int Remaining(long need, List<string> result) => (int)Math.Min(int.MaxValue, need - result.Count);

    /// <summary>The terms (rows) the word index offers for the query, or null when there are more than
    /// <paramref name="cap"/>: one pass of the index, whose lists (of common words) are most of a query's cost, where
    /// counting the candidates and then reading them read it twice.</summary>
    private static async Task<List<long>?> CandidateRowsAsync(SqliteConnection connection, string match, int cap, CancellationToken ct)
    {
        await using var cmd = Command(connection,
            "SELECT rowid FROM search_word_fts WHERE search_word_fts MATCH $m LIMIT $cap", ("$m", match), ("$cap", cap + 1));
        var rows = new List<long>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) rows.Add(r.GetInt64(0));
        return rows.Count > cap ? null : rows;
    }

    /// <summary>
    /// Nodes of the candidate terms <paramref name="rows"/> (all the word index offered) whose terms really contain
    /// the query, ranked.
    /// </summary>
    private static async Task<List<string>> CandidateIdsAsync(SqliteConnection connection, string q, List<long> rows, string[]? labels,
        long need, CancellationToken ct)
    {
        if (rows.Count == 0) return [];
        await using var cmd = Command(connection, """
            SELECT t.node_id, MIN(CASE WHEN t.term = $q THEN 0 WHEN instr(t.term, $q) = 1 THEN 1 ELSE 2 END) AS rank
            FROM search_terms t
            WHERE t.id IN (SELECT value FROM json_each($rows)) AND instr(t.term, $q) > 0
              AND ($labels IS NULL OR +t.label IN (SELECT value FROM json_each($labels)))
            GROUP BY t.node_id
            ORDER BY rank, t.node_id
            LIMIT $need
            """, ("$q", q), ("$rows", JsonSerializer.Serialize(rows)), ("$labels", labels is null ? null : JsonSerializer.Serialize(labels)),
            ("$need", need));
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

    /// <summary>Rows of the walk in <see cref="RankTwoAsync"/>'s first round (each later round doubles it).</summary>
    private const int WalkSample = 256;

    /// <summary>What taking one candidate costs in rows of the id-order walk: its step in the index, then its
    /// term's lookup, check and sort. Measured on a 205,000-paper graph (CPU time): the walk reads a row in about
    /// 0.6 us, a candidate of the former trigram index about 6 us (2,776 candidates of a six-trigram AND, 807 of a
    /// four-character phrase); at a million papers a word candidate about 3 us (28,376 of 'no', term lookups mostly)
    /// and a walked row 0.5 us.</summary>
    private const int CandidateCostInRows = 10;

    /// <summary>Rows of each round of <see cref="RankTwoAsync"/>'s walk; settable so tests drive a small graph
    /// through every branch (0: the walk reads nothing, so the candidates answer every query, through the block bounds or
    /// to the index's end).</summary>
    internal int? WalkSampleOverride { get; set; }

    /// <summary>
    /// The first <paramref name="need"/> ids of rank 2 (a term containing the query; none equal to it or starting with
    /// it), in id order. Two ways answer it, and which is cheaper depends on how dense the matches are, which neither
    /// tells before it is read (the word index gives an upper bound, and its candidates
    /// come in term order, not node order, so they answer only once all are read): walking nodes in id order costs
    /// about need / density rows, whatever the graph's size; reading every candidate costs what they number, which
    /// grows with the graph. So both run side by side, in rounds: the walk reads a round's rows (doubling from
    /// <paramref name="sample"/>), the word index a tenth as many candidates (<see cref="CandidateCostInRows"/>),
    /// and the first to finish answers: the walk once it holds the page, or the candidates once the index has no more.
    /// Either way the work is at most about twice the cheaper way's, with no estimate to go wrong (a sample of a few
    /// hundred rows told a 1-in-120 query from a 1-in-400 one by one or two hits). Without a word match (under three
    /// characters, or no run narrowing) only the walk runs.
    /// </summary>
    private static async Task<List<string>> RankTwoAsync(SqliteConnection connection, string q, string? match, string[] labels, string[]? filter,
        long need, int sample, CancellationToken ct)
    {
        if (need <= 0) return [];
        if (match is null) return await ScanRankAsync(connection, q, labels, 2, need, ct);
        var hits = new List<string>();
        // The candidates' side: nodes of rank 2 seen so far, the least `need` of them.
        var found = new SortedSet<string>(Utf8Order.Instance);
        BlockBounds? bounds = null;
        await using (var walk = connection.CreateCommand())
        await using (var index = Command(connection, $"""
            SELECT f.rowid, t.node_id FROM search_word_fts f CROSS JOIN search_terms t
            WHERE search_word_fts MATCH $m AND t.id = f.rowid AND instr(t.term, $q) > 1
              AND ($labels IS NULL OR +t.label IN (SELECT value FROM json_each($labels)))
              AND (SELECT {RankExpression} FROM nodes WHERE label = t.label AND id = t.node_id) = 2
            ORDER BY f.rowid
            """, ("$m", match), ("$q", q), ("$labels", filter is null ? null : JsonSerializer.Serialize(filter))))
        {
            walk.Parameters.AddWithValue("$q", q);
            // CASE: the rank is worked out only for nodes holding the query at all. No LIMIT: the merge of the labels'
            // id-ordered arms is stepped as far as the race needs.
            var order = await WalkOrderAsync(connection, labels, ct);
            var arms = LabelArms(walk, order ?? labels, i => $"SELECT id, CASE WHEN instr(search, $q) = 0 THEN 0 ELSE ({RankExpression}) = 2 END FROM nodes WHERE label = $l{i}");
            walk.CommandText = WalkSql(arms, order is not null);
            await using var walked = await walk.ExecuteReaderAsync(ct);
            await using var candidates = await index.ExecuteReaderAsync(ct);
            // Bounded: each round reads at least one row of each reader, and either ends with its rows.
            var round = Math.Max(1, sample);
            var perRound = Math.Max(1, round / CandidateCostInRows);
            while (true)
            {
                for (var i = 0; i < round; i++)
                {
                    if (sample <= 0) break;
                    // The walk ran through: every hit is in hand.
                    if (!await walked.ReadAsync(ct)) return hits;
                    if (walked.GetInt64(1) == 0) continue;
                    hits.Add(walked.GetString(0));
                    if (hits.Count >= need) return hits;
                }
                for (var i = perRound; i > 0; i--)
                {
                    // The index offered every candidate: the least of their nodes answer.
                    if (!await candidates.ReadAsync(ct)) return [.. found];
                    found.Add(candidates.GetString(1));
                    if (found.Count > need) found.Remove(found.Max!);
                    // Enough nodes, and every term after this one belongs to a node ordered after them: they answer.
                    if (found.Count == need)
                    {
                        bounds ??= await BlockBounds.ReadAsync(connection, ct);
                        if (bounds.AllFrom(candidates.GetInt64(0)) is not { } least || Utf8Order.Instance.Compare(found.Max, least) <= 0)
                            return [.. found];
                    }
                }
            }
        }
    }

    /// <summary>SQLite's order of text (UTF-8 bytes, so code points): UTF-16 order differs from it only between a
    /// surrogate and a unit from U+E000 on, which this moves apart.</summary>
    private sealed class Utf8Order : IComparer<string>
    {
        public static readonly Utf8Order Instance = new();

        public int Compare(string? x, string? y)
        {
            if (x is null || y is null) return x is null ? (y is null ? 0 : -1) : 1;
            var n = Math.Min(x.Length, y.Length);
            for (var i = 0; i < n; i++)
                if (x[i] != y[i]) return Fix(x[i]) - Fix(y[i]);
            return x.Length - y.Length;
        }

        private static int Fix(char c) => c < 0xD800 ? c : c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }

    /// <summary>
    /// Lower bounds of the node ids of the terms, per block of <see cref="SqliteSearchSchema.TermBlockShift"/> bits of
    /// term rowids (<c>search_term_blocks</c>), read once per search that needs them: the candidates' side of
    /// <see cref="RankTwoAsync"/> comes in rowid order, and stops once no later term can belong to a node ordered
    /// before the nodes it holds. Terms are written in the order of their nodes' ingest, which often follows their ids
    /// (PubMed ids, a corpus walked in order); where it does not, the bound is low and the candidates read on, as before.
    /// </summary>
    private sealed class BlockBounds
    {
        private readonly long[] _blocks;
        private readonly string[] _suffixMin;

        private BlockBounds(long[] blocks, string[] suffixMin) => (_blocks, _suffixMin) = (blocks, suffixMin);

        public static async Task<BlockBounds> ReadAsync(SqliteConnection connection, CancellationToken ct)
        {
            var blocks = new List<long>();
            var mins = new List<string>();
            await using var cmd = Command(connection, "SELECT block, min_node_id FROM search_term_blocks ORDER BY block");
            await using (var r = await cmd.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                {
                    blocks.Add(r.GetInt64(0));
                    mins.Add(r.GetString(1));
                }
            for (var i = mins.Count - 2; i >= 0; i--)
                if (Utf8Order.Instance.Compare(mins[i + 1], mins[i]) < 0) mins[i] = mins[i + 1];
            return new BlockBounds([.. blocks], [.. mins]);
        }

        /// <summary>The least node id of any term from <paramref name="rowid"/>'s block on (so of every term after it),
        /// or null when no term is there.</summary>
        public string? AllFrom(long rowid)
        {
            var i = Array.BinarySearch(_blocks, rowid >> SqliteSearchSchema.TermBlockShift);
            if (i < 0) i = ~i;
            return i < _blocks.Length ? _suffixMin[i] : null;
        }
    }

    /// <summary>
    /// The first <paramref name="need"/> ids, in id order, of nodes whose rank is exactly <paramref name="rank"/>: a
    /// walk of the (label, id, search) index (one label, or a merge of every label's walk) that stops when enough are found.
    /// </summary>
    private static async Task<List<string>> ScanRankAsync(SqliteConnection connection, string q, string[] labels, int rank, long need, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Parameters.AddWithValue("$q", q);
        cmd.Parameters.AddWithValue("$rank", rank);
        cmd.Parameters.AddWithValue("$need", need);
        var order = await WalkOrderAsync(connection, labels, ct);
        var arms = LabelArms(cmd, order ?? labels, i => $"SELECT id FROM nodes WHERE label = $l{i} AND instr(search, $q) > 0 AND {RankExpression} = $rank");
        cmd.CommandText = WalkSql(arms, order is not null) + "\nLIMIT $need";
        var ids = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) ids.Add(r.GetString(0));
        return ids;
    }

    /// <summary>
    /// The labels in the order of their node ids when their id ranges do not overlap (ids carry their label's prefix:
    /// 'paper:' sorts before 'trial:'), else null; a label without nodes is left out. Two index seeks a label.
    /// </summary>
    private static async Task<string[]?> WalkOrderAsync(SqliteConnection connection, string[] labels, CancellationToken ct)
    {
        if (labels.Length < 2) return null;
        var ranges = new List<(string Label, string Min, string Max)>(labels.Length);
        await using var cmd = Command(connection, "SELECT (SELECT min(id) FROM nodes WHERE label = $l), (SELECT max(id) FROM nodes WHERE label = $l)", ("$l", ""));
        foreach (var label in labels)
        {
            cmd.Parameters[0].Value = label;
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct) && !r.IsDBNull(0)) ranges.Add((label, r.GetString(0), r.GetString(1)));
        }
        ranges.Sort((a, b) => Utf8Order.Instance.Compare(a.Min, b.Min));
        for (var i = 1; i < ranges.Count; i++)
            if (Utf8Order.Instance.Compare(ranges[i - 1].Max, ranges[i].Min) >= 0) return null;
        return [.. ranges.Select(r => r.Label)];
    }

    /// <summary>A walk of the labels' arms in id order: one label's arm after another's when their id ranges follow each
    /// other (<see cref="WalkOrderAsync"/>), so a label comes into the walk only once those before it are read; else a
    /// merge of the arms (a compound SELECT ordered by id, each arm already in id order from the index), which reads the
    /// first row of every arm first, the whole label when none of its rows matches.</summary>
    private static string WalkSql(List<string> arms, bool sequential) => sequential
        ? string.Join("\nUNION ALL\n", arms.Select(a => $"SELECT * FROM ({a} ORDER BY id)"))
        : string.Join("\nUNION ALL\n", arms) + "\nORDER BY 1";

    /// <summary>Nodes per label (a dozen rows of <c>graph_counts</c>, kept by every write).</summary>
    private static async Task<Dictionary<string, long>> LabelCountsAsync(SqliteConnection connection, CancellationToken ct)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var cmd = Command(connection, "SELECT name, count FROM graph_counts WHERE kind = 'node'");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) counts[r.GetString(0)] = r.GetInt64(1);
        return counts;
    }

    /// <summary>
    /// The first <paramref name="need"/> of the ranking over every node of <paramref name="labels"/> holding the query
    /// (each label's rows of the (label, id, search) index read whole) and the nodes <paramref name="ranked"/> (of other
    /// labels: the first of their own ranking, so the merge is exact), ranked as the full scan ranks.
    /// </summary>
    private static async Task<List<string>> ScanLabelsAsync(SqliteConnection connection, string q, string[] labels, List<string> ranked, long need,
        CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Parameters.AddWithValue("$q", q);
        cmd.Parameters.AddWithValue("$need", need);
        var arms = LabelArms(cmd, labels, i => $"SELECT id, {RankExpression} AS rank FROM nodes WHERE label = $l{i} AND instr(search, $q) > 0");
        if (ranked.Count > 0)
        {
            cmd.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ranked));
            arms.Add($"SELECT id, {RankExpression} AS rank FROM nodes WHERE id IN (SELECT value FROM json_each($ids))");
        }
        cmd.CommandText = "SELECT id FROM (" + string.Join("\nUNION ALL\n", arms) + ") ORDER BY rank, id LIMIT $need";
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

    /// <summary>Whether a UTF-16 unit is inside a word as FTS5's <c>ascii</c> tokenizer cuts them (its bytes are
    /// UTF-8: every byte of a non-ASCII character is a word byte, an ASCII byte is one when a letter or digit).</summary>
    internal static bool IsWordChar(char c) => c >= 0x80 || char.IsAsciiLetterOrDigit(c) || c is '-' or '/' or '+';

    /// <summary>Where the words of a text stand, as <c>search_word_fts</c> cuts them: maximal runs of
    /// <see cref="IsWordChar"/>. The one cut both for what is written (<see cref="Words"/>) and for what a query asks
    /// (<see cref="QueryRuns"/>), so the index is a superset of the terms holding a query.</summary>
    private static IEnumerable<(int Start, int End)> WordSpans(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inside = i < text.Length && IsWordChar(text[i]);
            if (inside && start < 0) start = i;
            else if (!inside && start >= 0)
            {
                yield return (start, i);
                start = -1;
            }
        }
    }

    /// <summary>The words of a text as <c>search_word_fts</c> indexes them (the vocabulary is written from these, so it
    /// holds every word the index holds).</summary>
    internal static IEnumerable<string> Words(string text) => WordSpans(text).Select(w => text[w.Start..w.End]);

    /// <summary>How a term's word must hold a run of the query (a maximal run of word characters in it), by whether the
    /// run reaches the query's start or end, where the term may go on with more of the same word.</summary>
    internal enum RunKind { Equal, Prefix, Suffix, Infix }

    /// <summary>The runs of <paramref name="q"/>: a term containing q has, for each run, a word equal to it (a separator
    /// on both sides in q), starting with it (the last run, q ending inside it), ending with it (the first, q starting
    /// inside it) or containing it (q one run with no separator).</summary>
    internal static List<(string Run, RunKind Kind)> QueryRuns(string q)
    {
        var runs = new List<(string, RunKind)>();
        foreach (var (start, end) in WordSpans(q))
            runs.Add((q[start..end], (start == 0, end == q.Length) switch
            {
                (true, true) => RunKind.Infix,
                (true, false) => RunKind.Suffix,
                (false, true) => RunKind.Prefix,
                _ => RunKind.Equal,
            }));
        return runs;
    }

    /// <summary>An FTS5 query over <c>search_word_fts</c> whose matches include every term containing the query (null:
    /// no part narrows it, so the substring rank is walked in id order), or <see cref="None"/>: a run that no word
    /// matches, so no term holds the query.</summary>
    internal readonly record struct WordMatch(string? Match, bool None);

    /// <summary>
    /// The word query for <paramref name="q"/>. Each run of it (<see cref="QueryRuns"/>) is expanded through the
    /// vocabulary to the words that may hold it there (<see cref="RunWordsAsync"/>). A run whose words are too many to
    /// narrow is left out, so the match stays a superset: every term holding q holds, for each run, one of its words,
    /// and the runs' words stand next to each other in the term's word sequence (only separators lie between them). So
    /// the runs' words are matched as phrases (positions: detail=full), one per choice of the first and last run's
    /// words (inner runs are equal to one word), up to <see cref="MaxPhrases"/>; beyond, the runs are ANDed. Words are
    /// far more selective than trigrams, and phrases of words than words: trigrams of different words co-occur in almost
    /// every title ('beta cell replacement' ANDed 'rep' of 'reported', 'lac' of 'placebo'), and 'stem' 'cell' and
    /// 'derived' are each in thousands of titles where 'stem cell derived' is in one. A one-run query whose words are
    /// in more than 1 in <see cref="DenseShare"/> terms is left to the walk in id order, which finds a page of it in a
    /// few hundred rows, where the index would merge those lists.
    /// </summary>
    internal static async Task<WordMatch> WordMatchAsync(SqliteConnection connection, string q, CancellationToken ct,
        long oneLetterPostings = OneLetterPostings)
    {
        // A unit that is not a whole code point reaches SQLite as U+FFFD, which C# comparisons of the words read back
        // would not see: such a query keeps the walk (and instr) alone.
        if (q.EnumerateRunes().Any(r => r == Rune.ReplacementChar)) return new(null, false);
        var runs = QueryRuns(q);
        var expanded = new List<RunWords?>(runs.Count);
        foreach (var (run, kind) in runs)
        {
            var words = run.Length > MaxRunChars ? null : await RunWordsAsync(connection, run, kind, ct);
            if (words is { Alternatives.Count: 0 }) return new(null, true);
            expanded.Add(words);
        }
        // A last run that is the start of a word after a known run: only the words that followed one of that run's
        // words in some term can hold it, far fewer than those starting with it when it is short ('no i': the words
        // starting with 'i' held 1.1 million terms at a million papers, the pairs of 'no' and an i-word are two).
        if (runs.Count >= 2 && runs[^1].Kind == RunKind.Prefix && runs[^1].Run.Length <= MaxRunChars
            && expanded[^2] is { OneLetter: false } before && !before.Alternatives.Any(w => w.EndsWith('*')))
        {
            var followers = await FollowingWordsAsync(connection, before, runs[^1].Run, ct);
            if (followers is { Pairs.Count: 0 }) return new(null, true);
            if (followers is not null) expanded[^1] = followers;
        }
        // FTS5 reads a phrase's word lists through, whatever its rarest word: a phrase of common words costs all
        // their lists (six words of a title, 1.6 million postings, 11 ms at a million papers). So the phrase is the
        // two neighbouring runs whose words hold the fewest postings (a rare name beside a common word costs little
        // and still matches few terms), or with no two known runs side by side, the known run with the fewest; instr
        // checks the rest. (A run is unknown when its words are too many to narrow, or it is too long.)
        int from = -1, to = -1;
        var cost = long.MaxValue;
        for (var i = 0; i + 1 < expanded.Count; i++)
            if (expanded[i] is { OneLetter: false } a && expanded[i + 1] is { } b && PairCost(a, b) < cost
                && (!b.OneLetter || a.Postings > oneLetterPostings)
                // A phrase ending in FTS5's prefix match checks positions across the merged lists, about 300 ns a
                // posting ('insulin dose' * at 205,000 papers: 101,000 postings, 34 ms): only a small pair; one letter's
                // list is read by skipping to the first run's rows.
                && (b.OneLetter || !b.Alternatives.Any(w => w.EndsWith('*')) || a.Postings + b.Postings <= MaxPrefixPostings))
                (from, to, cost) = (i, i + 1, PairCost(a, b));
        if (from < 0)
            for (var i = 0; i < expanded.Count; i++)
                if (expanded[i] is { OneLetter: false } a && a.Postings < cost)
                    (from, to, cost) = (i, i, a.Postings);
        if (from < 0) return new(null, false);
        var first = expanded[from]!;
        var last = expanded[to]!;
        if (from == to)
        {
            // FTS5 merges a prefix match's lists before its first row (40-60 ns a posting at a million papers), where
            // the walk would already hold a page of so common a run ('glyc': 10.7 ms against 3.1 for the walk).
            if (first.Alternatives.Any(w => w.EndsWith('*')) && first.Postings > MaxSingleRunPrefixPostings) return new(null, false);
            var terms = await ScalarAsync<long?>(connection, null, "SELECT max(id) FROM search_terms") ?? 0;
            return first.Postings * DenseShare > terms ? new(null, false) : new(Or(first.Alternatives), false);
        }
        // The pairs that stood in some term, where the last run's words are known by the run before.
        if (to == expanded.Count - 1 && last.Pairs is { } pairs)
            return new(string.Join(" OR ", pairs.Select(p => Quote(p.First + " " + p.Second))), false);
        if (first.Alternatives.Count * last.Alternatives.Count <= MaxPhrases)
            return new(string.Join(" OR ", first.Alternatives.SelectMany(f => last.Alternatives.Select(l =>
                // A prefix alternative ("dose" *) ends the phrase as its prefix: "insulin dose" *.
                "\"" + f.Trim('"') + " " + l.TrimEnd('*', ' ').Trim('"') + "\"" + (l.EndsWith('*') ? " *" : "")))), false);
        // Too many phrases: the two runs ANDed.
        return new(Or(first.Alternatives) + " AND " + Or(last.Alternatives), false);
    }

    /// <summary>Postings a phrase of two neighbouring runs reads: both lists, or the first run's alone when the second is one
    /// letter's prefix list, skipped through (its length counted once more, as the skips cost about a posting each).</summary>
    private static long PairCost(RunWords a, RunWords b) => b.OneLetter ? 2 * a.Postings : a.Postings + b.Postings;

    private static string Or(List<string> alternatives) => alternatives.Count == 1 ? alternatives[0] : "(" + string.Join(" OR ", alternatives) + ")";

    private static string Quote(string word) => "\"" + word + "\"";

    /// <summary>A one-run query whose words are in more than one term in this many is walked in id order (see <see cref="WordMatchAsync"/>).</summary>
    private const int DenseShare = 16;

    /// <summary>Terms (by the vocabulary's counts) of the run before a one-letter run, up to which that run alone is the
    /// match: the phrase with one letter's list costs a few ms whatever the run (FTS5 opens the letter's list for each
    /// of the run's words: 'iv i', three words of 1,388 terms, 2.7 ms from the run's candidates, 5.0 as the phrase),
    /// while 'no' (27,000 terms, 'no i') costs 81 ms as candidates and 16 as the phrase.</summary>
    private const long OneLetterPostings = 8192;

    /// <summary>Settable so tests drive a small graph through the one-letter phrase.</summary>
    internal long? OneLetterPostingsOverride { get; set; }

    /// <summary>Phrases ORed in one index query (choices of the first and last run's words).</summary>
    private const int MaxPhrases = 16;

    /// <summary>Words starting with a run, beyond which they are matched as FTS5's prefix ("run" *: one list merged
    /// from theirs inside the index) rather than each named.</summary>
    private const int NamedPrefixWords = 8;

    /// <summary>Terms (by the vocabulary's counts) holding words of a prefix match, beyond which the run does not narrow:
    /// FTS5 merges the words' lists into one before its first row, so the cost is all of them, where the walk stops at a page.</summary>
    private const long MaxPrefixPostings = 65536;

    /// <summary>Terms (by the vocabulary's counts) holding the words of a one-run match that includes FTS5's prefix
    /// match, beyond which the walk in id order answers alone (see <see cref="WordMatchAsync"/>).</summary>
    private const long MaxSingleRunPrefixPostings = 16384;

    /// <summary>Words starting with a run, beyond which the run does not narrow (a prefix of one or two characters).</summary>
    private const int MaxPrefixWords = 4096;

    /// <summary>A run's alternatives in FTS5 syntax (quoted words, or a quoted prefix and *), and the terms that
    /// held them when written (the vocabulary's counts: an upper bound, as deletes leave them).</summary>
    /// <param name="OneLetter">The alternative is FTS5's prefix match of one character, which the index's prefix index
    /// keeps as one list (see <see cref="SqliteSearchSchema"/>): too long to read alone, but a phrase of it after a
    /// known run skips through it to that run's rows, so it costs about what that run costs ('no i': 27,000 postings
    /// of 'no' against 1.1 million of i*).</param>
    /// <param name="Pairs">For a last run narrowed by the run before it (<see cref="FollowingWordsAsync"/>): the pairs
    /// of that run's words and this run's that stood next to each other in some term, each a phrase of the match.</param>
    internal sealed record RunWords(List<string> Alternatives, long Postings, bool OneLetter = false, List<(string First, string Second)>? Pairs = null);

    /// <summary>
    /// The words starting with <paramref name="run"/> (the query's last run) that followed one of <paramref name="before"/>'s
    /// words (the run before it, each word named) in some term, by <c>search_word_pairs</c>: a B-tree range per word
    /// before. Null when the pairs are more than <see cref="MaxPhrases"/> (then the run expands as it would alone); none
    /// means no term holds the query.
    /// </summary>
    private static async Task<RunWords?> FollowingWordsAsync(SqliteConnection connection, RunWords before, string run, CancellationToken ct)
    {
        var upper = PrefixUpperBound(run);
        await using var cmd = Command(connection, $"""
            SELECT p.first, p.second, coalesce(w.postings, 0) FROM search_word_pairs p LEFT JOIN search_words w ON w.word = p.second
            WHERE p.first IN (SELECT value FROM json_each($before)) AND p.second >= $run{(upper is null ? "" : " AND p.second < $upper")}
            LIMIT $cap
            """, ("$before", JsonSerializer.Serialize(before.Alternatives.Select(w => w.Trim('"')))), ("$run", run), ("$upper", upper),
            ("$cap", MaxPhrases + 1));
        var pairs = new List<(string First, string Second)>();
        var postings = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            pairs.Add((r.GetString(0), r.GetString(1)));
            postings[r.GetString(1)] = r.GetInt64(2);
        }
        return pairs.Count > MaxPhrases ? null : new([.. postings.Keys.Select(Quote)], postings.Values.Sum(), Pairs: pairs);
    }

    /// <summary>
    /// The vocabulary's words that may hold <paramref name="run"/> as <paramref name="kind"/> says, or null when they
    /// are too many to narrow (or the run too short to look up by trigrams): equal to it, a B-tree probe; starting with
    /// it, a B-tree range (many: FTS5's own prefix match); ending with it, a range of the reversed words; containing it,
    /// those starting with it and, among the rest, the vocabulary's trigram index (three characters or more).
    /// </summary>
    private static async Task<RunWords?> RunWordsAsync(SqliteConnection connection, string run, RunKind kind, CancellationToken ct)
    {
        switch (kind)
        {
            case RunKind.Equal:
            {
                var postings = await ScalarAsync<long?>(connection, null, "SELECT postings FROM search_words WHERE word = $w", ("$w", run));
                return postings is { } n ? new([Quote(run)], n) : new([], 0);
            }
            case RunKind.Prefix:
                // One character starting too many words to name: the prefix index's list, only ever after a known run.
                return await PrefixWordsAsync(connection, run, ct)
                    ?? (run.EnumerateRunes().Count() == 1 ? new([Quote(run) + " *"], long.MaxValue / 4, OneLetter: true) : null);
            case RunKind.Suffix:
            {
                var key = Reversed(run);
                var upper = PrefixUpperBound(key);
                var words = await WordRowsAsync(connection,
                    "SELECT word, postings FROM search_words WHERE reversed >= $w" + (upper is null ? "" : " AND reversed < $upper") + " LIMIT $cap",
                    ct, ("$w", key), ("$upper", upper), ("$cap", MaxRunWords + 1));
                return words.Count > MaxRunWords ? null : new([.. words.Select(w => Quote(w.Word))], words.Sum(w => w.Postings));
            }
            default:
            {
                if (run.EnumerateRunes().Count() < 3 || await PrefixWordsAsync(connection, run, ct) is not { } starting) return null;
                // The trigram phrase of the run matches exactly the words containing it; those starting with it are above.
                var words = await WordRowsAsync(connection, """
                    SELECT w.word, w.postings FROM search_words_fts f CROSS JOIN search_words w
                    WHERE search_words_fts MATCH $m AND w.id = f.rowid AND substr(w.word, 1, length($w)) <> $w LIMIT $cap
                    """, ct, ("$m", Quote(run)), ("$w", run), ("$cap", MaxRunWords + 1));
                return words.Count > MaxRunWords ? null
                    : new([.. starting.Alternatives, .. words.Select(w => Quote(w.Word))], starting.Postings + words.Sum(w => w.Postings));
            }
        }
    }

    /// <summary>The words starting with <paramref name="run"/>: named when few, else FTS5's prefix match; null when
    /// more than <see cref="MaxPrefixWords"/>.</summary>
    private static async Task<RunWords?> PrefixWordsAsync(SqliteConnection connection, string run, CancellationToken ct)
    {
        var upper = PrefixUpperBound(run);
        var words = await WordRowsAsync(connection,
            "SELECT word, postings FROM search_words WHERE word >= $w" + (upper is null ? "" : " AND word < $upper") + " LIMIT $cap",
            ct, ("$w", run), ("$upper", upper), ("$cap", MaxPrefixWords + 1));
        if (words.Count > MaxPrefixWords) return null;
        var postings = words.Sum(w => w.Postings);
        if (words.Count <= NamedPrefixWords) return new([.. words.Select(w => Quote(w.Word))], postings);
        // FTS5 merges the lists of a prefix match whole before its first row: only when they are short.
        return postings > MaxPrefixPostings ? null : new([Quote(run) + " *"], postings);
    }

    private static async Task<List<(string Word, long Postings)>> WordRowsAsync(SqliteConnection connection, string sql, CancellationToken ct,
        params (string, object?)[] parameters)
    {
        await using var cmd = Command(connection, sql, parameters);
        var rows = new List<(string, long)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) rows.Add((r.GetString(0), r.GetInt64(1)));
        return rows;
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

    /// <summary>Adds words (a JSON array of [word, reversed] pairs, <see cref="WordsJson"/>) to the vocabulary; a word already there is left.</summary>
    private const string InsertWords = """
        INSERT INTO search_words (word, reversed, postings) SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each($words) WHERE true
        ON CONFLICT (word) DO UPDATE SET postings = postings + excluded.postings
        """;

    private static string WordsJson(IEnumerable<KeyValuePair<string, int>> words) =>
        JsonSerializer.Serialize(words.Select(w => new object[] { w.Key, Reversed(w.Key), w.Value }));

    /// <summary>Adds pairs of neighbouring words (a JSON array of [first, second]); a pair already there is left.</summary>
    private const string InsertWordPairs = """
        INSERT INTO search_word_pairs (first, second) SELECT value ->> 0, value ->> 1 FROM json_each($pairs) WHERE true
        ON CONFLICT DO NOTHING
        """;

    /// <summary>Words waiting for the vocabulary, each with how many holders (nodes for the writer, terms for the
    /// backfill) added it, and pairs of neighbouring words waiting for <c>search_word_pairs</c>, each kind written in one
    /// statement per <see cref="Flush"/>: a word or pair that many papers of a group share (most of a title's) costs one
    /// upsert per flush, not one per paper.</summary>
    private sealed class PendingWords : IAsyncDisposable
    {
        private readonly SqliteCommand _upsert;
        private readonly SqliteCommand _insertPairs;
        private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
        private readonly HashSet<(string First, string Second)> _pairs = [];

        public PendingWords(SqliteConnection connection, SqliteTransaction tx)
        {
            _upsert = Command(connection, InsertWords, ("$words", "[]"));
            _insertPairs = Command(connection, InsertWordPairs, ("$pairs", "[]"));
            _upsert.Transaction = _insertPairs.Transaction = tx;
        }

        /// <summary>Words and pairs pending beyond which the holder flushes (memory stays bounded in a huge group or a
        /// backfill of every term).</summary>
        private const int MaxPending = 1 << 16;

        public bool Full => _counts.Count + _pairs.Count > MaxPending;

        /// <summary>Counts one holder of each of <paramref name="distinctWords"/>.</summary>
        public void Add(IEnumerable<string> distinctWords)
        {
            foreach (var word in distinctWords) _counts[word] = _counts.GetValueOrDefault(word) + 1;
        }

        /// <summary>Adds each pair of neighbouring words of one term (<paramref name="termWords"/>, in order).</summary>
        public void AddPairs(IReadOnlyList<string> termWords)
        {
            for (var i = 1; i < termWords.Count; i++) _pairs.Add((termWords[i - 1], termWords[i]));
        }

        public void Flush()
        {
            if (_counts.Count > 0)
            {
                _upsert.Parameters[0].Value = WordsJson(_counts);
                _upsert.ExecuteNonQuery();
                _counts.Clear();
            }
            if (_pairs.Count > 0)
            {
                _insertPairs.Parameters[0].Value = JsonSerializer.Serialize(_pairs.Select(p => new[] { p.First, p.Second }));
                _insertPairs.ExecuteNonQuery();
                _pairs.Clear();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _upsert.DisposeAsync();
            await _insertPairs.DisposeAsync();
        }
    }

    /// <summary>A word's code points backwards: the words ending with a run are a B-tree range of the reversed words.</summary>
    internal static string Reversed(string word)
    {
        var runes = word.EnumerateRunes().ToArray();
        Array.Reverse(runes);
        return string.Concat(runes.Select(r => r.ToString()));
    }

    /// <summary>Writes a node's search terms (the lines of its search text) with prepared statements.</summary>
    private sealed class SearchTermsWriter : IAsyncDisposable
    {
        private readonly SqliteCommand _delete;
        private readonly SqliteCommand _insert;

        /// <summary>Words of the nodes written since the last <see cref="FlushWords"/>, with how many nodes hold each.</summary>
        private readonly PendingWords _pending;

        public SearchTermsWriter(SqliteConnection connection, SqliteTransaction tx)
        {
            _delete = Command(connection, "DELETE FROM search_terms WHERE node_id = $id", ("$id", ""));
            _insert = Command(connection, "INSERT INTO search_terms (node_id, label, term) VALUES ($id, $label, $term)", ("$id", ""), ("$label", ""), ("$term", ""));
            _delete.Transaction = _insert.Transaction = tx;
            _pending = new PendingWords(connection, tx);
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
            var words = new HashSet<string>(StringComparer.Ordinal);
            foreach (var term in search.Split('\n').Distinct(StringComparer.Ordinal))
            {
                _insert.Parameters[2].Value = term;
                await _insert.ExecuteNonQueryAsync(ct);
                // A unit that is not a whole code point is stored as U+FFFD (UTF-8), in the term as in its word.
                var termWords = Words(term).Select(w => w.Any(char.IsSurrogate) ? Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(w)) : w).ToList();
                words.UnionWith(termWords);
                _pending.AddPairs(termWords);
            }
            _pending.Add(words);
            if (_pending.Full) FlushWords();
        }

        /// <summary>Writes the pending words into the vocabulary; before the transaction commits (a search reads the
        /// vocabulary to expand a query, so a committed term's words must be there).</summary>
        public void FlushWords() => _pending.Flush();

        public async ValueTask DisposeAsync()
        {
            await _delete.DisposeAsync();
            await _insert.DisposeAsync();
            await _pending.DisposeAsync();
        }
    }

    /// <summary>Fills the search index from every node's search text, once (a database written before the index, or
    /// one whose fill was interrupted: it is one transaction, so it starts again whole), and builds the word index and
    /// the vocabulary from the terms once (a database from before them).</summary>
    private static async Task BackfillSearchTermsAsync(SqliteConnection connection, CancellationToken ct)
    {
        // Each step is marked done by its key, whatever the value.
        async Task<bool> Marked(string key) => await ScalarAsync<string>(connection, null, "SELECT value FROM meta WHERE key = $k", ("$k", key)) is not null;
        var termsFilled = await Marked(SqliteSearchSchema.BackfilledKey);
        var wordsBuilt = await Marked(SqliteSearchSchema.WordIndexKey);
        var blocksBuilt = await Marked(SqliteSearchSchema.TermBlocksKey);
        var pairsBuilt = await Marked(SqliteSearchSchema.WordPairsKey);
        // A word index declared before its prefix index (FTS5 cannot add one to a table): declared again and rebuilt.
        var prefixed = (await ScalarAsync<string>(connection, null, "SELECT sql FROM sqlite_master WHERE name = 'search_word_fts'") ?? "")
            .Contains(SqliteSearchSchema.PrefixIndexOption, StringComparison.Ordinal);
        if (termsFilled && wordsBuilt && blocksBuilt && pairsBuilt && prefixed) return;
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        if (!prefixed)
        {
            await ExecAsync(connection, tx, "DROP TABLE IF EXISTS search_word_fts", ct);
            await ExecAsync(connection, tx, SqliteSearchSchema.Create, ct);
        }
        if (!termsFilled)
        {
            await ExecAsync(connection, tx, "DELETE FROM search_terms", ct);
            await ExecAsync(connection, tx, "DELETE FROM search_words", ct);
            await ExecAsync(connection, tx, "DELETE FROM search_word_pairs", ct);
            await using var terms = new SearchTermsWriter(connection, tx);
            await using var nodes = Command(connection, "SELECT id, label, search FROM nodes");
            nodes.Transaction = tx;
            await using var r = await nodes.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                await terms.WriteAsync(r.GetString(0), r.GetString(1), r.GetString(2), replace: false, ct);
            terms.FlushWords();
        }
        else if (!wordsBuilt || !pairsBuilt)
        {
            // From the terms already there: the vocabulary (a file from before the word index), counted by the terms
            // holding each word, and the pairs of neighbouring words (a file from before them).
            if (!wordsBuilt) await ExecAsync(connection, tx, "DELETE FROM search_words", ct);
            await ExecAsync(connection, tx, "DELETE FROM search_word_pairs", ct);
            await using var pending = new PendingWords(connection, tx);
            await using var terms = Command(connection, "SELECT term FROM search_terms");
            terms.Transaction = tx;
            await using (var r = await terms.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                {
                    // Read back from SQLite: whole code points already.
                    var termWords = Words(r.GetString(0)).ToList();
                    if (!wordsBuilt) pending.Add(termWords.Distinct(StringComparer.Ordinal));
                    pending.AddPairs(termWords);
                    if (pending.Full) pending.Flush();
                }
            pending.Flush();
        }
        // The block bounds, whole from the terms (a file from before them; the trigger keeps them from then on).
        await ExecAsync(connection, tx, "DELETE FROM search_term_blocks", ct);
        await ExecAsync(connection, tx, $"INSERT INTO search_term_blocks (block, min_node_id) SELECT id >> {SqliteSearchSchema.TermBlockShift}, min(node_id) FROM search_terms GROUP BY 1", ct);
        // Built whole from their content (a file from before them, or one whose triggers wrote into an index that had
        // not been built): 'rebuild' empties the index first, so nothing written before counts.
        if (!termsFilled || !wordsBuilt || !prefixed)
            await ExecAsync(connection, tx, "INSERT INTO search_word_fts (search_word_fts) VALUES ('rebuild')", ct);
        if (!termsFilled || !wordsBuilt)
            await ExecAsync(connection, tx, "INSERT INTO search_words_fts (search_words_fts) VALUES ('rebuild')", ct);
        foreach (var key in new[] { SqliteSearchSchema.BackfilledKey, SqliteSearchSchema.WordIndexKey, SqliteSearchSchema.TermBlocksKey, SqliteSearchSchema.WordPairsKey })
            await ExecAsync(connection, tx, "INSERT INTO meta (key, value) VALUES ($k, '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value", ct,
                ("$k", key));
        await tx.CommitAsync(ct);
    }
}
