using System.Net;
using KnowledgeGraph.Api.Hosting;
using KnowledgeGraph.Core.Ingestion;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeGraph.Testing;

/// <summary>
/// The <c>kg serve</c> app (same builder, same endpoints) on real Kestrel at a free 127.0.0.1 port, over a temp SQLite
/// file, optionally holding the sample papers (ingested through the ledger's file door, as <c>kg serve --ingest</c>).
/// One host for the API tests and the browser tests (tests/Shared): a browser needs a real socket, and a real socket
/// also exercises Kestrel's own limits the way clients meet them.
/// </summary>
internal sealed class TestApiHost : IAsyncDisposable
{
    private TestApiHost(WebApplication app, string folder, Uri baseAddress)
    {
        App = app;
        Folder = folder;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    /// <summary>The sample papers copied next to the test binaries (samples/papers of the repository).</summary>
    public static string SamplesFolder => Path.Combine(AppContext.BaseDirectory, "samples");

    public WebApplication App { get; }

    /// <summary>A client for the host, with <see cref="BaseAddress"/> set.</summary>
    public HttpClient Client { get; }

    public string Folder { get; }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => App.Services;

    /// <param name="settings">Extra <c>KG:...</c> settings (e.g. limits); the SQLite path defaults to a temp file.</param>
    public static async Task<TestApiHost> StartAsync(bool ingestSamples = true, IDictionary<string, string?>? settings = null)
    {
        var folder = Directory.CreateTempSubdirectory("kg-host-").FullName;
        var config = new Dictionary<string, string?> { ["KG:Sqlite:Path"] = Path.Combine(folder, "graph.db") };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) config[key] = value;
        var builder = KnowledgeGraphWebApp.CreateBuilder(config);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = KnowledgeGraphWebApp.Build(builder);
        await app.StartAsync();
        // After start, Urls holds the port Kestrel picked.
        var address = app.Urls.Single().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
        var host = new TestApiHost(app, folder, new Uri(address + "/"));
        if (ingestSamples)
        {
            var results = await app.Services.GetRequiredService<FileIngestion>().IngestPathsAsync([SamplesFolder]);
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
