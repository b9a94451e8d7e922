using Azure.Storage.Blobs;
using KnowledgeGraph.Core.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Api;

/// <summary>The storage account <c>kg serve --blob CONNECTION</c> polls, and how often; the container is <c>KG:Ingestion:Container</c>.</summary>
public sealed record BlobWatchOptions(string ConnectionString, TimeSpan Interval);

/// <summary>
/// Local stand-in for the Functions blob trigger: lists the container every <see cref="BlobWatchOptions.Interval"/>
/// and hands new, changed and deleted blobs to <see cref="BlobPaperProcessor.ReconcileAsync"/>, the same class the
/// trigger calls. Crash-safe by construction: all state is in the ledger (stored with the graph) and the container,
/// so after a kill the next pass picks up whatever was Received but not finished.
/// </summary>
public sealed class BlobContainerPoller(BlobWatchOptions watch, BlobPaperProcessor processor, IOptions<KnowledgeGraphOptions> kg, ILogger<BlobContainerPoller> logger) : BackgroundService
{
    /// <summary>Passes completed so far (tests and logs use it to know a pass has seen the latest uploads).</summary>
    public int Passes => _passes;

    private int _passes;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Few SDK retries: an unreachable account is retried by the next pass instead of blocking this one.
        var options = new BlobClientOptions { Retry = { MaxRetries = 2, Delay = TimeSpan.FromMilliseconds(200), NetworkTimeout = TimeSpan.FromSeconds(30) } };
        var name = kg.Value.Ingestion.Container;
        var container = new BlobContainerClient(watch.ConnectionString, name, options);
        ApiLog.Polling(logger, name, watch.Interval);
        var created = false;
        using var timer = new PeriodicTimer(watch.Interval);
        do
        {
            try
            {
                if (!created)
                {
                    await container.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                    created = true;
                }
                await processor.ReconcileAsync(container, stoppingToken);
                Interlocked.Increment(ref _passes);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage or store unreachable: nothing is marked failed; the next pass tries again.
                ApiLog.PollFailed(logger, ex, name, watch.Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
