using System.Net;
using System.Text;
using System.Text.Json;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Neo4j.Tests;

/// <summary>Relationship arrays read back from Neo4j become the same aggregates the SQLite store computes.</summary>
public sealed class ReadMappingTests
{
    private static readonly EvidenceSentence Improved = new("paper:PMID1", "C-peptide improved.", 0, 9, "abstract", "x", Polarity: "improved");
    private static readonly EvidenceSentence NotAchieved = new("paper:PMID2", "Did not achieve independence.", 0, 9, "abstract", "x", Polarity: "not_achieved");

    private static Dictionary<string, object?> Relationship(string from, string type, string to, params (string Doc, string[] Pubs, EvidenceSentence[] Evidence, Dictionary<string, object?> Props)[] docs) => new()
    {
        ["from"] = from, ["type"] = type, ["to"] = to,
        ["docIds"] = docs.Select(d => d.Doc).ToArray(),
        ["docAgents"] = docs.Select(_ => GraphEdge.TextMiningAgent).ToArray(),
        ["docPublications"] = docs.Select(d => JsonSerializer.Serialize(d.Pubs)).ToArray(),
        ["docEvidence"] = docs.Select(d => JsonSerializer.Serialize(d.Evidence, new JsonSerializerOptions(JsonSerializerDefaults.Web))).ToArray(),
        ["docProperties"] = docs.Select(d => JsonSerializer.Serialize(d.Props)).ToArray(),
    };

    [Fact]
    public async Task Evidence_for_an_edge_aggregates_every_documents_contribution_with_the_shared_aggregator()
    {
        var rel = Relationship("celltype:treg", "REPORTS_OUTCOME", "outcome:c-peptide",
            ("paper:PMID2", ["PMID:2"], [NotAchieved], []),
            ("paper:PMID1", ["PMID:1", "DOI:10.1/x"], [Improved], []));
        var handler = new RecordingHandler();
        handler.Enqueue(HttpStatusCode.Accepted, QueryApiBodies.Rows(["rel"], [rel]));
        var (store, services) = StoreFactory.Create(handler);
        await using var _ = services;

        var evidence = await store.GetEvidenceAsync("celltype:treg", "REPORTS_OUTCOME", "outcome:c-peptide");

        Assert.NotNull(evidence);
        var expected = RelationshipAggregator.Aggregate("celltype:treg", "REPORTS_OUTCOME", "outcome:c-peptide", [
            new EdgeContribution("paper:PMID1", GraphEdge.TextMiningAgent, ["PMID:1", "DOI:10.1/x"], [Improved], new Dictionary<string, object?>()),
            new EdgeContribution("paper:PMID2", GraphEdge.TextMiningAgent, ["PMID:2"], [NotAchieved], new Dictionary<string, object?>()),
        ]);
        Assert.Equal(expected.Publications, evidence.Relationship.Publications);
        Assert.Equal(expected.PrimarySources, evidence.Relationship.PrimarySources);
        Assert.Equal(2, evidence.Relationship.PaperCount);
        Assert.Equal("mixed", evidence.Relationship.Properties["polarity"]);
        Assert.Equal(expected.Properties, evidence.Relationship.Properties);
        Assert.Equal([Improved, NotAchieved], evidence.Evidence);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("REPORTS_OUTCOME", request.Parameters.GetProperty("type").GetString());
        Assert.Equal("Read", request.AccessMode);
    }

    [Fact]
    public async Task Evidence_for_a_type_outside_the_schema_is_null_without_a_request()
    {
        var handler = new RecordingHandler();
        var (store, services) = StoreFactory.Create(handler);
        await using var _ = services;

        Assert.Null(await store.GetEvidenceAsync("a", "KNOWS", "b"));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Mention_counts_from_several_documents_are_summed()
    {
        var rel = Relationship("paper:PMID1", "MENTIONS", "celltype:treg",
            ("paper:PMID1", ["PMID:1"], [], new() { ["count"] = 2L }),
            ("paper:PMID9", ["PMID:9"], [], new() { ["count"] = 3L }));
        var handler = new RecordingHandler();
        handler.Enqueue(HttpStatusCode.Accepted, QueryApiBodies.Rows(["rel"], [rel]));
        var (store, services) = StoreFactory.Create(handler);
        await using var _ = services;

        var evidence = await store.GetEvidenceAsync("paper:PMID1", "MENTIONS", "celltype:treg");

        Assert.Equal(5L, evidence!.Relationship.Properties["count"]);
    }

    [Fact]
    public async Task Trials_page_with_an_opaque_cursor_of_the_last_id_and_ask_for_one_extra_row()
    {
        object?[] Trial(string id) => [id, id, "PHASE2", "RECRUITING", new[] { "celltype:treg" }, new[] { "mechanism:immunomodulation" },
            new[] { Relationship(id, "REPORTS_OUTCOME", "outcome:c-peptide", ("paper:PMID1", ["PMID:1"], [Improved], [])) }];
        string[] fields = ["id", "name", "phase", "status", "cellTypes", "mechanisms", "outcomes"];
        var handler = new RecordingHandler();
        handler.Enqueue(HttpStatusCode.Accepted, QueryApiBodies.Rows(fields, Trial("trial:NCT1"), Trial("trial:NCT2"), Trial("trial:NCT3")));
        handler.Enqueue(HttpStatusCode.Accepted, QueryApiBodies.Rows(fields, Trial("trial:NCT3")));
        var (store, services) = StoreFactory.Create(handler);
        await using var _ = services;
        var filter = new TrialFilter(Mechanism: "mechanism:immunomodulation", Phase: "PHASE2");

        var first = await store.GetTrialsAsync(filter, 2, null);
        var second = await store.GetTrialsAsync(filter, 2, first.NextCursor);

        Assert.Equal(["trial:NCT1", "trial:NCT2"], first.Items.Select(t => t.Id));
        Assert.Equal(PageCursor.EncodeKey("trial:NCT2"), first.NextCursor);
        Assert.Equal(["trial:NCT3"], second.Items.Select(t => t.Id));
        Assert.Null(second.NextCursor);
        var outcome = Assert.Single(first.Items[0].Outcomes);
        Assert.Equal(new OutcomeSummary("outcome:c-peptide", "outcome:c-peptide", 1, 0, 1), outcome);
        Assert.Equal(JsonValueKind.Null, handler.Requests[0].Parameters.GetProperty("after").ValueKind);
        Assert.Equal(3, handler.Requests[0].Parameters.GetProperty("limit").GetInt32());
        Assert.Equal("trial:NCT2", handler.Requests[1].Parameters.GetProperty("after").GetString());
        Assert.Equal("mechanism:immunomodulation", handler.Requests[1].Parameters.GetProperty("mechanism").GetString());
    }

    [Fact]
    public async Task Export_batches_returns_the_stored_batch_json_as_written()
    {
        var batch = TestBatches.Paper("7");
        var stored = JsonSerializer.Serialize(batch, Neo4jJson.Options);
        var handler = new RecordingHandler();
        handler.Enqueue(HttpStatusCode.Accepted, QueryApiBodies.Rows(["id", "batch"], [batch.DocumentId, stored]));
        var (store, services) = StoreFactory.Create(handler);
        await using var _ = services;

        var exported = new List<GraphBatch>();
        await foreach (var b in store.ExportBatchesAsync()) exported.Add(b);

        var read = Assert.Single(exported);
        Assert.Equal(batch.DocumentId, read.DocumentId);
        Assert.Equal(batch.Publications, read.Publications);
        Assert.Equal(batch.Nodes.Select(n => (n.Id, n.Label, n.Authoritative)), read.Nodes.Select(n => (n.Id, n.Label, n.Authoritative)));
        var paper = read.Nodes[0].Properties;
        Assert.Equal(2024L, paper["year"]);
        Assert.Equal(1.0, paper["score"]);
        Assert.Equal(["A. Author", "B. Author"], (string[])paper["authors"]!);
        Assert.Equal(true, paper["openAccess"]);
        Assert.Equal(batch.Edges[0].Evidence, read.Edges[0].Evidence);
        Assert.Equal(EdgeContribution.VocabularyDocumentId, handler.Requests[0].Parameters.GetProperty("vocabularyId").GetString());
    }

    [Fact]
    public async Task The_ingestion_ledger_round_trips_through_plain_properties()
    {
        var record = new IngestionRecord("papers/a.json", "\"0x1\"", "abc", IngestionStatus.Failed, "bad PDF", 3, ["paper:PMID1"],
            new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
        Dictionary<string, object?>? sent = null;
        var handler = new RecordingHandler(request =>
        {
            var p = request.RootElement.GetProperty("parameters");
            if (p.TryGetProperty("record", out var r))
            {
                sent = JsonSerializer.Deserialize<Dictionary<string, object?>>(r.GetRawText(), Neo4jJson.Options);
                return (HttpStatusCode.Accepted, QueryApiBodies.Empty);
            }
            return (HttpStatusCode.Accepted, QueryApiBodies.Rows(["record"], [sent]));
        });
        var (store, services) = StoreFactory.Create(handler);
        await using var _ = services;

        await store.UpsertIngestionAsync(record);
        var read = await store.GetIngestionAsync(record.Name);

        Assert.NotNull(read);
        Assert.Equal(record with { DocumentIds = [] }, read with { DocumentIds = [] });
        Assert.Equal(record.DocumentIds, read.DocumentIds);
        Assert.Null(handler.Requests[0].AccessMode);
        Assert.Equal("Read", handler.Requests[1].AccessMode);
    }
}

public sealed class PlainJsonTests
{
    [Fact]
    public void Integral_numbers_read_back_as_long_and_others_as_double()
    {
        var d = JsonSerializer.Deserialize<Dictionary<string, object?>>("""{"a":2024,"b":1.0,"c":["x"],"d":[1,2]}""", Neo4jJson.Options)!;

        Assert.IsType<long>(d["a"]);
        Assert.IsType<double>(d["b"]);
        Assert.IsType<string[]>(d["c"]);
        Assert.Equal(new object?[] { 1L, 2L }, (object?[])d["d"]!);
    }
}
