using KnowledgeGraph.Core.Graph;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite.Tests;

/// <summary>
/// Deleting or replacing a paper takes its share out of each hub edge's running totals instead of rebuilding the edge
/// from every other paper's contribution (which made replacing a many-paper input quadratic). Whatever the order of the
/// deletions, the graph must equal one written from the papers that are left.
/// </summary>
public sealed class HubEdgeDeletionTests : TempDatabaseFolder
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Deleting_and_replacing_papers_of_hub_edges_leaves_the_graph_of_the_papers_left(int seed)
    {
        var rng = new Random(seed);
        var papers = Enumerable.Range(0, 60).Select(i => Paper(rng, i, version: 1)).ToList();
        await using var store = new SqliteGraphStore(Path.Combine(Dir, "churned.db"));
        await store.UpsertAsync(papers);

        var gone = papers.OrderBy(_ => rng.Next()).Take(35).ToList();
        foreach (var paper in gone) Assert.True(await store.DeleteDocumentAsync(paper.DocumentId));
        var left = papers.Except(gone).ToList();
        // A replaced paper loses its old share and gains the new one.
        var replaced = left.Take(10).Select(p => Paper(new Random(seed * 1000 + left.IndexOf(p)), int.Parse(p.DocumentId[(p.DocumentId.LastIndexOf(':') + 1)..]), version: 2)).ToList();
        await store.UpsertAsync(replaced);
        left = [.. replaced, .. left.Skip(10)];

        await using var clean = new SqliteGraphStore(Path.Combine(Dir, "clean.db"));
        await clean.UpsertAsync(left);

        Assert.Equal(await EdgesAsync(clean), await EdgesAsync(store));
        Assert.Equal((await clean.GetCountsAsync()).Relationships, (await store.GetCountsAsync()).Relationships);
    }

    /// <summary>Every relationship as JSON, confidence rounded as read; sums of subtracted weights may differ in the last bits.</summary>
    private static async Task<List<string>> EdgesAsync(SqliteGraphStore store)
    {
        var graph = await store.ExportAsync();
        return [.. graph.Relationships.Select(r => GraphJson.Serialize(r)).Order(StringComparer.Ordinal)];
    }

    private static readonly string[] CellTypes = ["celltype:treg", "celltype:msc", "celltype:islet"];
    private static readonly string[] Outcomes = ["outcome:c-peptide", "outcome:hba1c", "outcome:insulin-independence"];
    private static readonly string?[] Polarities = ["improved", "worsened", "unchanged", "not_achieved", null];

    /// <summary>A paper reporting on a few of the shared cell type -> outcome edges, with varied polarities, weights and values.</summary>
    private static GraphBatch Paper(Random rng, int n, int version)
    {
        var id = $"paper:pmid:{n}";
        var nodes = new List<GraphNode> { new(id, GraphSchema.Labels.Paper, $"Paper {n}", new Dictionary<string, object?>()) { Authoritative = true } };
        var edges = new List<GraphEdge>();
        foreach (var cell in CellTypes.Where(_ => rng.Next(3) > 0))
        {
            nodes.Add(new GraphNode(cell, GraphSchema.Labels.CellType, cell, new Dictionary<string, object?>()));
            edges.Add(new GraphEdge(id, GraphSchema.Relationships.Mentions, cell, GraphEdge.TextMiningAgent, [],
                new Dictionary<string, object?> { ["count"] = (long)rng.Next(1, 5) }));
            foreach (var outcome in Outcomes.Where(_ => rng.Next(2) == 0))
            {
                nodes.Add(new GraphNode(outcome, GraphSchema.Labels.Outcome, outcome, new Dictionary<string, object?>()));
                var evidence = Enumerable.Range(0, rng.Next(1, 4)).Select(s => new EvidenceSentence(id, $"Sentence {s} of paper {n} v{version}.", 0, 8,
                    "abstract", "test", Polarities[rng.Next(Polarities.Length)], rng.Next(4) == 0 ? $"{rng.Next(1, 20)} of 20" : null,
                    Negated: rng.Next(5) == 0, Speculative: rng.Next(6) == 0, Weight: rng.Next(1, 11) / 10.0)).ToList();
                var props = new Dictionary<string, object?> { ["vote"] = Polarities[rng.Next(4)] };
                if (evidence.FirstOrDefault(e => e.Value is not null) is { } valued) props["value"] = valued.Value;
                edges.Add(new GraphEdge(cell, GraphSchema.Relationships.ReportsOutcome, outcome, GraphEdge.TextMiningAgent, evidence, props));
            }
        }
        return new GraphBatch(id, $"hash-{n}-v{version}", $"test/{n}", [$"PMID:{n}"], nodes.DistinctBy(x => x.Id).ToList(), edges);
    }
}
