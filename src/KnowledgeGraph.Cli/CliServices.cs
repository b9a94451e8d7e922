using System.CommandLine;
using KnowledgeGraph.Api.Hosting;
using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Cli;

/// <summary>
/// Builds the same service graph the HTTP hosts use (<see cref="KnowledgeGraphServiceCollectionExtensions.AddKnowledgeGraph"/>),
/// from environment (KG__*) plus command-line overrides. Every command reaches its store this way, and the store
/// initialises itself on first use.
/// </summary>
public static class CliServices
{
    public static ServiceProvider Create(ParseResult parse, Action<IConfigurationBuilder>? configure = null, LogLevel minimumLevel = LogLevel.Warning)
    {
        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(KgCli.Db) is { Length: > 0 } db) overrides["KG:Sqlite:Path"] = db;
        return Build(overrides, configure, minimumLevel);
    }

    /// <summary>The services for explicit settings (on top of the environment), e.g. a second store to copy into.</summary>
    public static ServiceProvider Build(IDictionary<string, string?> settings, Action<IConfigurationBuilder>? configure = null,
        LogLevel minimumLevel = LogLevel.Warning, Action<IServiceCollection>? services = null)
    {
        var builder = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(settings);
        configure?.Invoke(builder);
        var configuration = builder.Build();
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(configuration);
        // Logs go to standard error so --json output on standard output stays parseable.
        collection.AddLogging(l => l.AddSimpleConsole(o => o.SingleLine = true).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(minimumLevel));
        collection.AddKnowledgeGraph(configuration);
        services?.Invoke(collection);
        var provider = collection.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<KnowledgeGraphOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            provider.Dispose();
            throw new CliException("configuration: " + string.Join("; ", ex.Failures));
        }
        return provider;
    }

    public static IGraphStore Store(IServiceProvider services) => services.GetRequiredService<IGraphStore>();

    /// <summary>A short description of where the graph lives, for messages (never a password: see <see cref="Neo4jOptions.Display"/>).</summary>
    public static string Describe(IServiceProvider services)
    {
        var o = services.GetRequiredService<IOptions<KnowledgeGraphOptions>>().Value;
        return o.Store == StoreKind.Sqlite ? $"SQLite {o.Sqlite.ResolvePath()}" : $"Neo4j {o.Neo4j.Display} ({o.Neo4j.Database})";
    }
}
