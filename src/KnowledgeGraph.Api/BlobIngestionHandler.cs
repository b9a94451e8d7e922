using System.Security.Cryptography;
using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Ingestion;
using KnowledgeGraph.Core.Storage;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Api;

/// <summary>What one input came to: the ledger record, the per-paper result, or the read error.</summary>
/// <param name="Quarantine">The input itself is at fault (unreadable, or the reader crashed on it on every attempt):
/// move it aside. Never true because of a store failure.</param>
public sealed record IngestionOutcome(IngestionRecord Record, IngestResult? Result, DocumentReadException? ReadError, bool Quarantine = false)
{
    public bool Unreadable => ReadError is not null;
}

/// <summary>
/// Ingests one named input (blob, watched file or posted body) through <see cref="IngestionPipeline"/> and keeps its
/// ledger record: Received first, then Ingested / Unchanged / Failed with the reason and attempt count, so an input
/// is never silently lost. Used by <see cref="BlobPaperProcessor"/> (blob trigger and <c>kg serve --blob</c>),
/// <c>kg serve --watch</c> and <c>POST /api/papers</c>.
/// </summary>
/// <remarks>
/// Failures are told apart by where they happen, not by exception type: reading and extraction touch only the
/// input, so a failure there is the input's fault; writing touches only the store, so a failure there is the
/// store's and is always rethrown for a later retry, with the record left at Received (never Failed).
/// </remarks>
public sealed class BlobIngestionHandler(
    GraphStoreAccessor stores,
    IngestionPipeline pipeline,
    IOptions<KnowledgeGraphOptions> options,
    TimeProvider time,
    ILogger<BlobIngestionHandler> logger)
{
    private static readonly IngestionStatus[] LiveStatuses = [IngestionStatus.Ingested, IngestionStatus.Unchanged];

    /// <summary>
    /// Unreadable input is recorded Failed and returned with <see cref="IngestionOutcome.Quarantine"/> (retrying cannot
    /// fix it). A reader crash is rethrown while attempts remain, then recorded Failed for quarantine. A store failure
    /// is rethrown every time; the input waits at Received.
    /// </summary>
    public async Task<IngestionOutcome> IngestAsync(string name, ReadOnlyMemory<byte> content, string? etag, CancellationToken ct)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["BlobName"] = name });
        var store = await stores.GetAsync(ct);
        var hash = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        var previous = await store.GetIngestionAsync(name, ct);
        // Attempts count tries of the same content; new content starts again at 1.
        var attempts = previous is { Status: IngestionStatus.Received or IngestionStatus.Failed } && previous.ContentHash == hash ? previous.Attempts + 1 : 1;
        // Papers this name still holds (a Deleted record holds none): carried through Received so that a crash before
        // the outcome is written still knows what the name produced. A quarantined version keeps the last good
        // version's papers until a readable version replaces them or the blob is deleted.
        IReadOnlyList<string> held = previous is { Status: not IngestionStatus.Deleted } ? previous.DocumentIds : [];
        var record = new IngestionRecord(name, etag, hash, IngestionStatus.Received, null, attempts, held, time.GetUtcNow());
        await store.UpsertIngestionAsync(record, ct);

        PreparedInput prepared;
        try
        {
            prepared = pipeline.Prepare(content, name, ct);
        }
        catch (DocumentReadException ex)
        {
            record = record with { Status = IngestionStatus.Failed, Reason = $"{ex.Code}: {ex.Message}", UpdatedAt = time.GetUtcNow() };
            await store.UpsertIngestionAsync(record, ct);
            ApiLog.Unreadable(logger, name, ex.Code.ToString(), ex.Message);
            return new IngestionOutcome(record, null, ex, Quarantine: true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A reader bug on this input: worth a few tries (it may be memory pressure), not endless ones.
            var last = attempts >= options.Value.Ingestion.MaxAttempts;
            record = record with { Status = last ? IngestionStatus.Failed : IngestionStatus.Received, Reason = $"{ex.GetType().Name}: {ex.Message}", UpdatedAt = time.GetUtcNow() };
            await TryRecordAsync(store, record);
            ApiLog.IngestFailed(logger, ex, name, attempts, options.Value.Ingestion.MaxAttempts);
            if (!last) throw;
            return new IngestionOutcome(record, null, null, Quarantine: true);
        }

        IngestResult result;
        try
        {
            result = await pipeline.WriteAsync(prepared, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store's fault: the input stays Received (waiting) and is retried; attempts do not lead to quarantine.
            await TryRecordAsync(store, record with { Reason = $"waiting for the store: {ex.GetType().Name}: {ex.Message}", UpdatedAt = time.GetUtcNow() });
            ApiLog.StoreWriteFailed(logger, ex, name);
            throw;
        }

        var status = result.Papers.All(p => p.Outcome == UpsertOutcome.Unchanged) ? IngestionStatus.Unchanged : IngestionStatus.Ingested;
        var documents = result.Papers.Select(p => p.DocumentId).Distinct(StringComparer.Ordinal).ToList();
        record = record with { Status = status, Reason = null, DocumentIds = documents, UpdatedAt = time.GetUtcNow() };
        await store.UpsertIngestionAsync(record, ct);
        foreach (var paper in result.Papers)
            ApiLog.PaperIngested(logger, name, paper.DocumentId, paper.Outcome);
        // New content under the same name replaces what the old content contributed.
        await RemoveOrphansAsync(store, name, held.Except(documents, StringComparer.Ordinal).ToList(), ct);
        return new IngestionOutcome(record, result, null);
    }

    /// <summary>Records a failure found before the content was read (e.g. too large to download).</summary>
    public async Task<IngestionRecord> RecordFailureAsync(string name, string? etag, string reason, CancellationToken ct)
    {
        var store = await stores.GetAsync(ct);
        var previous = await store.GetIngestionAsync(name, ct);
        var attempts = previous is { Status: IngestionStatus.Failed } && previous.ETag == etag ? previous.Attempts + 1 : 1;
        IReadOnlyList<string> held = previous is { Status: not IngestionStatus.Deleted } ? previous.DocumentIds : [];
        var record = new IngestionRecord(name, etag, previous is not null && previous.ETag == etag ? previous.ContentHash : null, IngestionStatus.Failed, reason,
            attempts, held, time.GetUtcNow());
        await store.UpsertIngestionAsync(record, ct);
        return record;
    }

    /// <summary>
    /// The input is gone (blob deleted): its record becomes Deleted and, when <see cref="IngestionOptions.DeleteRemovesPaper"/>,
    /// its papers are deleted unless another live input still produces them (the same paper under two names).
    /// </summary>
    public async Task<IngestionRecord?> RemoveAsync(string name, CancellationToken ct)
    {
        var store = await stores.GetAsync(ct);
        if (await store.GetIngestionAsync(name, ct) is not { } previous || previous.Status == IngestionStatus.Deleted) return null;
        var removes = options.Value.Ingestion.DeleteRemovesPaper;
        var record = previous with
        {
            Status = IngestionStatus.Deleted,
            Reason = removes ? "input deleted" : "input deleted; papers kept (KG:Ingestion:DeleteRemovesPaper is false)",
            UpdatedAt = time.GetUtcNow(),
        };
        // Ledger first: were we stopped between the two steps, the papers would be orphans the next removal pass sees.
        await store.UpsertIngestionAsync(record, ct);
        if (removes) await RemoveOrphansAsync(store, name, previous.DocumentIds, ct);
        return record;
    }

    public async Task<IngestionRecord?> GetAsync(string name, CancellationToken ct) => await (await stores.GetAsync(ct)).GetIngestionAsync(name, ct);

    /// <summary>Every ledger record, in name order (the ledger is small: one row per input).</summary>
    public async IAsyncEnumerable<IngestionRecord> ListAsync(IngestionStatus? status, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var store = await stores.GetAsync(ct);
        string? cursor = null;
        do
        {
            var page = await store.ListIngestionsAsync(status, 500, cursor, ct);
            foreach (var r in page.Items) yield return r;
            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    private async Task RemoveOrphansAsync(IGraphStore store, string name, IReadOnlyCollection<string> documentIds, CancellationToken ct)
    {
        if (documentIds.Count == 0) return;
        var stillProduced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var status in LiveStatuses)
            await foreach (var other in ListAsync(status, ct))
                if (other.Name != name) stillProduced.UnionWith(other.DocumentIds);
        foreach (var id in documentIds.Where(d => !stillProduced.Contains(d)))
            if (await store.DeleteDocumentAsync(id, ct)) ApiLog.PaperDeleted(logger, id);
    }

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
