using KnowledgeGraph.Core.Ingestion;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeGraph.Api.Tests;

/// <summary>The kg serve app (same builder, same endpoints) on a TestServer over a real SQLite file in a temp folder.</summary>
public sealed class ApiHost : IAsyncDisposable
{
    public static string SamplesFolder => Path.Combine(AppContext.BaseDirectory, "samples");

    private ApiHost(WebApplication app, string folder)
    {
        App = app;
        Folder = folder;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public string Folder { get; }

    public static async Task<ApiHost> StartAsync(bool ingestSamples = true, long? maxRequestBytes = null, string? dbPath = null)
    {
        var folder = Directory.CreateTempSubdirectory("kg-api-").FullName;
        var settings = new Dictionary<string, string?> { ["KG:Sqlite:Path"] = dbPath ?? Path.Combine(folder, "graph.db") };
        if (maxRequestBytes is { } max) settings["KG:Api:MaxRequestBytes"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var builder = KnowledgeGraphWebApp.CreateBuilder(settings);
        builder.WebHost.UseTestServer();
        var app = KnowledgeGraphWebApp.Build(builder);
        await app.StartAsync();
        var host = new ApiHost(app, folder);
        if (ingestSamples)
        {
            await app.Services.GetRequiredService<GraphStoreAccessor>().GetAsync(CancellationToken.None);
            var results = await app.Services.GetRequiredService<IngestionPipeline>().IngestPathsAsync([SamplesFolder]);
            Assert.All(results, r => Assert.False(r.Failed, r.Failure?.Reason));
        }
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
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

/// <summary>One ingested graph shared by the read-only tests.</summary>
public sealed class SampleGraphFixture : IAsyncLifetime
{
    public ApiHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await ApiHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
