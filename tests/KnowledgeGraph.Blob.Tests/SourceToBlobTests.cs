using System.Text.Json;
using Azure.Storage.Blobs.Models;
using KnowledgeGraph.Api.Ingestion;
using KnowledgeGraph.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeGraph.Blob.Tests;

/// <summary>
/// Records fetched from PubMed and ClinicalTrials.gov (replayed on 127.0.0.1) dropped into the papers container, by
/// <c>kg fetch --to-blob</c> and by the Functions refresh timer's handler, then ingested by the blob door: one
/// ingestion path. The container is the cache, so a rerun uploads nothing.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SourceToBlobTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private SourceReplayServer _server = null!;

    public async Task InitializeAsync() => _server = await SourceReplayServer.StartAsync(Path.Combine(AppContext.BaseDirectory, "samples"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Dictionary<string, string?> Sources(string? queries = null) => new()
    {
        ["KG:Sources:PubMed:BaseUrl"] = _server.PubMedBase.ToString(),
        ["KG:Sources:PubMed:RequestsPerSecond"] = "1000",
        ["KG:Sources:PubMed:RetryDelaySeconds"] = "0",
        ["KG:Sources:ClinicalTrials:BaseUrl"] = _server.TrialsBase.ToString(),
        ["KG:Sources:ClinicalTrials:RequestsPerSecond"] = "1000",
        ["KG:Sources:ClinicalTrials:RetryDelaySeconds"] = "0",
        ["KG:Sources:Refresh:Queries"] = queries,
    };

    private static async Task<Dictionary<string, BlobItem>> BlobsAsync(Azure.Storage.Blobs.BlobContainerClient container)
    {
        var blobs = new Dictionary<string, BlobItem>(StringComparer.Ordinal);
        await foreach (var b in container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, null, default)) blobs[b.Name] = b;
        return blobs;
    }

    [Fact]
    public async Task Fetch_to_blob_drops_each_record_for_the_blob_door_and_a_rerun_uploads_nothing()
    {
        _server.AddPubMed(6);
        _server.AddTrials(2);
        await using var host = await BlobTestHost.StartAsync(azurite, "fetch");
        var environment = Sources().Where(kv => kv.Value is not null).ToDictionary(kv => "KG__" + kv.Key[3..].Replace(":", "__", StringComparison.Ordinal), kv => kv.Value!);
        environment["PapersStorage"] = azurite.ConnectionString;
        string[] pubmed = ["fetch", "pubmed", "islets", "--to-blob", "--container", host.Papers.Name, "--db", host.DbPath, "--json"];

        var (code, stdout, stderr) = await KgProcess.RunAsync(pubmed, environment);
        Assert.True(code == 0, stderr);
        Assert.Equal(6, JsonDocument.Parse(stdout).RootElement.GetProperty("uploaded").GetInt32());
        var (ctCode, _, ctErr) = await KgProcess.RunAsync(["fetch", "ctgov", "--condition", "Type 1 Diabetes", "--to-blob", "--container", host.Papers.Name, "--db", host.DbPath, "--json"], environment);
        Assert.True(ctCode == 0, ctErr);

        var blobs = await BlobsAsync(host.Papers);
        Assert.Equal(_server.PubMed.Select(p => $"pubmed/{p.Pmid}.xml").Concat(_server.Trials.Select(t => $"ctgov/{t.NctId}.json")).Order(), blobs.Keys.Order());
        Assert.Equal("2024-05-01", blobs["ctgov/NCT05000001.json"].Metadata["sourceversion"]);
        Assert.Equal(("pubmed", _server.PubMed[0].Pmid), (blobs[$"pubmed/{_server.PubMed[0].Pmid}.xml"].Metadata["source"], blobs[$"pubmed/{_server.PubMed[0].Pmid}.xml"].Metadata["sourceid"]));
        // Nothing went into the graph yet: --to-blob leaves ingestion to the blob door.
        Assert.Empty((await host.Store.ListIngestionsAsync(null, 10, null, default)).Items);

        var (again, againOut, againErr) = await KgProcess.RunAsync(pubmed, environment);
        Assert.True(again == 0, againErr);
        var report = JsonDocument.Parse(againOut).RootElement;
        Assert.Equal(0, report.GetProperty("uploaded").GetInt32());
        Assert.Equal(6, report.GetProperty("queries")[0].GetProperty("held").GetInt32());
        Assert.Equal(blobs.Values.Select(b => b.Properties.ETag), (await BlobsAsync(host.Papers)).Values.Select(b => b.Properties.ETag));

        // The blob door ingests them like any uploaded paper.
        var pass = await host.Processor.ReconcileAsync(host.Papers, default);
        Assert.Equal((8, 0), (pass.Ingested, pass.Quarantined));
        var counts = await host.Store.GetCountsAsync(default);
        Assert.Equal(6, counts.Nodes["Paper"]);
        Assert.True(counts.Nodes["Trial"] >= 2);
    }

    [Fact]
    public async Task The_refresh_handler_runs_the_configured_queries_into_the_container_and_is_off_when_unset()
    {
        _server.AddPubMed(4);
        _server.AddTrials(3);
        await using (var off = await BlobTestHost.StartAsync(azurite, "refresh-off", Sources()))
        {
            await off.Services.GetRequiredService<SourceRefreshHandler>().RefreshAsync(off.Papers, default);
            Assert.Empty(_server.Requests);
            Assert.Empty(await BlobsAsync(off.Papers));
        }

        await using var host = await BlobTestHost.StartAsync(azurite, "refresh", Sources("pubmed:islet transplantation; ctgov:VX-880"));
        var handler = host.Services.GetRequiredService<SourceRefreshHandler>();
        await handler.RefreshAsync(host.Papers, default);

        var blobs = await BlobsAsync(host.Papers);
        Assert.Equal(7, blobs.Count);
        Assert.Equal("VX-880", _server.Calls("/studies")[0].Parameters["query.term"]);

        _server.Trials[0] = (_server.Trials[0].NctId, "2025-03-01");
        await handler.RefreshAsync(host.Papers, default);

        var after = await BlobsAsync(host.Papers);
        var changed = after.Where(b => b.Value.Properties.ETag != blobs[b.Key].Properties.ETag).Select(b => b.Key).ToList();
        Assert.Equal([$"ctgov/{_server.Trials[0].NctId}.json"], changed);
        Assert.Equal("2025-03-01", after[changed[0]].Metadata["sourceversion"]);
    }
}
