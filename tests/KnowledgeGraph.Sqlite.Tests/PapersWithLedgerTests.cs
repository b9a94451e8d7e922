using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Sqlite.Tests;

/// <summary>
/// A group's papers and their ledger records are one SQLite transaction (<see cref="SqliteGraphStore.UpsertWithIngestionsAsync"/>):
/// the ledger then writes no Received records first, so this transaction alone must keep "no paper without a record":
/// a failure anywhere in it, before or after the papers, leaves neither the papers nor the records.
/// </summary>
public sealed class PapersWithLedgerTests : TempDatabaseFolder
{
    private static GraphBatch Paper(int n) => new($"paper:pmid:{n}", $"h{n}", $"test/{n}", [$"PMID:{n}"],
        [new($"paper:pmid:{n}", GraphSchema.Labels.Paper, $"Paper {n}", new Dictionary<string, object?> { ["title"] = $"Paper {n}" }) { Authoritative = true },
         new("celltype:treg", GraphSchema.Labels.CellType, "Treg", new Dictionary<string, object?>())],
        [new($"paper:pmid:{n}", GraphSchema.Relationships.Mentions, "celltype:treg", GraphEdge.TextMiningAgent,
            [new EvidenceSentence($"paper:pmid:{n}", $"Tregs in paper {n}.", 0, 5, "abstract", "test", null, null)],
            new Dictionary<string, object?>())]);

    private static IngestionRecord Record(int n, IngestionStatus status) =>
        new($"file:/in/{n}.json", null, $"hash{n}", status, null, 1, [$"paper:pmid:{n}"], DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Papers_and_records_are_written_together_from_the_write_results()
    {
        await using var store = new SqliteGraphStore(Path.Combine(Dir, "together.db"));
        Assert.True(store.WritesIngestionsWithPapers);
        IReadOnlyList<UpsertResult>? seen = null;
        var written = await store.UpsertWithIngestionsAsync([Paper(1), Paper(2)], results =>
        {
            seen = results;
            return [.. results.Select((r, i) => Record(i + 1, r.Outcome == UpsertOutcome.Unchanged ? IngestionStatus.Unchanged : IngestionStatus.Ingested))];
        });

        Assert.Same(written, seen);
        Assert.All(written, r => Assert.Equal(UpsertOutcome.Added, r.Outcome));
        Assert.Equal(2, (await store.GetCountsAsync()).Nodes[GraphSchema.Labels.Paper]);
        foreach (var n in new[] { 1, 2 })
        {
            var record = await store.GetIngestionAsync($"file:/in/{n}.json");
            Assert.Equal(IngestionStatus.Ingested, record!.Status);
            Assert.Equal([$"file:/in/{n}.json"], (await store.FindIngestionsHoldingAsync([$"paper:pmid:{n}"])).Select(r => r.Name));
        }
    }

    [Fact]
    public async Task A_failure_after_the_papers_leaves_neither_papers_nor_records()
    {
        await using var store = new SqliteGraphStore(Path.Combine(Dir, "rollback.db"));
        // The records fail after every paper's statements ran (as a kill between the two would stop it): all rolls back.
        await Assert.ThrowsAsync<IOException>(() => store.UpsertWithIngestionsAsync([Paper(1), Paper(2)], _ => throw new IOException("disk gone")));
        Assert.Equal(0, (await store.GetCountsAsync()).Nodes[GraphSchema.Labels.Paper]);
        Assert.Null(await store.GetDocumentHashAsync("paper:pmid:1"));
        Assert.Null(await store.GetNodeAsync("paper:pmid:2"));
        Assert.Null(await store.GetIngestionAsync("file:/in/1.json"));

        // A failure in the middle of the records (the first one written, the second not) does the same.
        await Assert.ThrowsAsync<IOException>(() => store.UpsertWithIngestionsAsync([Paper(1), Paper(2)], _ => new FailingAfterFirst(Record(1, IngestionStatus.Ingested))));
        Assert.Equal(0, (await store.GetCountsAsync()).Nodes[GraphSchema.Labels.Paper]);
        Assert.Null(await store.GetIngestionAsync("file:/in/1.json"));
        Assert.Empty(await store.FindIngestionsHoldingAsync(["paper:pmid:1"]));

        // And the same group afterwards is written whole, as if nothing had happened.
        await store.UpsertWithIngestionsAsync([Paper(1), Paper(2)], _ => [Record(1, IngestionStatus.Ingested), Record(2, IngestionStatus.Ingested)]);
        Assert.Equal(2, (await store.GetCountsAsync()).Nodes[GraphSchema.Labels.Paper]);
        Assert.Equal(IngestionStatus.Ingested, (await store.GetIngestionAsync("file:/in/2.json"))!.Status);
    }

    /// <summary>A list of two records whose second cannot be read: the write fails after the first record's statements.</summary>
    private sealed class FailingAfterFirst(IngestionRecord first) : IReadOnlyList<IngestionRecord>
    {
        public int Count => 2;

        public IngestionRecord this[int index] => index == 0 ? first : throw new IOException("disk gone");

        public IEnumerator<IngestionRecord> GetEnumerator()
        {
            yield return first;
            throw new IOException("disk gone");
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
