using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Neo4j.Tests;

/// <summary>Writes go out as one request per BatchSize papers, never one per node or edge.</summary>
public sealed class BatchingTests
{
    [Fact]
    public async Task Ingesting_100_papers_with_batch_size_25_sends_4_write_requests()
    {
        var handler = new RecordingHandler(UpsertResponder.Answer);
        var (store, services) = StoreFactory.Create(handler, o => o.BatchSize = 25);
        await using var _ = services;
        var batches = Enumerable.Range(1, 100).Select(i => TestBatches.Paper(i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();

        var results = await store.UpsertAsync(batches);

        Assert.Equal(4, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal(25, r.Parameters.GetProperty("docs").GetArrayLength()));
        Assert.Equal(batches.Select(b => b.DocumentId), results.Select(r => r.DocumentId));
        Assert.All(results, r => Assert.Equal(UpsertOutcome.Added, r.Outcome));
    }

    [Fact]
    public async Task Batch_size_one_sends_one_request_per_paper_and_never_more()
    {
        var handler = new RecordingHandler(UpsertResponder.Answer);
        var (store, services) = StoreFactory.Create(handler, o => o.BatchSize = 1);
        await using var _ = services;

        await store.UpsertAsync([.. Enumerable.Range(1, 100).Select(i => TestBatches.Paper(i.ToString(System.Globalization.CultureInfo.InvariantCulture)))]);

        Assert.Equal(100, handler.Requests.Count);
    }

    [Fact]
    public void A_document_repeated_in_one_call_starts_a_new_request_so_the_later_version_sees_the_earlier()
    {
        var batches = new[] { TestBatches.Paper("1"), TestBatches.Paper("2"), TestBatches.Paper("1", hash: "h2"), TestBatches.Paper("3") };

        var chunks = Neo4jGraphStore.Chunk(batches, 25).ToList();

        Assert.Equal(2, chunks.Count);
        Assert.Equal(["paper:PMID1", "paper:PMID2"], chunks[0].Select(b => b.DocumentId));
        Assert.Equal(["paper:PMID1", "paper:PMID3"], chunks[1].Select(b => b.DocumentId));
        Assert.Equal("h2", chunks[1][0].ContentHash);
    }
}
