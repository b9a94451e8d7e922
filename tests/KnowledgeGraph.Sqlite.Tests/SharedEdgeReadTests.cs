using KnowledgeGraph.Core.Graph;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite.Tests;

/// <summary>A widely shared edge's provenance lists are kept between reads; any write, from any store instance on
/// the file (as another process would), must show in the next read.</summary>
public sealed class SharedEdgeReadTests : TempDatabaseFolder
{
    private const string Hub = "celltype:treg";
    private const string Outcome = "outcome:c-peptide";


    [Fact]
    public async Task A_shared_edge_read_after_another_writer_adds_or_deletes_a_paper_shows_the_change()
    {
        var path = Path.Combine(Dir, "graph.db");
        await using var reader = new SqliteGraphStore(path);
        await using var writer = new SqliteGraphStore(path);
        await writer.UpsertAsync([.. Enumerable.Range(0, 40).Select(Paper)]);

        var first = await SharedEdgeAsync(reader);
        Assert.Equal(40, first.PaperCount);
        Assert.Equal(40, first.PrimarySources.Count);
        Assert.Equal(40, (await SharedEdgeAsync(reader)).Publications.Count); // second read: from the kept lists

        await writer.UpsertAsync([Paper(40)]);
        var added = await SharedEdgeAsync(reader);
        Assert.Equal(41, added.PaperCount);
        Assert.Contains("paper:pmid:40", added.PrimarySources);
        Assert.Contains("PMID:40", added.Publications);

        Assert.True(await writer.DeleteDocumentAsync("paper:pmid:3"));
        var deleted = await SharedEdgeAsync(reader);
        Assert.Equal(40, deleted.PrimarySources.Count);
        Assert.DoesNotContain("paper:pmid:3", deleted.PrimarySources);
        Assert.DoesNotContain("PMID:3", deleted.Publications);
        Assert.Equal(GraphJson.Serialize(deleted), GraphJson.Serialize((await writer.GetEvidenceAsync(Hub, "REPORTS_OUTCOME", Outcome))!.Relationship));
    }

    private static async Task<GraphRelationship> SharedEdgeAsync(SqliteGraphStore store) =>
        Assert.Single((await store.GetNeighborsAsync(Hub, 1, ["REPORTS_OUTCOME"], 10))!.Relationships);

    private static GraphBatch Paper(int i)
    {
        var id = $"paper:pmid:{i}";
        const string text = "Treg therapy preserved C-peptide.";
        var evidence = new EvidenceSentence(id, text, 0, 32, "Abstract", "test/1", "improved");
        return new GraphBatch(id, $"hash-{i}", $"{i}.json", [$"PMID:{i}"],
            [new GraphNode(id, "Paper", $"Paper {i}", new Dictionary<string, object?> { ["title"] = $"Paper {i}" }) { Authoritative = true }],
            [
                new GraphEdge(id, "MENTIONS", Hub, GraphEdge.TextMiningAgent, [evidence with { Start = 0, End = 4 }], new Dictionary<string, object?> { ["count"] = 1L }),
                new GraphEdge(Hub, "REPORTS_OUTCOME", Outcome, GraphEdge.TextMiningAgent, [evidence], new Dictionary<string, object?>()),
            ]);
    }
}
