using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Sqlite.Tests;

/// <summary>
/// A group of batches is written in one transaction with statements shared by every batch, edges touching a node the
/// batch itself created skip their lookup, and the write generation moves once per transaction. None of that may change
/// the graph: a group must leave exactly what writing its batches one call at a time leaves, including a paper written
/// twice in one group (a replacement inside the transaction), trials created by one paper and linked from the next, and
/// duplicate edges within a batch.
/// </summary>
public sealed class GroupWriteTests : TempDatabaseFolder
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task A_group_write_leaves_the_graph_of_one_write_per_batch(int seed)
    {
        var batches = Batches(new Random(seed));
        await using var grouped = new SqliteGraphStore(Path.Combine(Dir, "grouped.db"));
        var groupResults = await grouped.UpsertAsync(batches);
        await using var single = new SqliteGraphStore(Path.Combine(Dir, "single.db"));
        var singleResults = new List<UpsertResult>();
        foreach (var batch in batches) singleResults.AddRange(await single.UpsertAsync([batch]));

        Assert.Equal(singleResults, groupResults);
        Assert.Contains(groupResults, r => r.Outcome == UpsertOutcome.Replaced);
        Assert.Contains(groupResults, r => r.Outcome == UpsertOutcome.Unchanged);
        Assert.Equal(await GraphAsync(single), await GraphAsync(grouped));
        Assert.Equal((await single.GetCountsAsync()).Nodes, (await grouped.GetCountsAsync()).Nodes);
        Assert.Equal((await single.GetCountsAsync()).Relationships, (await grouped.GetCountsAsync()).Relationships);
        foreach (var query in new[] { "paper 1", "trial", "nct0", "treg", "aper 2 v" })
            Assert.Equal(Ids(await single.SearchNodesAsync(query, null, 50, null)), Ids(await grouped.SearchNodesAsync(query, null, 50, null)));
    }

    [Fact]
    public async Task A_group_write_moves_the_generation_so_cached_provenance_is_not_served()
    {
        static GraphBatch Hub(int n) => new($"paper:pmid:{n}", $"h{n}", $"test/{n}", [$"PMID:{n}"],
            [new("celltype:treg", GraphSchema.Labels.CellType, "Treg", new Dictionary<string, object?>()),
             new("outcome:c-peptide", GraphSchema.Labels.Outcome, "C-peptide", new Dictionary<string, object?>())],
            [new("celltype:treg", GraphSchema.Relationships.ReportsOutcome, "outcome:c-peptide", GraphEdge.TextMiningAgent,
                [new EvidenceSentence($"paper:pmid:{n}", $"Sentence of {n}.", 0, 8, "abstract", "test", "improved", null)],
                new Dictionary<string, object?> { ["vote"] = "improved" })]);
        await using var store = new SqliteGraphStore(Path.Combine(Dir, "generation.db"));
        await store.UpsertAsync([.. Enumerable.Range(0, 20).Select(Hub)]);
        // Twenty documents: enough for the provenance cache to keep the edge's lists.
        var before = await store.GetEvidenceAsync("celltype:treg", GraphSchema.Relationships.ReportsOutcome, "outcome:c-peptide");
        Assert.Equal(20, before!.Relationship.PrimarySources.Count);
        await store.UpsertAsync([.. Enumerable.Range(20, 3).Select(Hub)]);
        var after = await store.GetEvidenceAsync("celltype:treg", GraphSchema.Relationships.ReportsOutcome, "outcome:c-peptide");
        Assert.Equal(23, after!.Relationship.PrimarySources.Count);
        Assert.Equal(23, after.Relationship.PaperCount);
    }

    private static List<string> Ids(Page<GraphNode> page) => [.. page.Items.Select(n => n.Id)];

    private static async Task<List<string>> GraphAsync(SqliteGraphStore store)
    {
        var graph = await store.ExportAsync();
        return [.. graph.Nodes.Select(n => GraphJson.Serialize(n)).Concat(graph.Relationships.Select(r => GraphJson.Serialize(r))).Order(StringComparer.Ordinal)];
    }

    private static readonly string[] CellTypes = ["celltype:treg", "celltype:msc", "celltype:islet"];
    private static readonly string[] Outcomes = ["outcome:c-peptide", "outcome:hba1c"];
    private static readonly string?[] Polarities = ["improved", "worsened", "unchanged", "not_achieved", null];

    /// <summary>Papers on shared hub edges; every fifth also registers a trial that the next paper reports on; paper 3
    /// comes again in a second version and paper 4 twice unchanged.</summary>
    private static List<GraphBatch> Batches(Random rng)
    {
        var list = new List<GraphBatch>();
        string? lastTrial = null;
        for (var n = 0; n < 30; n++)
        {
            list.Add(Paper(rng, n, version: 1, lastTrial));
            lastTrial = n % 5 == 0 ? $"trial:NCT0{n:D7}" : null;
            if (n == 3) list.Add(Paper(rng, 3, version: 2, null));
            if (n == 4) list.Add(list[^1]);
        }
        return list;
    }

    private static GraphBatch Paper(Random rng, int n, int version, string? reportsOn)
    {
        var id = $"paper:pmid:{n}";
        var nodes = new List<GraphNode>
        {
            new(id, GraphSchema.Labels.Paper, $"Paper {n} v{version}", new Dictionary<string, object?> { ["title"] = $"Paper {n} v{version}" }) { Authoritative = true },
        };
        var edges = new List<GraphEdge>();
        if (n % 5 == 0)
        {
            // The trial is new to the store in this batch: its edge needs no lookup.
            var trial = $"trial:NCT0{n:D7}";
            nodes.Add(new GraphNode(trial, GraphSchema.Labels.Trial, $"Trial {n}", new Dictionary<string, object?>()));
            edges.Add(new GraphEdge(id, GraphSchema.Relationships.ReportsOn, trial, GraphEdge.TextMiningAgent, [], new Dictionary<string, object?>()));
        }
        if (reportsOn is not null)
        {
            // Created by the batch before (in the same group): an existing node, so this edge is looked up.
            nodes.Add(new GraphNode(reportsOn, GraphSchema.Labels.Trial, "Trial", new Dictionary<string, object?>()));
            edges.Add(new GraphEdge(id, GraphSchema.Relationships.ReportsOn, reportsOn, GraphEdge.TextMiningAgent, [], new Dictionary<string, object?>()));
        }
        foreach (var cell in CellTypes.Where(_ => rng.Next(3) > 0))
        {
            nodes.Add(new GraphNode(cell, GraphSchema.Labels.CellType, cell, new Dictionary<string, object?>()));
            var mention = new GraphEdge(id, GraphSchema.Relationships.Mentions, cell, GraphEdge.TextMiningAgent, [],
                new Dictionary<string, object?> { ["count"] = (long)rng.Next(1, 5) });
            edges.Add(mention);
            if (rng.Next(3) == 0) edges.Add(mention); // the same edge twice in one batch: merged into one contribution
            foreach (var outcome in Outcomes.Where(_ => rng.Next(2) == 0))
            {
                nodes.Add(new GraphNode(outcome, GraphSchema.Labels.Outcome, outcome, new Dictionary<string, object?>()));
                var evidence = Enumerable.Range(0, rng.Next(1, 3)).Select(s => new EvidenceSentence(id, $"Sentence {s} of paper {n} v{version}.", 0, 8,
                    "abstract", "test", Polarities[rng.Next(Polarities.Length)], rng.Next(4) == 0 ? $"{rng.Next(1, 20)} of 20" : null,
                    Negated: false, Speculative: rng.Next(6) == 0, Weight: rng.Next(1, 11) / 10.0)).ToList();
                edges.Add(new GraphEdge(cell, GraphSchema.Relationships.ReportsOutcome, outcome, GraphEdge.TextMiningAgent, evidence,
                    new Dictionary<string, object?> { ["vote"] = Polarities[rng.Next(4)] }));
            }
        }
        return new GraphBatch(id, $"hash-{n}-v{version}", $"test/{n}", [$"PMID:{n}"], nodes.DistinctBy(x => x.Id).ToList(), edges);
    }
}
