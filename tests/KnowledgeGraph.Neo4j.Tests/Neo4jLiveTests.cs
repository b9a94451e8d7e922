using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeGraph.Neo4j.Tests;

/// <summary>Skipped (not passed) unless NEO4J_URI, NEO4J_USER and NEO4J_PASSWORD point at a live server.</summary>
public sealed class Neo4jLiveFactAttribute : FactAttribute
{
    public Neo4jLiveFactAttribute()
    {
        if (Neo4jLive.Missing() is { } missing)
            Skip = $"No live Neo4j: set {missing} to run (e.g. NEO4J_URI=http://localhost:7474).";
    }
}

internal static class Neo4jLive
{
    public static string? Missing()
    {
        var missing = new[] { "NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD" }
            .Where(v => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v))).ToList();
        return missing.Count > 0 ? string.Join(", ", missing) : null;
    }
}

/// <summary>A real round trip against a Neo4j server over the Query API. Uses test-only ids (paper:PMIDLIVE*),
/// and removes them at the end; the vocabulary is written as every store writes it.</summary>
[Trait("Category", "Neo4jLive")]
public sealed class Neo4jLiveTests
{
    [Neo4jLiveFact]
    public async Task Round_trip_initialize_upsert_unchanged_replace_query_and_delete()
    {
        var collection = new ServiceCollection();
        var options = new KnowledgeGraphOptions { Store = StoreKind.Neo4j };
        options.Neo4j.Uri = new Uri(Environment.GetEnvironmentVariable("NEO4J_URI")!);
        options.Neo4j.User = Environment.GetEnvironmentVariable("NEO4J_USER");
        options.Neo4j.Password = Environment.GetEnvironmentVariable("NEO4J_PASSWORD");
        options.Neo4j.Database = Environment.GetEnvironmentVariable("NEO4J_DATABASE") is { Length: > 0 } db ? db : "neo4j";
        collection.AddNeo4jGraphStore(options);
        await using var services = collection.BuildServiceProvider();
        var store = services.GetRequiredService<IGraphStore>();
        var a = TestBatches.Paper("LIVE1", trial: "trial:NCT99999991");
        var b = TestBatches.Paper("LIVE2", trial: "trial:NCT99999991");

        await store.InitializeAsync();
        await store.InitializeAsync();
        var first = await store.UpsertAsync([a, b]);
        var again = await store.UpsertAsync([a, b]);
        var replaced = await store.UpsertAsync([TestBatches.Paper("LIVE1", hash: "h2", outcomePolarity: "not_achieved", trial: "trial:NCT99999992")]);

        Assert.All(again, r => Assert.Equal(UpsertOutcome.Unchanged, r.Outcome));
        Assert.Equal(UpsertOutcome.Replaced, Assert.Single(replaced).Outcome);
        Assert.Equal("h2", await store.GetDocumentHashAsync(a.DocumentId));
        Assert.Equal("Paper LIVE1", (await store.GetNodeAsync(a.DocumentId))!.Name);
        Assert.Contains((await store.SearchNodesAsync("treg", null, 10, null)).Items, n => n.Id == "celltype:treg");
        Assert.NotNull(await store.GetNeighborsAsync("celltype:treg", 2, null, 50));
        Assert.NotNull(await store.FindShortestPathAsync(a.DocumentId, b.DocumentId, 4));
        var evidence = await store.GetEvidenceAsync("celltype:treg", GraphSchema.Relationships.ReportsOutcome, "outcome:c-peptide");
        Assert.NotNull(evidence);
        Assert.Equal("mixed", evidence.Relationship.Properties["polarity"]);
        Assert.NotEmpty(await store.GetCellTypesAsync("mechanism:immunomodulation"));
        Assert.NotNull(await store.GetTrialsAsync(new TrialFilter(), 10, null));
        Assert.True((await store.GetCountsAsync()).Nodes["Paper"] >= 2);
        Assert.Contains((await store.ExportAsync()).Nodes, n => n.Id == b.DocumentId);

        Assert.True(await store.DeleteDocumentAsync(a.DocumentId));
        Assert.True(await store.DeleteDocumentAsync(b.DocumentId));
        Assert.False(await store.DeleteDocumentAsync(b.DocumentId));
        Assert.Null(await store.GetNodeAsync(a.DocumentId));
        Assert.Null(await store.GetNodeAsync("trial:NCT99999991"));
        Assert.Null(await store.GetEvidenceAsync("celltype:treg", GraphSchema.Relationships.ReportsOutcome, "outcome:c-peptide"));
        Assert.Equal(2, first.Count);
    }
}
