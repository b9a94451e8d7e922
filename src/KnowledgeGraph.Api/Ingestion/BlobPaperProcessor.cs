using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Ingestion;
using KnowledgeGraph.Core.Storage;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace KnowledgeGraph.Api.Ingestion;

/// <summary>How hard one blob is retried in place before it is left for a later pass (or the trigger's own retry).</summary>
public sealed record BlobRetryOptions(int Retries, TimeSpan FirstDelay)
{
    public static BlobRetryOptions Default { get; } = new(4, TimeSpan.FromMilliseconds(250));
}

public enum BlobProcessStatus
{
    /// <summary>The ledger already holds this ETag as ingested; nothing was read.</summary>
    UpToDate,
    Ingested,
    Unchanged,
    Quarantined,
    /// <summary>The blob was deleted or replaced while being processed; the next pass sees its new state.</summary>
    Moved,
}

public sealed record BlobProcessResult(string Name, BlobProcessStatus Status, IngestionRecord? Record);

/// <summary>What one pass over a container did.</summary>
public sealed record ReconcileSummary(string Container, int Blobs, int Processed, int Ingested, int Unchanged, int Quarantined, int Waiting, int Removed);

/// <summary>
/// The one blob-handling class of both hosts: the Functions blob trigger calls <see cref="ProcessAsync"/> per blob,
/// <c>kg serve --blob</c> (and the Functions reconcile timer) call <see cref="ReconcileAsync"/> per container.
/// A blob is downloaded (never when over <see cref="IngestionOptions.MaxDocumentBytes"/>), ingested through
/// <see cref="IngestionLedger"/> under the ledger name <c>container/blob</c>, and, when its content is at fault,
/// copied to <see cref="IngestionOptions.FailedContainer"/> with the reason as metadata and then deleted. Store and
/// storage errors are retried with backoff and then rethrown: the blob stays in place, never quarantined for them.
/// </summary>
public sealed class BlobPaperProcessor
{
    private readonly IngestionLedger _ledger;
    private readonly IngestionSlots _slots;
    private readonly IOptions<KnowledgeGraphOptions> _options;
    private readonly ILogger<BlobPaperProcessor> _logger;
    private readonly ResiliencePipeline _retry;

    public BlobPaperProcessor(IngestionLedger ledger, IngestionSlots slots, IOptions<KnowledgeGraphOptions> options, BlobRetryOptions retry, ILogger<BlobPaperProcessor> logger)
    {
        _ledger = ledger;
        _slots = slots;
        _options = options;
        _logger = logger;
        _retry = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, retry.Retries),
                Delay = retry.FirstDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not OperationCanceledException),
                OnRetry = args =>
                {
                    var name = args.Context.Properties.GetValue(BlobNameKey, "");
                    IngestionHostLog.BlobRetry(_logger, name, args.RetryDelay, args.AttemptNumber + 1, args.Outcome.Exception?.Message ?? "");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    private static readonly ResiliencePropertyKey<string> BlobNameKey = new("BlobName");

    /// <summary>The ledger key of a blob: container and blob name, so blobs never collide with posted or watched inputs.</summary>
    public static string LedgerName(string container, string blobName) => InputNames.Blob(container, blobName);

    private int Parallelism => _options.Value.Ingestion.Parallelism > 0 ? _options.Value.Ingestion.Parallelism : Environment.ProcessorCount;

    /// <summary>
    /// Processes one blob, retrying store and storage failures with backoff; when they persist, rethrows (the trigger
    /// retries; the poller's next pass does) with the blob untouched and its ledger record at Received.
    /// </summary>
    public async Task<BlobProcessResult> ProcessAsync(BlobClient blob, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(BlobNameKey, LedgerName(blob.BlobContainerName, blob.Name));
        try
        {
            return await _retry.ExecuteAsync(static async (ctx, state) => await state.Self.ProcessOnceAsync(state.Blob, ctx.CancellationToken), context, (Self: this, Blob: blob));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// One pass over a container: new and changed blobs (by ETag against the ledger) are processed, <see cref="IngestionOptions.Parallelism"/>
    /// at a time; blobs gone from the container are removed (<see cref="IngestionLedger.RemoveAsync"/>). Blobs that
    /// keep failing for store reasons are counted as waiting and left for the next pass.
    /// </summary>
    public async Task<ReconcileSummary> ReconcileAsync(BlobContainerClient container, CancellationToken ct)
    {
        // Ledger before listing: a blob ingested by someone else after this snapshot is not mistaken for a deleted one.
        var prefix = container.Name + "/";
        var ledger = new Dictionary<string, IngestionRecord>(StringComparer.Ordinal);
        await foreach (var record in _ledger.ListAsync(null, ct))
            if (record.Name.StartsWith(prefix, StringComparison.Ordinal)) ledger[record.Name] = record;

        // Keyed by ledger name (blob names are escaped there), each with its blob name and ETag.
        var blobs = new Dictionary<string, (string Blob, string ETag)>(StringComparer.Ordinal);
        await foreach (var item in container.GetBlobsAsync(cancellationToken: ct))
            blobs[LedgerName(container.Name, item.Name)] = (item.Name, item.Properties.ETag is { } e ? Tag(e) : "");

        // A Deleted record with the blob's current ETag is a paper deleted on request: it stays deleted until a new version is uploaded.
        var todo = blobs.Where(b => !ledger.TryGetValue(b.Key, out var r) || r.ETag != b.Value.ETag
                || r.Status is not (IngestionStatus.Ingested or IngestionStatus.Unchanged or IngestionStatus.Deleted))
            .Select(b => b.Value.Blob).Order(StringComparer.Ordinal).ToList();
        int ingested = 0, unchanged = 0, quarantined = 0, waiting = 0;
        await Parallel.ForEachAsync(todo, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (name, token) =>
        {
            try
            {
                var result = await ProcessAsync(container.GetBlobClient(name), token);
                _ = result.Status switch
                {
                    BlobProcessStatus.Ingested => Interlocked.Increment(ref ingested),
                    BlobProcessStatus.Unchanged or BlobProcessStatus.UpToDate => Interlocked.Increment(ref unchanged),
                    BlobProcessStatus.Quarantined => Interlocked.Increment(ref quarantined),
                    _ => 0,
                };
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
            {
                Interlocked.Increment(ref waiting);
                IngestionHostLog.BlobWaits(_logger, LedgerName(container.Name, name), ex.Message);
            }
        });

        var removed = 0;
        foreach (var record in ledger.Values.Where(r => !blobs.ContainsKey(r.Name) && r.Status is not (IngestionStatus.Deleted or IngestionStatus.Failed)))
        {
            if (await _ledger.RemoveAsync(record.Name, ct) is { } gone)
            {
                removed++;
                IngestionHostLog.BlobRemoved(_logger, gone.Name, gone.Status);
            }
        }
        var summary = new ReconcileSummary(container.Name, blobs.Count, todo.Count, ingested, unchanged, quarantined, waiting, removed);
        if (todo.Count > 0 || removed > 0)
            IngestionHostLog.Reconciled(_logger, container.Name, blobs.Count, todo.Count, ingested, unchanged, quarantined, waiting, removed);
        return summary;
    }

    private async Task<BlobProcessResult> ProcessOnceAsync(BlobClient blob, CancellationToken ct)
    {
        var name = LedgerName(blob.BlobContainerName, blob.Name);
        BlobProperties properties;
        try
        {
            properties = (await blob.GetPropertiesAsync(cancellationToken: ct)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return new BlobProcessResult(name, BlobProcessStatus.Moved, null);
        }
        var etag = Tag(properties.ETag);
        // Trigger re-deliveries and poll passes of a version already ingested cost one HEAD request, not a download.
        if (await _ledger.GetAsync(name, ct) is { Status: IngestionStatus.Ingested or IngestionStatus.Unchanged } done && done.ETag == etag)
            return new BlobProcessResult(name, BlobProcessStatus.UpToDate, done);
        var limit = _options.Value.Ingestion.MaxDocumentBytes;
        if (properties.ContentLength > limit)
        {
            // Checked before downloading: an oversized blob is never pulled into memory.
            var reason = $"{DocumentErrorCode.TooLarge}: '{name}' is {properties.ContentLength:N0} bytes; the limit is {limit:N0} bytes (KG:Ingestion:MaxDocumentBytes)";
            var failed = await _ledger.RecordFailureAsync(name, etag, reason, ct);
            return await QuarantineAsync(blob, properties.ETag, null, failed, DocumentErrorCode.TooLarge.ToString(), ct);
        }

        using var slot = await _slots.WaitAsync(ct);
        BinaryData content;
        try
        {
            var download = await blob.DownloadContentAsync(new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } }, ct);
            content = download.Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Deleted or replaced since the properties were read: the next pass (or trigger) handles the new state.
            return new BlobProcessResult(name, BlobProcessStatus.Moved, null);
        }

        var outcome = await _ledger.IngestAsync(name, content.ToMemory(), etag, ct);
        if (outcome.Quarantine)
            return await QuarantineAsync(blob, properties.ETag, content, outcome.Record, outcome.ReadError?.Code.ToString() ?? "ReaderFailed", ct);

        // A fixed file re-uploaded under a quarantined name: the stale failed copy no longer describes it.
        await FailedContainer(blob).GetBlobClient(blob.Name).DeleteIfExistsAsync(cancellationToken: ct);
        var status = outcome.Record.Status == IngestionStatus.Unchanged ? BlobProcessStatus.Unchanged : BlobProcessStatus.Ingested;
        return new BlobProcessResult(name, status, outcome.Record);
    }

    /// <summary>ETags as the ledger keeps them: listings and HEAD responses differ in quoting.</summary>
    private static string Tag(ETag etag) => etag.ToString().Trim('"');

    private BlobContainerClient FailedContainer(BlobClient blob) =>
        blob.GetParentBlobContainerClient().GetParentBlobServiceClient().GetBlobContainerClient(_options.Value.Ingestion.FailedContainer);

    /// <summary>Copy to the failed container with the reason as metadata, then delete the original if it is still this version.</summary>
    private async Task<BlobProcessResult> QuarantineAsync(BlobClient blob, ETag etag, BinaryData? content, IngestionRecord record, string code, CancellationToken ct)
    {
        var failed = FailedContainer(blob);
        await failed.CreateIfNotExistsAsync(cancellationToken: ct);
        var target = failed.GetBlobClient(blob.Name);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["reason"] = HeaderSafe(record.Reason ?? code, 2000),
            ["code"] = code,
            ["attempts"] = record.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["originalname"] = Uri.EscapeDataString(record.Name),
            ["etag"] = HeaderSafe(etag.ToString(), 200),
            ["sha256"] = record.ContentHash ?? "",
        };
        if (content is not null)
        {
            await target.UploadAsync(content, new BlobUploadOptions { Metadata = metadata }, ct);
        }
        else
        {
            // Not downloaded (too large): a server-side copy of exactly this version.
            var copy = await target.StartCopyFromUriAsync(blob.Uri, new BlobCopyFromUriOptions { Metadata = metadata, SourceConditions = new BlobRequestConditions { IfMatch = etag } }, ct);
            await copy.WaitForCompletionAsync(ct);
        }
        try
        {
            await blob.DeleteAsync(DeleteSnapshotsOption.IncludeSnapshots, new BlobRequestConditions { IfMatch = etag }, ct);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Already gone, or replaced by a new upload that deserves its own try: leave it.
        }
        IngestionHostLog.Quarantined(_logger, record.Name, $"{failed.Name}/{blob.Name}", record.Reason ?? code);
        return new BlobProcessResult(record.Name, BlobProcessStatus.Quarantined, record);
    }

    /// <summary>Metadata values travel as HTTP headers: printable ASCII only, bounded length.</summary>
    private static string HeaderSafe(string value, int max)
    {
        var sb = new StringBuilder(Math.Min(value.Length, max));
        foreach (var c in value)
        {
            if (sb.Length == max) break;
            sb.Append(c is >= ' ' and <= '~' ? c : '?');
        }
        return sb.ToString().Trim();
    }
}
