using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeGraph.Neo4j.Tests;

/// <summary>Builds the store the way hosts do (<see cref="Neo4jServiceCollectionExtensions.AddNeo4jGraphStore"/>),
/// with the recording handler as the network.</summary>
internal static class StoreFactory
{
    public static (IGraphStore Store, ServiceProvider Services) Create(RecordingHandler handler, Action<Neo4jOptions>? configure = null)
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
        return (provider.GetRequiredService<IGraphStore>(), provider);
    }
}
