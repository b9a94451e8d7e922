using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;
using KnowledgeGraph.Core.Vocabulary;

namespace KnowledgeGraph.Sqlite.Tests;

/// <summary>
/// Queries that read from an index in page order instead of the whole graph (issue 18) must return what reading every
/// row returned: trial listings driven by a facet index or by the TESTS edges, and shortest paths that meet in the
/// middle between two hub concepts instead of expanding them.
/// </summary>
public sealed class IndexBoundedQueryTests : TempDatabaseFolder
{
    private static readonly string[] Phases = ["PHASE1", "PHASE2", "PHASE1/PHASE2", "PHASE3", "EARLY_PHASE1", "Phase 2", "NA"];
    private static readonly string[] Statuses = ["RECRUITING", "COMPLETED", "ACTIVE_NOT_RECRUITING", "Active, not recruiting", "TERMINATED"];

    /// <summary>Trials with varied phase and status spellings (some missing), each testing one or two cell types.</summary>
    private static IReadOnlyList<GraphBatch> Trials(int count)
    {
        var rng = new Random(11);
        var cellTypes = ConceptVocabulary.Default.OfKind(GraphSchema.Labels.CellType).Select(c => c.Id).ToArray();
        var batches = new List<GraphBatch>();
        for (var i = 0; i < count; i++)
        {
            var id = $"trial:NCT{4000000 + (i * 7919 % 100000):D8}";
            var props = new Dictionary<string, object?> { ["category"] = "biolink:ClinicalTrial" };
            if (rng.Next(8) > 0) props["phase"] = Phases[rng.Next(Phases.Length)];
            if (rng.Next(8) > 0) props["status"] = Statuses[rng.Next(Statuses.Length)];
            var tests = Enumerable.Range(0, 1 + rng.Next(2)).Select(_ => cellTypes[rng.Next(cellTypes.Length)]).Distinct()
                .Select(ct => new GraphEdge(id, "TESTS", ct, GraphEdge.ManualAgent, [], new Dictionary<string, object?>())).ToList();
            batches.Add(new GraphBatch("registry:" + id, "h", id + ".json", [],
                [new GraphNode(id, "Trial", id[6..], props) { Authoritative = true }], tests));
        }
        return batches;
    }

    [Fact]
    public async Task Filtered_trial_listings_page_through_exactly_the_trials_that_match()
    {
        await using var store = new SqliteGraphStore(Path.Combine(Dir, "graph.db"));
        await store.UpsertAsync(Trials(700));
        var all = await AllAsync(store, new TrialFilter(), 1000);
        Assert.Equal(700, all.Count);
        Assert.True(all.Select(t => t.Id).SequenceEqual(all.Select(t => t.Id).Order(StringComparer.Ordinal)));
        var vocabulary = ConceptVocabulary.Default;
        IEnumerable<string> Ancestors(string id)
        {
            for (var c = vocabulary.Concepts.FirstOrDefault(x => x.Id == id)?.Broader; c is not null; c = vocabulary.Concepts.FirstOrDefault(x => x.Id == c)?.Broader)
                yield return c;
        }
        var filters = new List<(TrialFilter Filter, Func<TrialSummary, bool> Expected)>
        {
            (new TrialFilter(Phase: "2"), t => TrialFacets.PhaseMatches(t.Phase, "2")),
            (new TrialFilter(Phase: "1/2"), t => TrialFacets.PhaseMatches(t.Phase, "1/2")),
            (new TrialFilter(Phase: "4"), _ => false),
            (new TrialFilter(Status: "active, not recruiting"), t => TrialFacets.StatusMatches(t.Status, "active, not recruiting")),
            (new TrialFilter(Status: "active"), _ => false),
            (new TrialFilter(Status: "recruiting", Phase: "1"), t => TrialFacets.StatusMatches(t.Status, "recruiting") && TrialFacets.PhaseMatches(t.Phase, "1")),
        };
        foreach (var cellType in new[] { "celltype:insulin-producing", "celltype:treg", "celltype:islet" })
        {
            var allowed = vocabulary.OfKind(GraphSchema.Labels.CellType).Where(c => c.Id == cellType || Ancestors(c.Id).Contains(cellType)).Select(c => c.Id).ToHashSet();
            filters.Add((new TrialFilter(CellType: cellType), t => t.CellTypes.Any(allowed.Contains)));
            filters.Add((new TrialFilter(CellType: cellType, Phase: "2"), t => t.CellTypes.Any(allowed.Contains) && TrialFacets.PhaseMatches(t.Phase, "2")));
        }
        foreach (var mechanism in new[] { "mechanism:replacement", "mechanism:immunomodulation", "mechanism:gene-editing" })
        {
            var allowed = (await store.GetCellTypesAsync(mechanism)).Select(c => c.Id).ToHashSet();
            filters.Add((new TrialFilter(Mechanism: mechanism), t => t.CellTypes.Any(allowed.Contains)));
        }
        foreach (var (filter, expected) in filters)
        {
            var want = all.Where(expected).ToList();
            foreach (var limit in new[] { 3, 50, 1000 })
            {
                var got = await AllAsync(store, filter, limit);
                Assert.True(want.Select(t => t.Id).SequenceEqual(got.Select(t => t.Id)), $"{filter} limit {limit}: want {want.Count}, got {got.Count}");
                Assert.Equal(want.Select(t => (t.Phase, t.Status, string.Join(",", t.CellTypes), string.Join(",", t.Mechanisms))),
                    got.Select(t => (t.Phase, t.Status, string.Join(",", t.CellTypes), string.Join(",", t.Mechanisms))));
            }
        }
    }

    private static async Task<List<TrialSummary>> AllAsync(IGraphStore store, TrialFilter filter, int limit)
    {
        var all = new List<TrialSummary>();
        string? cursor = null;
        for (var i = 0; i < 1000; i++)
        {
            var page = await store.GetTrialsAsync(filter, limit, cursor);
            Assert.True(page.Items.Count <= limit);
            all.AddRange(page.Items);
            if ((cursor = page.NextCursor) is null) break;
            Assert.Equal(limit, page.Items.Count);
        }
        return all;
    }

    /// <summary>Papers that each mention two of a handful of hub concepts (and a few rare ones), so paths between
    /// papers and concepts run through hubs with hundreds of papers.</summary>
    private static IReadOnlyList<GraphBatch> Papers(int count)
    {
        var rng = new Random(5);
        var concepts = ConceptVocabulary.Default.Concepts.Where(c => c.Kind is "CellType" or "Outcome" or "Protection").Select(c => c.Id).ToArray();
        var batches = new List<GraphBatch>();
        for (var i = 0; i < count; i++)
        {
            var id = $"paper:pmid:{30000000 + i}";
            var mentions = new[] { concepts[rng.Next(4)], concepts[4 + rng.Next(concepts.Length - 4)] }.Distinct()
                .Select(c => new GraphEdge(id, "MENTIONS", c, GraphEdge.TextMiningAgent, [], new Dictionary<string, object?> { ["count"] = 1L })).ToList();
            batches.Add(new GraphBatch(id, "h", id + ".json", [],
                [new GraphNode(id, "Paper", "Paper " + i, new Dictionary<string, object?> { ["title"] = "Paper " + i }) { Authoritative = true }], mentions));
        }
        return batches;
    }

    [Fact]
    public async Task Shortest_paths_through_hub_concepts_are_valid_and_as_short_as_breadth_first_search_finds()
    {
        await using var store = new SqliteGraphStore(Path.Combine(Dir, "graph.db"));
        await store.UpsertAsync(Papers(600));
        var export = await store.ExportAsync();
        var adjacent = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var r in export.Relationships)
        {
            (adjacent.TryGetValue(r.From, out var a) ? a : adjacent[r.From] = []).Add(r.To);
            (adjacent.TryGetValue(r.To, out var b) ? b : adjacent[r.To] = []).Add(r.From);
        }
        int? Distance(string from, string to, int max)
        {
            var seen = new HashSet<string> { from };
            var frontier = new List<string> { from };
            for (var d = 0; d <= max; d++)
            {
                if (frontier.Contains(to)) return d;
                frontier = [.. frontier.SelectMany(n => adjacent.GetValueOrDefault(n) ?? []).Where(seen.Add)];
            }
            return null;
        }
        var rng = new Random(3);
        var concepts = ConceptVocabulary.Default.Concepts.Select(c => c.Id).ToArray();
        var checkedPaths = 0;
        for (var i = 0; i < 150; i++)
        {
            var from = $"paper:pmid:{30000000 + rng.Next(600)}";
            var to = rng.Next(2) == 0 ? $"paper:pmid:{30000000 + rng.Next(600)}" : concepts[rng.Next(concepts.Length)];
            foreach (var maxHops in new[] { 2, 3, 4 })
            {
                var path = await store.FindShortestPathAsync(from, to, maxHops);
                var expected = Distance(from, to, maxHops);
                Assert.Equal(expected, path?.Length);
                if (path is null) continue;
                Assert.Equal(from, path.Nodes[0].Id);
                Assert.Equal(to, path.Nodes[^1].Id);
                for (var k = 0; k < path.Length; k++)
                {
                    var r = path.Relationships[k];
                    Assert.Equal(new[] { path.Nodes[k].Id, path.Nodes[k + 1].Id }.Order(StringComparer.Ordinal), new[] { r.From, r.To }.Order(StringComparer.Ordinal));
                }
                checkedPaths++;
            }
        }
        Assert.True(checkedPaths > 200);
    }
}
