using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using KnowledgeGraph.Functions.Host.Tests.Host;
using KnowledgeGraph.Functions.Host.Tests.Rpc;

namespace KnowledgeGraph.Functions.Host.Tests;

/// <summary>
/// The blob trigger and the reconcile timer run in the real worker against Azurite: the host sends what it sends
/// in Azure for SDK-type bindings (model binding data naming the connection setting, container and blob), and the
/// worker's blobs extension builds the BlobClient / BlobContainerClient from the app's own PapersStorage setting.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobFunctionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string ReviewPaper = "paper:doi:10.1007/s10517-025-06444-5";

    private readonly string _folder = Directory.CreateTempSubdirectory("kg-fnblob-").FullName;
    private readonly string _container = "papers-" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _failed = "failed-" + Guid.NewGuid().ToString("N")[..8];
    private FunctionsHost _host = null!;
    private HttpClient Api { get; set; } = null!;

    public async Task InitializeAsync()
    {
        await azurite.EnsureRunningAsync();
        await azurite.Service.CreateBlobContainerAsync(_container);
        _host = await FunctionsHost.StartAsync(new Dictionary<string, string>
        {
            ["KG__Store"] = "sqlite",
            ["KG__Sqlite__Path"] = Path.Combine(_folder, "graph.db"),
            ["KG__Ingestion__Container"] = _container,
            ["KG__Ingestion__FailedContainer"] = _failed,
            ["KG__Ingestion__Connection"] = "PapersStorage",
            ["PapersStorage"] = azurite.ConnectionString,
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
        });
        Api = new HttpClient { BaseAddress = _host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        if (_host is not null) await _host.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private BlobContainerClient Papers => azurite.Service.GetBlobContainerClient(_container);

    private static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "samples", name);

    private void AssertSucceeded(InvocationResponse response) =>
        Assert.True(response.Result.Status == StatusResult.Types.Status.Success,
            $"{response.Result.Exception?.Message}\n{response.Result.Exception?.StackTrace}\n{string.Join('\n', _host.Logs.TakeLast(40))}");

    private async Task<JsonElement> LedgerAsync(string blobName)
    {
        using var doc = JsonDocument.Parse(await Api.GetStringAsync("api/ingestions?limit=500"));
        return doc.RootElement.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("name").GetString() == $"{_container}/{blobName}").Clone();
    }

    [Fact]
    public async Task Blob_trigger_ingests_an_uploaded_paper_and_quarantines_a_broken_one()
    {
        await Papers.UploadBlobAsync("review.txt", BinaryData.FromBytes(await File.ReadAllBytesAsync(Sample("000_9072b94603e409bc.txt"))));
        await Papers.UploadBlobAsync("broken.json", BinaryData.FromString("{ \"title\": \"unterminated"));

        AssertSucceeded(await _host.DeliverBlobAsync("IngestBlob", "review.txt"));
        using (var paper = await Api.GetAsync("api/papers/" + ReviewPaper))
            Assert.Equal(HttpStatusCode.OK, paper.StatusCode);
        Assert.Equal("ingested", (await LedgerAsync("review.txt")).GetProperty("status").GetString());

        AssertSucceeded(await _host.DeliverBlobAsync("IngestBlob", "broken.json"));
        Assert.False(await Papers.GetBlobClient("broken.json").ExistsAsync(), "A broken blob leaves the papers container.");
        var quarantined = await azurite.Service.GetBlobContainerClient(_failed).GetBlobClient("broken.json").GetPropertiesAsync();
        Assert.False(string.IsNullOrEmpty(quarantined.Value.Metadata["reason"]));
        Assert.Equal("failed", (await LedgerAsync("broken.json")).GetProperty("status").GetString());
        Assert.True(await Papers.GetBlobClient("review.txt").ExistsAsync(), "A good blob stays where it was.");
        Assert.Empty(_host.Failures);
    }

    [Fact]
    public async Task Reconcile_timer_removes_the_paper_of_a_deleted_blob()
    {
        await Papers.UploadBlobAsync("review.txt", BinaryData.FromBytes(await File.ReadAllBytesAsync(Sample("000_9072b94603e409bc.txt"))));
        AssertSucceeded(await _host.DeliverBlobAsync("IngestBlob", "review.txt"));
        using (var before = await Api.GetAsync("api/papers/" + ReviewPaper))
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        await Papers.DeleteBlobAsync("review.txt");
        AssertSucceeded(await _host.FireTimerAsync("ReconcileBlobs"));

        using (var after = await Api.GetAsync("api/papers/" + ReviewPaper))
            Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Equal("deleted", (await LedgerAsync("review.txt")).GetProperty("status").GetString());
        Assert.Empty(_host.Failures);
    }
}
