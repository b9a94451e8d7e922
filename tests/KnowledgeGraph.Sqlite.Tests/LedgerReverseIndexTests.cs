using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Sqlite.Tests;

/// <summary>
/// The ledger's reverse index (paper -> records holding it) is kept by difference: rows a record still holds stay, papers
/// it no longer holds go, new ones come. Whatever the sequence of writes, it must answer as if rebuilt from the records.
/// </summary>
public sealed class LedgerReverseIndexTests : TempDatabaseFolder
{
    [Fact]
    public async Task A_record_rewritten_with_other_papers_is_found_only_by_the_papers_it_holds_now()
    {
        await using var store = new SqliteGraphStore(Path.Combine(Dir, "ledger.db"));
        IngestionRecord Record(string name, params string[] docs) =>
            new(name, null, "h", IngestionStatus.Ingested, null, 1, docs, DateTimeOffset.UnixEpoch);
        async Task<string[]> HoldersAsync(string doc) => [.. (await store.FindIngestionsHoldingAsync([doc])).Select(r => r.Name)];

        await store.UpsertIngestionsAsync([Record("file:/a", "p1", "p2"), Record("file:/b", "p2")]);
        Assert.Equal(["file:/a", "file:/b"], await HoldersAsync("p2"));

        // The same papers again (a group's outcome after its Received record), then a version holding p2 and p3.
        await store.UpsertIngestionsAsync([Record("file:/a", "p1", "p2")]);
        await store.UpsertIngestionsAsync([Record("file:/a", "p2", "p3", "p3")]);
        Assert.Empty(await HoldersAsync("p1"));
        Assert.Equal(["file:/a", "file:/b"], await HoldersAsync("p2"));
        Assert.Equal(["file:/a"], await HoldersAsync("p3"));

        // One at a time (the plain path's writer) and then holding nothing.
        await store.UpsertIngestionAsync(Record("file:/b"));
        Assert.Equal(["file:/a"], await HoldersAsync("p2"));
        await store.UpsertIngestionsAsync([Record("file:/a")]);
        Assert.Empty(await HoldersAsync("p2"));
        Assert.Empty(await HoldersAsync("p3"));
    }
}
