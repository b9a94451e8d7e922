using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeGraph.Neo4j.Tests;

/// <summary>Builds the store the way hosts do (<see cref="Neo4jServiceCollectionExtensions.AddNeo4jGraphStore"/>),
/// with the recording handler as the network.</summary>
internal static class StoreFactory
{
    /// <param name="initialized">Run the store's first-use initialisation (schema + vocabulary) before the test, unrecorded,
    /// so the recorded requests are the test's own; false to observe the initialisation itself.</param>
    public static (IGraphStore Store, ServiceProvider Services) Create(RecordingHandler handler, Action<Neo4jOptions>? configure = null, bool initialized = true)
    {
        var options = new KnowledgeGraphOptions { Store = StoreKind.Neo4j };
        options.Neo4j.Uri = new Uri("http://neo4j.test:7474");
        options.Neo4j.User = "neo4j";
        options.Neo4j.Password = "verysecret";
        options.Neo4j.MaxRetries = 3;
        configure?.Invoke(options.Neo4j);
        var services = new ServiceCollection();
        services.AddNeo4jGraphStore(options, retry => retry.Delay = TimeSpan.FromMilliseconds(1))
            .ConfigurePrimaryHttpMessageHandler(() => handler);
        var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IGraphStore>();
        if (initialized) handler.Unrecorded(() => store.InitializeAsync().GetAwaiter().GetResult());
        return (store, provider);
    }
}
