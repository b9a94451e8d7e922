using System.Security.Cryptography;
using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Ingestion;
using KnowledgeGraph.Core.Storage;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Api;

/// <summary>What one input came to: the ledger record, the per-paper result, or the read error.</summary>
public sealed record IngestionOutcome(IngestionRecord Record, IngestResult? Result, DocumentReadException? ReadError)
{
    public bool Unreadable => ReadError is not null;
}

/// <summary>
/// Ingests one named input (blob, watched file or posted body) through <see cref="IngestionPipeline"/> and keeps its
/// ledger record: Received first, then Ingested / Unchanged / Failed with the reason and attempt count, so an input
/// is never silently lost. Used by the blob trigger, <c>kg serve --watch</c> and <c>POST /api/papers</c>.
/// </summary>
public sealed class BlobIngestionHandler(
    GraphStoreAccessor stores,
    IngestionPipeline pipeline,
    IOptions<KnowledgeGraphOptions> options,
    TimeProvider time,
    ILogger<BlobIngestionHandler> logger)
{
    /// <summary>
    /// Unreadable input is recorded and returned (retrying cannot fix it). Any other failure (store down) is recorded
    /// and rethrown while attempts remain, so the trigger retries; after the last attempt it is recorded and returned.
    /// </summary>
    public async Task<IngestionOutcome> IngestAsync(string name, ReadOnlyMemory<byte> content, string? etag, CancellationToken ct)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["BlobName"] = name });
        var store = await stores.GetAsync(ct);
        var hash = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        var previous = await store.GetIngestionAsync(name, ct);
        // Attempts count tries of the same content; new content starts again at 1.
        var attempts = previous is { Status: IngestionStatus.Received or IngestionStatus.Failed } && previous.ContentHash == hash ? previous.Attempts + 1 : 1;
        var record = new IngestionRecord(name, etag, hash, IngestionStatus.Received, null, attempts, [], time.GetUtcNow());
        await store.UpsertIngestionAsync(record, ct);
        // Always run the pipeline, even for a hash the ledger has seen: the papers may have been deleted since,
        // and the store itself answers Unchanged cheaply for content it holds.
        try
        {
            var result = await pipeline.IngestAsync(content, name, ct);
            var status = result.Papers.All(p => p.Outcome == UpsertOutcome.Unchanged) ? IngestionStatus.Unchanged : IngestionStatus.Ingested;
            record = record with { Status = status, DocumentIds = [.. result.Papers.Select(p => p.DocumentId)], UpdatedAt = time.GetUtcNow() };
            await store.UpsertIngestionAsync(record, ct);
            foreach (var paper in result.Papers)
                ApiLog.PaperIngested(logger, name, paper.DocumentId, paper.Outcome);
            return new IngestionOutcome(record, result, null);
        }
        catch (DocumentReadException ex)
        {
            record = record with { Status = IngestionStatus.Failed, Reason = $"{ex.Code}: {ex.Message}", UpdatedAt = time.GetUtcNow() };
            await store.UpsertIngestionAsync(record, ct);
            ApiLog.Unreadable(logger, name, ex.Code.ToString(), ex.Message);
            return new IngestionOutcome(record, null, ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            record = record with { Status = IngestionStatus.Failed, Reason = $"{ex.GetType().Name}: {ex.Message}", UpdatedAt = time.GetUtcNow() };
            await TryRecordAsync(store, record);
            ApiLog.IngestFailed(logger, ex, name, attempts, options.Value.Ingestion.MaxAttempts);
            if (attempts < options.Value.Ingestion.MaxAttempts) throw;
            return new IngestionOutcome(record, null, null);
        }
    }

    /// <summary>The blob trigger's entry: ingest and record; throws only to ask the host for a retry.</summary>
    public async Task IngestBlobAsync(string name, byte[] content, CancellationToken ct) => await IngestAsync(name, content, null, ct);

    private async Task TryRecordAsync(IGraphStore store, IngestionRecord record)
    {
        try
        {
            await store.UpsertIngestionAsync(record, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The store is what failed; the log line above still carries the blob name.
            ApiLog.LedgerWriteFailed(logger, ex, record.Name);
        }
    }
}
