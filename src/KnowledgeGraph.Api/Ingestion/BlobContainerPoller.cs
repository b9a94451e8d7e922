using Azure.Storage.Blobs;
using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Ingestion;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Api.Ingestion;

/// <summary>The storage account <c>kg serve --blob</c> polls, and how often; the container is <c>KG:Ingestion:Container</c>.</summary>
/// <param name="MaxBackoff">Longest wait between passes while the account or the store keeps failing.</param>
public sealed record BlobWatchOptions(string ConnectionString, TimeSpan Interval, TimeSpan? MaxBackoff = null)
{
    public override string ToString() => $"BlobWatchOptions {{ Interval = {Interval} }}"; // never the connection string
}

/// <summary>
/// Local stand-in for the Functions blob trigger: lists the container every <see cref="BlobWatchOptions.Interval"/>
/// and hands new, changed and deleted blobs to <see cref="BlobPaperProcessor.ReconcileAsync"/>, the same class the
/// trigger calls. Crash-safe by construction: all state is in the ledger (stored with the graph) and the container,
/// so after a kill the next pass picks up whatever was Received but not finished. While storage or the store fails,
/// passes back off (doubling, with jitter, up to a minute) and the failure is logged with its stack trace once, then
/// as one line per pass.
/// </summary>
public sealed class BlobContainerPoller(BlobWatchOptions watch, BlobPaperProcessor processor, IOptions<KnowledgeGraphOptions> kg, ILogger<BlobContainerPoller> logger) : BackgroundService
{
    /// <summary>Passes completed so far (tests and logs use it to know a pass has seen the latest uploads).</summary>
    public int Passes => _passes;

    /// <summary>Failed passes in a row (0 while healthy).</summary>
    public int ConsecutiveFailures => _backoff.Failures;

    private readonly PollBackoff _backoff = new(watch.Interval, watch.MaxBackoff ?? TimeSpan.FromMinutes(1));
    private int _passes;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Few SDK retries: an unreachable account is retried by the next pass instead of blocking this one.
        var options = new BlobClientOptions { Retry = { MaxRetries = 2, Delay = TimeSpan.FromMilliseconds(200), NetworkTimeout = TimeSpan.FromSeconds(30) } };
        var name = kg.Value.Ingestion.Container;
        var container = new BlobContainerClient(watch.ConnectionString, name, options);
        IngestionHostLog.Polling(logger, name, watch.Interval);
        var created = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                if (!created)
                {
                    await container.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                    created = true;
                }
                await processor.ReconcileAsync(container, stoppingToken);
                Interlocked.Increment(ref _passes);
                wait = _backoff.Succeeded();
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage or store unreachable: nothing is marked failed; a later pass tries again.
                wait = _backoff.Failed();
                if (_backoff.Failures == 1) IngestionHostLog.PollFailed(logger, ex, name, wait);
                else IngestionHostLog.PollStillFailing(logger, name, _backoff.Failures, wait, ex.Message);
            }
            try
            {
                await Task.Delay(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
