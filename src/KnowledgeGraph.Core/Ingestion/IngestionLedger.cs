using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Core.Ingestion;

/// <summary>
/// The one door every input passes, whatever brought it (HTTP upload, watched folder, blob, <c>kg ingest</c>,
/// <c>kg fetch</c>): it prepares the input (<see cref="InputPreparer"/>), writes its papers, and keeps the input's
/// ledger record (Received first, then Ingested / Unchanged / Failed with the reason and attempt count) so that no
/// input is silently lost and every stored paper is held by a record.
/// </summary>
/// <remarks>
/// Failures are told apart by where they happen, not by exception type: reading and extraction touch only the input,
/// so a failure there is the input's fault; writing touches only the store, so a failure there is the store's and is
/// always rethrown for a later retry, with the record left at Received (never Failed). One name is ingested by one
/// caller at a time; the ledger is read once per input, and an input whose content the ledger already holds is
/// answered from the record without reading it or writing anything.
/// </remarks>
public sealed partial class IngestionLedger(
    InputPreparer preparer,
    IGraphStore store,
    IOptions<KnowledgeGraphOptions> options,
    TimeProvider time,
    ILogger<IngestionLedger> logger)
{
    private readonly NameGate _names = new();

    /// <summary>
    /// Unreadable input is recorded Failed and returned with <see cref="IngestionOutcome.Quarantine"/> (retrying cannot
    /// fix it). A reader crash is rethrown while attempts remain, then recorded Failed for quarantine. A store failure
    /// is rethrown every time; the input waits at Received. Cancelled before its papers were written, the input leaves
    /// the ledger as it found it.
    /// </summary>
    public async Task<IngestionOutcome> IngestAsync(string name, ReadOnlyMemory<byte> content, string? etag, CancellationToken ct)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["InputName"] = name });
        using var turn = await _names.EnterAsync(name, ct);
        var hash = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        var previous = await store.GetIngestionAsync(name, ct);
        if (previous is { Status: IngestionStatus.Ingested or IngestionStatus.Unchanged } && previous.ContentHash == hash)
            return await AlreadyHeldAsync(previous, content, etag, ct);

        // Attempts count tries of the same content; new content starts again at 1.
        var attempts = previous is { Status: IngestionStatus.Received or IngestionStatus.Failed } && previous.ContentHash == hash ? previous.Attempts + 1 : 1;
        // Papers this name still holds (a Deleted record holds none): carried through Received so that a crash before
        // the outcome is written still knows what the name produced. A quarantined version keeps the last good
        // version's papers until a readable version replaces them or the input is deleted.
        IReadOnlyList<string> held = previous is { Status: not IngestionStatus.Deleted } ? previous.DocumentIds : [];
        var record = new IngestionRecord(name, etag, hash, IngestionStatus.Received, null, attempts, held, time.GetUtcNow());
        await store.UpsertIngestionAsync(record, ct);

        PreparedInput prepared;
        try
        {
            prepared = preparer.Prepare(content, name, ct);
        }
        catch (DocumentReadException ex)
        {
            record = record with { Status = IngestionStatus.Failed, Reason = $"{ex.Code}: {ex.Message}", UpdatedAt = time.GetUtcNow() };
            await store.UpsertIngestionAsync(record, CancellationToken.None);
            IngestionLog.Unreadable(logger, name, ex.Code.ToString(), ex.Message);
            return new IngestionOutcome(record, null, ex, Quarantine: true);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Nothing was written: the record goes back to what it was (a client that gave up, a host stopping).
            await RestoreAsync(previous, record);
            throw;
        }
        catch (Exception ex)
        {
            // A reader bug on this input: worth a few tries (it may be memory pressure), not endless ones.
            var last = attempts >= options.Value.Ingestion.MaxAttempts;
            record = record with { Status = last ? IngestionStatus.Failed : IngestionStatus.Received, Reason = $"{ex.GetType().Name}: {ex.Message}", UpdatedAt = time.GetUtcNow() };
            await TryRecordAsync(record);
            IngestionLog.ReaderFailed(logger, ex, name, attempts, options.Value.Ingestion.MaxAttempts);
            if (!last) throw;
            return new IngestionOutcome(record, null, null, Quarantine: true);
        }

        // From here on the input is finished whatever the caller does: its papers and its record are written together,
        // so a client that disconnects mid-write cannot leave papers no record holds.
        var documents = prepared.DocumentIds;
        var stale = held.Except(documents, StringComparer.Ordinal).ToList();
        if (stale.Count > 0 || documents.Except(held, StringComparer.Ordinal).Any())
        {
            // Written before the papers: a crash between the two leaves a record holding everything it may have produced.
            record = record with { DocumentIds = [.. held.Union(documents, StringComparer.Ordinal)], UpdatedAt = time.GetUtcNow() };
            await store.UpsertIngestionAsync(record, CancellationToken.None);
        }

        IngestResult result;
        try
        {
            var papers = await store.UpsertAsync(prepared.Batches, CancellationToken.None);
            result = new IngestResult(name, prepared.Format, papers, null);
        }
        catch (Exception ex)
        {
            // The store's fault: the input stays Received (waiting) and is retried; attempts do not lead to quarantine.
            await TryRecordAsync(record with { Reason = $"waiting for the store: {ex.GetType().Name}: {ex.Message}", UpdatedAt = time.GetUtcNow() });
            IngestionLog.StoreWriteFailed(logger, ex, name);
            throw;
        }

        foreach (var paper in result.Papers)
            IngestionLog.PaperIngested(logger, name, paper.DocumentId, paper.Outcome);
        // New content under the same name replaces what the old content contributed.
        await RemovePapersNoOneElseHoldsAsync(name, stale, CancellationToken.None);
        var status = result.Papers.All(p => p.Outcome == UpsertOutcome.Unchanged) ? IngestionStatus.Unchanged : IngestionStatus.Ingested;
        record = record with { Status = status, Reason = null, DocumentIds = documents, UpdatedAt = time.GetUtcNow() };
        await store.UpsertIngestionAsync(record, CancellationToken.None);
        return new IngestionOutcome(record, result, null);
    }

    /// <summary>Records a failure found before the content was read (e.g. too large to download or read).</summary>
    public async Task<IngestionRecord> RecordFailureAsync(string name, string? etag, string reason, CancellationToken ct)
    {
        using var turn = await _names.EnterAsync(name, ct);
        var previous = await store.GetIngestionAsync(name, ct);
        var attempts = previous is { Status: IngestionStatus.Failed } && previous.ETag == etag ? previous.Attempts + 1 : 1;
        IReadOnlyList<string> held = previous is { Status: not IngestionStatus.Deleted } ? previous.DocumentIds : [];
        var record = new IngestionRecord(name, etag, previous is not null && previous.ETag == etag ? previous.ContentHash : null, IngestionStatus.Failed, reason,
            attempts, held, time.GetUtcNow());
        await store.UpsertIngestionAsync(record, ct);
        IngestionLog.Unreadable(logger, name, "Refused", reason);
        return record;
    }

    /// <summary>
    /// The input is gone (blob or file deleted): its record becomes Deleted and, when
    /// <see cref="IngestionOptions.DeleteRemovesPaper"/>, its papers are deleted unless another input still holds them
    /// (the same paper under two names).
    /// </summary>
    public async Task<IngestionRecord?> RemoveAsync(string name, CancellationToken ct)
    {
        using var turn = await _names.EnterAsync(name, ct);
        if (await store.GetIngestionAsync(name, ct) is not { } previous || previous.Status == IngestionStatus.Deleted) return null;
        var removes = options.Value.Ingestion.DeleteRemovesPaper;
        if (removes) await RemovePapersNoOneElseHoldsAsync(name, previous.DocumentIds, ct);
        // Ledger last: were we stopped before this, the record still holds the papers and the next pass removes them.
        var record = previous with
        {
            Status = IngestionStatus.Deleted,
            Reason = removes ? "input deleted" : "input deleted; papers kept (KG:Ingestion:DeleteRemovesPaper is false)",
            DocumentIds = removes ? [] : previous.DocumentIds,
            UpdatedAt = time.GetUtcNow(),
        };
        await store.UpsertIngestionAsync(record, ct);
        return record;
    }

    /// <summary>
    /// Deletes one paper (and the evidence only it supported) on request, and takes it out of every ledger record that
    /// held it; a record left holding nothing becomes Deleted, so the ledger never points at a paper that is gone.
    /// </summary>
    public async Task<PaperDeletion> DeletePaperAsync(string paperId, CancellationToken ct)
    {
        if (paperId == EdgeContribution.VocabularyDocumentId) return PaperDeletion.Protected;
        if (!await store.DeleteDocumentAsync(paperId, ct)) return PaperDeletion.NotFound;
        IngestionLog.PaperDeleted(logger, paperId);
        foreach (var holder in await store.FindIngestionsHoldingAsync([paperId], ct))
        {
            using var turn = await _names.EnterAsync(holder.Name, CancellationToken.None);
            if (await store.GetIngestionAsync(holder.Name, CancellationToken.None) is not { } current) continue;
            var left = current.DocumentIds.Where(d => d != paperId).ToList();
            var record = current with
            {
                DocumentIds = left,
                Status = left.Count == 0 ? IngestionStatus.Deleted : current.Status,
                Reason = $"paper {paperId} deleted on request",
                UpdatedAt = time.GetUtcNow(),
            };
            await store.UpsertIngestionAsync(record, CancellationToken.None);
        }
        return PaperDeletion.Deleted;
    }

    public Task<IngestionRecord?> GetAsync(string name, CancellationToken ct) => store.GetIngestionAsync(name, ct);

    /// <summary>Every ledger record (optionally of one status), in name order, a page at a time.</summary>
    public async IAsyncEnumerable<IngestionRecord> ListAsync(IngestionStatus? status, [EnumeratorCancellation] CancellationToken ct)
    {
        string? cursor = null;
        do
        {
            var page = await store.ListIngestionsAsync(status, 500, cursor, ct);
            foreach (var r in page.Items) yield return r;
            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    private async Task<IngestionOutcome> AlreadyHeldAsync(IngestionRecord previous, ReadOnlyMemory<byte> content, string? etag, CancellationToken ct)
    {
        var record = previous;
        // Same bytes under a new version tag (a blob re-uploaded unchanged): only the tag moves.
        if (etag is not null && previous.ETag != etag)
        {
            record = previous with { ETag = etag, UpdatedAt = time.GetUtcNow() };
            await store.UpsertIngestionAsync(record, ct);
        }
        DocumentFormat? format = null;
        try
        {
            format = DocumentReader.Detect(content.Span, previous.Name);
        }
        catch (DocumentReadException)
        {
            // It was readable when it was ingested; the format is only informative here.
        }
        return new IngestionOutcome(record, IngestResult.Unchanged(previous.Name, format, previous.DocumentIds), null);
    }

    /// <summary>Deletes papers <paramref name="name"/> held unless another input's record (in any state but Deleted) holds them too.</summary>
    private async Task RemovePapersNoOneElseHoldsAsync(string name, IReadOnlyCollection<string> documentIds, CancellationToken ct)
    {
        if (documentIds.Count == 0) return;
        var stillHeld = new HashSet<string>(StringComparer.Ordinal);
        foreach (var other in await store.FindIngestionsHoldingAsync(documentIds, ct))
            if (other.Name != name) stillHeld.UnionWith(other.DocumentIds);
        foreach (var id in documentIds.Where(d => !stillHeld.Contains(d) && d != EdgeContribution.VocabularyDocumentId))
            if (await store.DeleteDocumentAsync(id, ct)) IngestionLog.PaperDeleted(logger, id);
    }

    private async Task RestoreAsync(IngestionRecord? previous, IngestionRecord received)
    {
        var record = previous ?? received with
        {
            Status = IngestionStatus.Failed,
            Reason = "Aborted: cancelled before it was ingested (the client went away or the host stopped); nothing was written",
            UpdatedAt = time.GetUtcNow(),
        };
        await TryRecordAsync(record);
    }

    private async Task TryRecordAsync(IngestionRecord record)
    {
        try
        {
            await store.UpsertIngestionAsync(record, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The store is what failed; the log line of the caller still carries the input name.
            IngestionLog.LedgerWriteFailed(logger, ex, record.Name);
        }
    }
}
