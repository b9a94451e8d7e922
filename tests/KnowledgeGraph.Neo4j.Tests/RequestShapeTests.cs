using System.Net;
using System.Text.Json;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Neo4j.Tests;

/// <summary>What goes over the wire: endpoint, headers, access mode and parameters (Query API:
/// https://neo4j.com/docs/query-api/current/query/ and .../authentication-authorization/ and .../routing/).</summary>
public sealed class RequestShapeTests
{
    private static readonly string NodeRow = QueryApiBodies.Rows(["node"], [new Dictionary<string, object?>
    {
        ["id"] = "celltype:treg", ["name"] = "Regulatory T cells", ["label"] = "CellType", ["category"] = "biolink:Cell",
        ["synonyms"] = new[] { "Treg", "Tregs" }, ["propertyKeys"] = new[] { "category", "synonyms" },
    }]);

    [Fact]
    public async Task A_read_posts_to_the_database_query_endpoint_with_basic_auth_json_headers_and_read_access_mode()
    {
        var handler = new RecordingHandler();
        handler.Enqueue(HttpStatusCode.Accepted, NodeRow);
        var (store, services) = StoreFactory.Create(handler);
        await using var _ = services;

        var node = await store.GetNodeAsync("celltype:treg");

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://neo4j.test:7474/db/neo4j/query/v2", request.Uri.ToString());
        // The documentation's own example credentials neo4j:verysecret.
        Assert.Equal("Basic bmVvNGo6dmVyeXNlY3JldA==", request.Authorization);
        Assert.Equal("application/json", request.Accept);
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal("Read", request.AccessMode);
        Assert.Equal(Neo4jStatements.GetNode, request.Statement);
        Assert.Equal("celltype:treg", request.Parameters.GetProperty("id").GetString());
        Assert.NotNull(node);
        Assert.Equal("CellType", node.Label);
        Assert.Equal(["Treg", "Tregs"], (string[])node.Properties["synonyms"]!);
        Assert.False(node.Properties.ContainsKey("propertyKeys"));
    }

    [Fact]
    public async Task A_bearer_token_is_sent_base64_encoded_as_the_query_api_documents_and_the_database_is_in_the_path()
    {
        var handler = new RecordingHandler();
        var (store, services) = StoreFactory.Create(handler, o =>
        {
            o.Token = "xbhkjnlvianztghqwawxqfe";
            o.Database = "kg";
            o.Uri = new Uri("https://example.databases.neo4j.io");
        });
        await using var _ = services;

        Assert.Null(await store.GetDocumentHashAsync("paper:PMID1"));

        var request = Assert.Single(handler.Requests);
        Assert.Equal("https://example.databases.neo4j.io/db/kg/query/v2", request.Uri.ToString());
        Assert.Equal("Bearer eGJoa2pubHZpYW56dGdocXdhd3hxZmU=", request.Authorization);
    }

    [Fact]
    public async Task A_password_written_into_the_uri_is_sent_as_basic_auth_and_never_in_the_address_or_messages()
    {
        var handler = new RecordingHandler();
        var (store, services) = StoreFactory.Create(handler, o =>
        {
            o.User = null;
            o.Password = null;
            o.Uri = new Uri("http://neo4j:hunter2@neo4j.test:7474");
        });
        await using var _ = services;

        Assert.Null(await store.GetDocumentHashAsync("paper:PMID1"));

        var request = Assert.Single(handler.Requests);
        Assert.Equal("http://neo4j.test:7474/db/neo4j/query/v2", request.Uri.ToString());
        Assert.Equal("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("neo4j:hunter2")), request.Authorization);
        var options = new KnowledgeGraph.Core.Configuration.Neo4jOptions { Uri = new Uri("http://neo4j:hunter2@neo4j.test:7474") };
        Assert.DoesNotContain("hunter2", options.Display, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_uses_the_default_write_access_mode_and_sends_documents_as_parameters()
    {
        var handler = new RecordingHandler(UpsertResponder.Answer);
        var (store, services) = StoreFactory.Create(handler);
        await using var _ = services;

        var results = await store.UpsertAsync([TestBatches.Paper("1")]);

        var request = Assert.Single(handler.Requests);
        Assert.Null(request.AccessMode);
        Assert.Equal(Neo4jStatements.UpsertDocuments, request.Statement);
        var doc = Assert.Single(request.Parameters.GetProperty("docs").EnumerateArray());
        Assert.Equal("paper:PMID1", doc.GetProperty("id").GetString());
        Assert.Equal("h1", doc.GetProperty("hash").GetString());
        var paper = doc.GetProperty("nodes")[0];
        Assert.True(paper.GetProperty("authoritative").GetBoolean());
        var props = paper.GetProperty("props");
        Assert.Equal("Paper", props.GetProperty("label").GetString());
        Assert.Equal("biolink:Publication", props.GetProperty("category").GetString());
        Assert.Equal(JsonValueKind.Array, props.GetProperty("authors").ValueKind);
        // A double keeps its decimal point so Neo4j stores a FLOAT, not an INTEGER.
        Assert.Equal("1.0", props.GetProperty("score").GetRawText());
        Assert.Equal("2024", props.GetProperty("year").GetRawText());
        var mention = doc.GetProperty("edges").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "MENTIONS");
        var evidence = JsonDocument.Parse(mention.GetProperty("evidence").GetString()!).RootElement;
        Assert.Equal("Tregs preserved C-peptide at one year.", evidence[0].GetProperty("text").GetString());
        Assert.Equal("""["PMID:1"]""", mention.GetProperty("publications").GetString());
        Assert.Equal(UpsertOutcome.Added, Assert.Single(results).Outcome);
    }

    [Fact]
    public async Task A_label_outside_the_schema_is_refused_before_anything_is_sent()
    {
        var handler = new RecordingHandler(UpsertResponder.Answer);
        var (store, services) = StoreFactory.Create(handler);
        await using var _ = services;
        var batch = TestBatches.Paper("1");
        var bad = batch with { Nodes = [.. batch.Nodes, new GraphNode("x", "Person) DETACH DELETE n //", "x", new Dictionary<string, object?>())] };

        await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync([bad]));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public void The_documented_node_result_body_parses_into_fields_and_rows()
    {
        var result = Neo4jQueryClient.Parse("doc-example", HttpStatusCode.Accepted, QueryApiBodies.DocumentedNodeResult);

        Assert.Equal(["alice"], result.Fields);
        var alice = result.Get(Assert.Single(result.Rows), "alice");
        Assert.Equal("Alice", alice.GetProperty("properties").GetProperty("name").GetString());
        Assert.Equal(42, alice.GetProperty("properties").GetProperty("age").GetInt32());
    }

    [Fact]
    public async Task Counts_report_every_schema_label_and_type_with_zero_for_absent_ones()
    {
        var handler = new RecordingHandler();
        handler.Enqueue(HttpStatusCode.Accepted, QueryApiBodies.Rows(["nodes", "relationships"],
            [new Dictionary<string, long> { ["CellType"] = 10, ["Paper"] = 3 }, new Dictionary<string, long> { ["MENTIONS"] = 7 }]));
        var (store, services) = StoreFactory.Create(handler);
        await using var _ = services;

        var counts = await store.GetCountsAsync();

        Assert.Equal(GraphSchema.NodeLabels.Order(), counts.Nodes.Keys.Order());
        Assert.Equal(GraphSchema.RelationshipTypes.Order(), counts.Relationships.Keys.Order());
        Assert.Equal(10, counts.Nodes["CellType"]);
        Assert.Equal(0, counts.Nodes["Trial"]);
        Assert.Equal(7, counts.Relationships["MENTIONS"]);
        Assert.Equal("Read", Assert.Single(handler.Requests).AccessMode);
    }

    [Fact]
    public async Task Initialize_applies_each_schema_statement_then_writes_the_vocabulary_in_one_request()
    {
        var handler = new RecordingHandler(UpsertResponder.Answer);
        var (store, services) = StoreFactory.Create(handler, initialized: false);
        await using var _ = services;

        await store.InitializeAsync();
        // Once per store: a second call, and every later request, sends nothing more for it.
        await store.InitializeAsync();

        var schema = KnowledgeGraph.Core.Export.SchemaScript.Statements;
        Assert.True(schema.Count >= 10);
        Assert.Equal(schema.Count + 1, handler.Requests.Count);
        Assert.Equal(schema, handler.Requests.Take(schema.Count).Select(r => r.Statement));
        var vocabulary = handler.Requests[^1];
        Assert.Equal(EdgeContribution.VocabularyDocumentId, vocabulary.Parameters.GetProperty("docs")[0].GetProperty("id").GetString());
        Assert.All(handler.Requests, r => Assert.Null(r.AccessMode));
    }
}
