using KnowledgeGraph.Api.Ingestion;
using KnowledgeGraph.Core.Ingestion;
using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Blob.Tests;

/// <summary>Store and storage outages: blobs wait in place, are never quarantined for them, and succeed after recovery.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class OutageTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Blobs_wait_while_the_graph_store_fails_and_ingest_after_it_recovers()
    {
        await using var host = await BlobTestHost.StartAsync(azurite, "storedown");
        var files = Enumerable.Range(20, 10).Select(i => PaperCorpus.Good(i)).ToList();
        await host.UploadAllAsync(files);

        host.Store.GraphWritesFail = true;
        for (var pass = 0; pass < 3; pass++)
        {
            var down = await host.ReconcileAsync();
            Assert.Equal(10, down.Waiting);
            Assert.Equal(0, down.Quarantined);
        }
        // Every pass retried each blob with backoff (1 + 3 tries), far past MaxAttempts (3), and still nothing failed.
        Assert.True(host.Store.FailedWrites >= 3 * 10 * 4, $"{host.Store.FailedWrites} failed writes");
        Assert.Equal(10, (await BlobTestHost.NamesAsync(host.Papers)).Count);
        Assert.Empty(await BlobTestHost.NamesAsync(host.Failed));
        var waiting = await host.LedgerAsync();
        Assert.All(waiting, r => Assert.Equal(IngestionStatus.Received, r.Status));
        Assert.All(waiting, r => Assert.StartsWith("waiting for the store", r.Reason, StringComparison.Ordinal));

        host.Store.GraphWritesFail = false;
        var up = await host.ReconcileAsync();

        Assert.Equal(10, up.Ingested);
        Assert.Equal(0, up.Waiting);
        Assert.All(await host.LedgerAsync(), r => Assert.Equal(IngestionStatus.Ingested, r.Status));
        foreach (var f in files) Assert.NotNull(await host.Store.GetDocumentHashAsync(f.PaperId!));
        Assert.Empty(await BlobTestHost.NamesAsync(host.Failed));
    }

    [Fact]
    public async Task Trigger_path_rethrows_a_store_failure_after_its_retries_and_leaves_the_blob_in_place()
    {
        await using var host = await BlobTestHost.StartAsync(azurite, "trigger");
        var paper = PaperCorpus.Good(7);
        await host.UploadAsync(paper);
        var blob = host.Papers.GetBlobClient(paper.Name);

        host.Store.GraphWritesFail = true;
        // The blob trigger's call: throwing is what makes the Functions host retry the blob later.
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => host.Processor.ProcessAsync(blob, CancellationToken.None));
        Assert.Equal(4, host.Store.FailedWrites); // first try + 3 retries with backoff
        Assert.True(await blob.ExistsAsync());
        Assert.Equal(IngestionStatus.Received, (await host.LedgerAsync()).Single().Status);

        host.Store.GraphWritesFail = false;
        var result = await host.Processor.ProcessAsync(blob, CancellationToken.None);
        Assert.Equal(BlobProcessStatus.Ingested, result.Status);
        Assert.Equal([paper.PaperId!], result.Record!.DocumentIds);
    }

    [Fact]
    public async Task Poller_waits_out_a_stopped_storage_emulator_and_then_ingests_everything()
    {
        await using var host = await BlobTestHost.StartAsync(azurite, "azdown");
        var files = Enumerable.Range(40, 8).Select(i => PaperCorpus.Good(i)).Append(new CorpusFile("bad/empty.txt", [], null)).ToList();
        await host.UploadAllAsync(files);
        await azurite.StopAsync();
        var poller = new BlobContainerPoller(new BlobWatchOptions(azurite.ConnectionString, TimeSpan.FromMilliseconds(300)), host.Processor,
            host.Services.GetRequiredService<IOptions<KnowledgeGraphOptions>>(), NullLogger<BlobContainerPoller>.Instance);
        await poller.StartAsync(CancellationToken.None);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Equal(0, poller.Passes);
            Assert.Empty(await host.LedgerAsync());

            await azurite.StartAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            List<IngestionRecord> ledger;
            do
            {
                await Task.Delay(200, timeout.Token);
                ledger = await host.LedgerAsync();
            }
            while (ledger.Count(r => r.Status != IngestionStatus.Received) < files.Count);

            Assert.Equal(8, ledger.Count(r => r.Status == IngestionStatus.Ingested));
            Assert.Equal(IngestionStatus.Failed, ledger.Single(r => r.Name.EndsWith("bad/empty.txt", StringComparison.Ordinal)).Status);
            Assert.Equal(["bad/empty.txt"], await BlobTestHost.NamesAsync(host.Failed));
        }
        finally
        {
            await poller.StopAsync(CancellationToken.None);
            poller.Dispose();
            if (azurite.Port != 0) await azurite.EnsureRunningAsync();
        }
    }
}
