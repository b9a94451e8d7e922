using System.Net;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Neo4j.Tests;

/// <summary>Search reads the full-text index for plain words (a Lucene query every containing node matches) and every node
/// otherwise; the ledger's group reads and writes are one UNWIND request each.</summary>
public sealed class SearchAndLedgerBatchTests
{
    [Theory]
    [InlineData("treg", "*treg*")]
    [InlineData("regulatory t cells", "*regulatory AND t AND cells*")]
    [InlineData("phase 1", "*phase AND 1*")]
    [InlineData("nct0400", "*nct0400*")]
    [InlineData("c-peptide", null)]
    [InlineData("β-cell", null)]
    [InlineData("a  b", null)]
    [InlineData("treg*", null)]
    [InlineData("\"treg\"", null)]
    [InlineData("paper:pmid:1", null)]
    public void Only_plain_words_get_a_lucene_query_that_every_containing_value_matches(string q, string? expected) =>
        Assert.Equal(expected, Neo4jFulltextQuery.For(q));

    [Fact]
    public async Task A_plain_word_search_reads_the_full_text_index_and_other_text_every_node()
    {
        var handler = new RecordingHandler();
        var (store, services) = StoreFactory.Create(handler);
        await using var _ = services;

        await store.SearchNodesAsync("  Regulatory T ", "CellType", 10, null);
        await store.SearchNodesAsync("C-peptide", null, 10, null);
        await store.SearchNodesAsync(null, "Trial", 10, null);

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(Neo4jStatements.SearchNodesIndexed, handler.Requests[0].Statement);
        Assert.Contains("db.index.fulltext.queryNodes('entity_search'", handler.Requests[0].Statement, StringComparison.Ordinal);
        Assert.Equal("*regulatory AND t*", handler.Requests[0].Parameters.GetProperty("fulltext").GetString());
        Assert.Equal("regulatory t", handler.Requests[0].Parameters.GetProperty("q").GetString());
        Assert.Equal("CellType", handler.Requests[0].Parameters.GetProperty("label").GetString());
        Assert.Equal(Neo4jStatements.SearchNodes, handler.Requests[1].Statement);
        Assert.Equal(Neo4jStatements.SearchNodes, handler.Requests[2].Statement);
        Assert.Equal("Read", handler.Requests[0].AccessMode);
    }

    [Fact]
    public async Task A_group_of_ledger_records_is_one_request_to_read_and_one_to_write()
    {
        var handler = new RecordingHandler();
        handler.Enqueue(HttpStatusCode.Accepted, QueryApiBodies.Rows(["record"], [new Dictionary<string, object?>
        {
            ["name"] = "b", ["status"] = "Ingested", ["attempts"] = 1L, ["documentIds"] = new[] { "paper:pmid:2" },
            ["contentHash"] = "h", ["updatedAt"] = "2026-01-01T00:00:00.0000000+00:00",
        }]));
        var (store, services) = StoreFactory.Create(handler);
        await using var _ = services;

        var found = await store.GetIngestionsAsync(["a", "b", "c"]);
        var at = DateTimeOffset.UnixEpoch;
        await store.UpsertIngestionsAsync([
            new IngestionRecord("a", null, "h1", IngestionStatus.Received, null, 1, ["paper:pmid:1"], at),
            new IngestionRecord("c", "e", "h3", IngestionStatus.Ingested, null, 1, [], at),
        ]);

        Assert.Equal([null, "b", null], found.Select(r => r?.Name));
        Assert.Equal(["paper:pmid:2"], found[1]!.DocumentIds);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(Neo4jStatements.GetIngestions, handler.Requests[0].Statement);
        Assert.Equal(["a", "b", "c"], handler.Requests[0].Parameters.GetProperty("names").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Neo4jStatements.UpsertIngestions, handler.Requests[1].Statement);
        var records = handler.Requests[1].Parameters.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(["a", "c"], records.Select(r => r.GetProperty("name").GetString()));
        Assert.Equal("Received", records[0].GetProperty("record").GetProperty("status").GetString());
        Assert.Equal("paper:pmid:1", records[0].GetProperty("record").GetProperty("documentIds")[0].GetString());
    }
}
