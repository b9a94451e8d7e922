using KnowledgeGraph.Conformance;
using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeGraph.Neo4j.Tests;

/// <summary>
/// The shared store conformance suite against a live Neo4j (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD; optional
/// NEO4J_DATABASE). Each test starts from an EMPTY database: point it at a throwaway database only.
/// Without the variables every test reports skipped. Run only these: dotnet test --filter Category=Neo4jLive
/// </summary>
[Trait("Category", "Neo4jLive")]
public sealed class Neo4jConformanceTests : GraphStoreConformance, IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];

    protected override string? SkipReason =>
        Neo4jLive.Missing() is { } missing ? $"No live Neo4j: set {missing} to run the conformance suite against it." : null;

    protected override async Task<IGraphStore> CreateEmptyStoreAsync()
    {
        var options = new KnowledgeGraphOptions { Store = StoreKind.Neo4j };
        options.Neo4j.Uri = new Uri(Environment.GetEnvironmentVariable("NEO4J_URI")!);
        options.Neo4j.User = Environment.GetEnvironmentVariable("NEO4J_USER");
        options.Neo4j.Password = Environment.GetEnvironmentVariable("NEO4J_PASSWORD");
        options.Neo4j.Database = Environment.GetEnvironmentVariable("NEO4J_DATABASE") is { Length: > 0 } db ? db : "neo4j";
        var services = new ServiceCollection();
        services.AddNeo4jGraphStore(options);
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        var client = provider.GetRequiredService<Neo4jQueryClient>();
        await client.RunAsync(new Neo4jStatement("conformance-reset", "MATCH (n) DETACH DELETE n", new Dictionary<string, object?>()), read: false, CancellationToken.None);
        return provider.GetRequiredService<IGraphStore>();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var p in _providers) await p.DisposeAsync();
    }
}
