using System.Net;
using System.Text.Json;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Neo4j.Tests;

/// <summary>The two reads the trial card, evidence table and matrix are composed from: request shapes and mapping.</summary>
public sealed class TrialReadTests
{
    private static readonly EvidenceSentence Result = new("registry:NCT1", "Primary outcome measure (registry results): HbA1c: 6.5 %", 0, 10, "Registry results", "x", Value: "6.5 %");

    private static Dictionary<string, object?> Rel(string from, string type, string to, string doc, EvidenceSentence[] evidence) => new()
    {
        ["from"] = from, ["type"] = type, ["to"] = to,
        ["docIds"] = new[] { doc },
        ["docAgents"] = new[] { GraphEdge.ManualAgent },
        ["docPublications"] = new[] { JsonSerializer.Serialize(new[] { "clinicaltrials:NCT1" }) },
        ["docEvidence"] = new[] { JsonSerializer.Serialize(evidence, new JsonSerializerOptions(JsonSerializerDefaults.Web)) },
        ["docProperties"] = new[] { "{}" },
    };

    [Fact]
    public async Task Edges_from_nodes_send_ids_and_schema_types_and_map_evidence()
    {
        var handler = new RecordingHandler();
        handler.Enqueue(HttpStatusCode.Accepted, QueryApiBodies.Rows(["rel"], [Rel("trial:NCT1", "REPORTS_OUTCOME", "outcome:hba1c", "registry:NCT1", [Result])]));
        var (store, services) = StoreFactory.Create(handler);
        await using var _ = services;

        var edges = await store.GetEdgesAsync(new EdgeQuery(["trial:NCT1", "trial:NCT1"], ["REPORTS_OUTCOME", "REPORTS_OUTCOME"]));

        var edge = Assert.Single(edges);
        Assert.Equal([Result], edge.Evidence);
        Assert.Equal((GraphEdge.ManualAgent, 1, "6.5 %"), (edge.Relationship.AgentType, edge.Relationship.EvidenceCount, edge.Relationship.Properties["value"]));
        var request = Assert.Single(handler.Requests);
        Assert.Equal(Neo4jStatements.EdgesFrom, request.Statement);
        Assert.Equal(["trial:NCT1"], request.Parameters.GetProperty("ids").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(["REPORTS_OUTCOME"], request.Parameters.GetProperty("types").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal("Read", request.AccessMode);
    }

    [Fact]
    public async Task Incoming_edges_use_their_own_statement_and_can_leave_the_evidence_out()
    {
        var handler = new RecordingHandler();
        handler.Enqueue(HttpStatusCode.Accepted, QueryApiBodies.Rows(["rel"], [Rel("paper:pmid:1", "REPORTS_ON", "trial:NCT1", "registry:NCT1", [Result])]));
        var (store, services) = StoreFactory.Create(handler);
        await using var _ = services;

        var edge = Assert.Single(await store.GetEdgesAsync(new EdgeQuery(["trial:NCT1"], ["REPORTS_ON"], Incoming: true, WithEvidence: false)));

        Assert.Empty(edge.Evidence);
        Assert.Equal(1, edge.Relationship.EvidenceCount); // the aggregate still counts it, as SQLite's totals do
        Assert.Equal(Neo4jStatements.EdgesTo, Assert.Single(handler.Requests).Statement);
    }

    [Fact]
    public async Task Nothing_is_asked_for_no_ids_and_types_outside_the_schema_or_too_many_ids_are_refused()
    {
        var handler = new RecordingHandler();
        var (store, services) = StoreFactory.Create(handler);
        await using var _ = services;

        Assert.Empty(await store.GetEdgesAsync(new EdgeQuery([], ["TESTS"])));
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetEdgesAsync(new EdgeQuery(["a"], ["KNOWS"])));
        Assert.Empty(await store.GetNodesAsync([]));
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetNodesAsync([.. Enumerable.Range(0, EdgeQuery.MaxNodes + 1).Select(i => $"n{i}")]));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Nodes_by_id_map_their_written_properties()
    {
        var handler = new RecordingHandler();
        handler.Enqueue(HttpStatusCode.Accepted, QueryApiBodies.Rows(["node"], [new Dictionary<string, object?>
        {
            ["id"] = "trial:NCT1", ["name"] = "NCT1", ["label"] = "Trial", ["hasResults"] = true, ["countries"] = new[] { "Canada" },
            ["registryRecord"] = "{\"id\":\"NCT1\"}", ["propertyKeys"] = new[] { "countries", "hasResults", "registryRecord" },
        }]));
        var (store, services) = StoreFactory.Create(handler);
        await using var _ = services;

        var node = Assert.Single(await store.GetNodesAsync(["trial:NCT1"]));

        Assert.Equal(true, node.Properties["hasResults"]);
        Assert.Equal(new[] { "Canada" }, node.Properties["countries"]);
        Assert.Equal("{\"id\":\"NCT1\"}", node.Properties["registryRecord"]);
        Assert.Equal(Neo4jStatements.GetNodes, Assert.Single(handler.Requests).Statement);
    }
}
