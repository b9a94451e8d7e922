using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Sqlite.Tests;

/// <summary>
/// Group writes run on one connection the store keeps open (with its page cache). A failed group must leave nothing and
/// must not leave that connection in a state that breaks or leaks into the next group; writes made meanwhile through
/// another store on the same file (another process, another connection) must be seen by the next group.
/// </summary>
public sealed class WriterConnectionTests : TempDatabaseFolder
{
    private static GraphBatch Paper(int n, string? dangling = null) => new($"paper:pmid:{n}", $"h{n}", $"test/{n}", [$"PMID:{n}"],
        [new($"paper:pmid:{n}", GraphSchema.Labels.Paper, $"Paper {n}", new Dictionary<string, object?> { ["title"] = $"Paper {n}" }) { Authoritative = true }],
        [new($"paper:pmid:{n}", GraphSchema.Relationships.Mentions, dangling ?? "celltype:treg", GraphEdge.TextMiningAgent,
            [new EvidenceSentence($"paper:pmid:{n}", $"Tregs in {n}.", 0, 5, "abstract", "test")], new Dictionary<string, object?> { ["count"] = 1L })]);

    [Fact]
    public async Task A_failed_group_leaves_nothing_and_the_next_group_writes()
    {
        await using var store = new SqliteGraphStore(Path.Combine(Dir, "graph.db"));
        await store.UpsertAsync([Paper(1)]);
        // The second batch names a node that is neither stored nor in it: the whole group fails.
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.UpsertAsync([Paper(2), Paper(3, dangling: "celltype:nowhere")]));
        Assert.Null(await store.GetDocumentHashAsync("paper:pmid:2"));
        Assert.Equal([UpsertOutcome.Added, UpsertOutcome.Unchanged], (await store.UpsertAsync([Paper(2), Paper(1)])).Select(r => r.Outcome));
        Assert.Equal(2, (await store.GetCountsAsync()).Nodes[GraphSchema.Labels.Paper]);
    }

    [Fact]
    public async Task A_group_sees_what_another_store_on_the_same_file_wrote_since_its_last_group()
    {
        var path = Path.Combine(Dir, "graph.db");
        await using var first = new SqliteGraphStore(path);
        await using var second = new SqliteGraphStore(path);
        await first.UpsertAsync([Paper(1)]);
        await second.UpsertAsync([Paper(2)]);
        Assert.True(await second.DeleteDocumentAsync("paper:pmid:1"));
        // The first store's writer last saw paper 1 and not paper 2: its cached pages must not be trusted.
        var results = await first.UpsertAsync([Paper(1), Paper(2)]);
        Assert.Equal([UpsertOutcome.Added, UpsertOutcome.Unchanged], results.Select(r => r.Outcome));
        Assert.Equal(2, (await first.GetCountsAsync()).Nodes[GraphSchema.Labels.Paper]);
        Assert.Equal(2, (await first.GetCountsAsync()).Relationships[GraphSchema.Relationships.Mentions]);
    }
}
