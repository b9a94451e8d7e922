using System.Net;
using KnowledgeGraph.Api;
using KnowledgeGraph.Core.Ingestion;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeGraph.Explorer.Tests;

/// <summary>
/// The kg serve app (same builder, same endpoints) on real Kestrel at a free 127.0.0.1 port, over a temp SQLite file
/// holding the sample papers: a browser needs a real socket, not a TestServer.
/// </summary>
public sealed class ExplorerHost : IAsyncDisposable
{
    private ExplorerHost(WebApplication app, string folder, Uri baseAddress)
    {
        App = app;
        Folder = folder;
        BaseAddress = baseAddress;
    }

    public WebApplication App { get; }

    public string Folder { get; }

    public Uri BaseAddress { get; }

    public static async Task<ExplorerHost> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("kg-explorer-").FullName;
        var builder = KnowledgeGraphWebApp.CreateBuilder(StoreSettings(folder));
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = KnowledgeGraphWebApp.Build(builder);
        await app.StartAsync();
        // After start, Urls holds the port Kestrel picked.
        var address = app.Urls.Single();
        await app.Services.GetRequiredService<GraphStoreAccessor>().GetAsync(CancellationToken.None);
        var results = await app.Services.GetRequiredService<IngestionPipeline>()
            .IngestPathsAsync([Path.Combine(AppContext.BaseDirectory, "samples")]);
        Assert.All(results, r => Assert.False(r.Failed, r.Failure?.Reason));
        return new ExplorerHost(app, folder, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/"));
    }

    /// <summary>
    /// SQLite in a temp folder by default. With <c>KG_EXPLORER_STORE=neo4j</c> (and NEO4J_URI, NEO4J_USER,
    /// NEO4J_PASSWORD, optional NEO4J_DATABASE: a throwaway database) the same browser suite runs over the Neo4j store,
    /// which the page reaches only through the HTTP API. Every expectation is read from the live API, not from SQLite.
    /// </summary>
    private static Dictionary<string, string?> StoreSettings(string folder)
    {
        if (!string.Equals(Environment.GetEnvironmentVariable("KG_EXPLORER_STORE"), "neo4j", StringComparison.OrdinalIgnoreCase))
            return new() { ["KG:Sqlite:Path"] = Path.Combine(folder, "graph.db") };
        string Required(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"KG_EXPLORER_STORE=neo4j needs {name}.");
        return new()
        {
            ["KG:Store"] = "Neo4j",
            ["KG:Neo4j:Uri"] = Required("NEO4J_URI"),
            ["KG:Neo4j:User"] = Required("NEO4J_USER"),
            ["KG:Neo4j:Password"] = Required("NEO4J_PASSWORD"),
            ["KG:Neo4j:Database"] = Environment.GetEnvironmentVariable("NEO4J_DATABASE") is { Length: > 0 } db ? db : "neo4j",
        };
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
