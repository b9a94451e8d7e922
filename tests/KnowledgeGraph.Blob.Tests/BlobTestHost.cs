using System.Globalization;
using Azure.Storage.Blobs;
using KnowledgeGraph.Api.Hosting;
using KnowledgeGraph.Api.Ingestion;
using KnowledgeGraph.Core.Ingestion;
using KnowledgeGraph.Core.Storage;
using KnowledgeGraph.Core.Vocabulary;
using KnowledgeGraph.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KnowledgeGraph.Blob.Tests;

/// <summary>
/// The services <c>kg serve</c> and the Functions app build (AddKnowledgeGraph), over a temp SQLite file, with a
/// container pair of its own in the shared Azurite so tests do not see each other's blobs.
/// </summary>
public sealed class BlobTestHost : IAsyncDisposable
{
    private BlobTestHost(ServiceProvider services, string folder, BlobContainerClient papers, BlobContainerClient failed, FailingGraphStore store)
    {
        Services = services;
        Folder = folder;
        Papers = papers;
        Failed = failed;
        Store = store;
    }

    public ServiceProvider Services { get; }

    public string Folder { get; }

    public BlobContainerClient Papers { get; }

    public BlobContainerClient Failed { get; }

    /// <summary>The store every service uses: SQLite behind a switchable outage.</summary>
    public FailingGraphStore Store { get; }

    public string DbPath => Path.Combine(Folder, "graph.db");

    public BlobPaperProcessor Processor => Services.GetRequiredService<BlobPaperProcessor>();

    public IngestionLedger Handler => Services.GetRequiredService<IngestionLedger>();

    /// <summary>A fresh valid container name (lower case, at most 63 characters).</summary>
    public static string NewContainerName(string purpose) => $"{purpose}-{Guid.NewGuid():N}"[..Math.Min(63, purpose.Length + 33)];

    public static async Task<BlobTestHost> StartAsync(AzuriteFixture azurite, string purpose, IDictionary<string, string?>? settings = null)
    {
        var folder = Directory.CreateTempSubdirectory("kg-blob-").FullName;
        var papers = azurite.Service.GetBlobContainerClient(NewContainerName(purpose));
        var failed = azurite.Service.GetBlobContainerClient(NewContainerName(purpose + "-failed"));
        await papers.CreateIfNotExistsAsync();
        var config = new Dictionary<string, string?>
        {
            ["KG:Sqlite:Path"] = Path.Combine(folder, "graph.db"),
            ["KG:Ingestion:Container"] = papers.Name,
            ["KG:Ingestion:FailedContainer"] = failed.Name,
            ["KG:Ingestion:Parallelism"] = "4",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) config[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(config).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddKnowledgeGraph(configuration);
        var store = new FailingGraphStore(new SqliteGraphStore(config["KG:Sqlite:Path"]!, ConceptVocabulary.Default));
        // Registered last, so it replaces the store AddKnowledgeGraph chose; every service sees the same instance.
        services.AddSingleton<IGraphStore>(store);
        // Short backoff: the tests count retries, they do not need to wait out production delays.
        services.AddSingleton(new BlobRetryOptions(3, TimeSpan.FromMilliseconds(20)));
        var provider = services.BuildServiceProvider();
        return new BlobTestHost(provider, folder, papers, failed, store);
    }

    public Task UploadAsync(CorpusFile file) => Papers.GetBlobClient(file.Name).UploadAsync(BinaryData.FromBytes(file.Content), overwrite: true);

    public async Task UploadAllAsync(IEnumerable<CorpusFile> files) =>
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (f, _) => await UploadAsync(f));

    public Task<ReconcileSummary> ReconcileAsync() => Processor.ReconcileAsync(Papers, CancellationToken.None);

    public async Task<List<IngestionRecord>> LedgerAsync(IngestionStatus? status = null)
    {
        var records = new List<IngestionRecord>();
        await foreach (var r in Handler.ListAsync(status, CancellationToken.None)) records.Add(r);
        return records;
    }

    public static async Task<List<string>> NamesAsync(BlobContainerClient container)
    {
        var names = new List<string>();
        if (!await container.ExistsAsync()) return names;
        await foreach (var b in container.GetBlobsAsync()) names.Add(b.Name);
        return names;
    }

    public static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            await Papers.DeleteIfExistsAsync();
            await Failed.DeleteIfExistsAsync();
            Directory.Delete(Folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or Azure.RequestFailedException)
        {
            // Leftovers in a temp folder or a stopped emulator are harmless.
        }
    }
}
