using System.CommandLine;
using KnowledgeGraph.Api;
using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Cli;

/// <summary>Builds the same service graph the HTTP hosts use, from environment (KG__*) plus command-line overrides.</summary>
public static class CliServices
{
    public static ServiceProvider Create(ParseResult parse, Action<IConfigurationBuilder>? configure = null, LogLevel minimumLevel = LogLevel.Warning)
    {
        var overrides = new Dictionary<string, string?>();
        if (parse.GetValue(KgCli.Db) is { Length: > 0 } db) overrides["KG:Sqlite:Path"] = db;
        var builder = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(overrides);
        configure?.Invoke(builder);
        var configuration = builder.Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        // Logs go to standard error so --json output on standard output stays parseable.
        services.AddLogging(l => l.AddSimpleConsole(o => o.SingleLine = true).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(minimumLevel));
        services.AddKnowledgeGraph(configuration);
        var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<KnowledgeGraphOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            throw new CliException("configuration: " + string.Join("; ", ex.Failures));
        }
        return provider;
    }

    public static async Task<IGraphStore> StoreAsync(IServiceProvider services, CancellationToken ct)
    {
        var store = services.GetRequiredService<IGraphStore>();
        await store.InitializeAsync(ct);
        return store;
    }

    /// <summary>A short description of where the graph lives, for messages.</summary>
    public static string Describe(IServiceProvider services)
    {
        var o = services.GetRequiredService<IOptions<KnowledgeGraphOptions>>().Value;
        return o.Store == StoreKind.Sqlite ? $"SQLite {o.Sqlite.ResolvePath()}" : $"Neo4j {o.Neo4j.Uri} ({o.Neo4j.Database})";
    }
}
