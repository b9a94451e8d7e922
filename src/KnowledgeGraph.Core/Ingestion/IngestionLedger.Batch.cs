using System.Security.Cryptography;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Core.Ingestion;

/// <summary>One input of a group given to <see cref="IngestionLedger.IngestManyAsync"/>.</summary>
public sealed record LedgerInput(string Name, ReadOnlyMemory<byte> Content, string? ETag = null);

public sealed partial class IngestionLedger
{
    /// <summary>
    /// Ingests a group of inputs with the ledger written for the group, not per input: one read of their records, then
    /// one transaction of all their papers and their final records where the store can (SQLite), else one transaction of
    /// Received records (holding the papers each will produce), one write of all their papers, one transaction of
    /// outcomes. What an input ends with is what <see cref="IngestAsync"/> would give it; either way no paper is ever
    /// written without a record holding it (one transaction is all or nothing; in three, a crash between any two leaves
    /// every written paper held by a Received record). The plain
    /// path is taken, one input at a time, for anything but the common case: content already held, a retry of a
    /// Received or Failed record, a new version that drops papers, a read or extraction failure, a repeated name, or a
    /// failed group write (so one bad input never holds back the others).
    /// </summary>
    /// <returns>One outcome per input, in input order.</returns>
    public async Task<IReadOnlyList<IngestionOutcome>> IngestManyAsync(IReadOnlyList<LedgerInput> inputs, CancellationToken ct)
    {
        var outcomes = new IngestionOutcome?[inputs.Count];
        var repeated = inputs.Select(i => i.Name).GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);
        var single = new List<int>();
        var group = Enumerable.Range(0, inputs.Count).Where(i => !repeated.Contains(inputs[i].Name)).ToList();
        single.AddRange(Enumerable.Range(0, inputs.Count).Where(i => repeated.Contains(inputs[i].Name)));

        // Names in one order, so two groups sharing names cannot wait on each other.
        var turns = new List<IDisposable>();
        try
        {
            foreach (var i in group.OrderBy(i => inputs[i].Name, StringComparer.Ordinal))
                turns.Add(await _names.EnterAsync(inputs[i].Name, ct));

            var previous = await store.GetIngestionsAsync([.. group.Select(i => inputs[i].Name)], ct);
            var ready = new List<(int Index, IngestionRecord Record, PreparedInput Prepared)>();
            var tagMoves = new List<IngestionRecord>();
            for (var k = 0; k < group.Count; k++)
            {
                var i = group[k];
                var input = inputs[i];
                var before = previous[k];
                var hash = Convert.ToHexStringLower(SHA256.HashData(input.Content.Span));
                if (before is { Status: IngestionStatus.Ingested or IngestionStatus.Unchanged } && before.ContentHash == hash)
                {
                    var record = input.ETag is not null && before.ETag != input.ETag ? before with { ETag = input.ETag, UpdatedAt = time.GetUtcNow() } : before;
                    if (!ReferenceEquals(record, before)) tagMoves.Add(record);
                    outcomes[i] = new IngestionOutcome(record, IngestResult.Unchanged(before.Name, DetectOrNull(input), before.DocumentIds), null);
                    continue;
                }
                if (before is { Status: IngestionStatus.Received or IngestionStatus.Failed } && before.ContentHash == hash)
                {
                    single.Add(i); // a retry: its attempt count and quarantine rules are the plain path's
                    continue;
                }
                PreparedInput prepared;
                try
                {
                    prepared = preparer.Prepare(input.Content, input.Name, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    throw; // nothing of this group is written yet
                }
                catch (Exception)
                {
                    single.Add(i); // recorded and reported as the plain path does (read again there: failures are rare)
                    continue;
                }
                IReadOnlyList<string> held = before is { Status: not IngestionStatus.Deleted } ? before.DocumentIds : [];
                if (held.Except(prepared.DocumentIds, StringComparer.Ordinal).Any())
                {
                    single.Add(i); // the new version drops papers: removing them is the plain path's
                    continue;
                }
                ready.Add((i, new IngestionRecord(input.Name, input.ETag, hash, IngestionStatus.Received, null, 1,
                    [.. held.Union(prepared.DocumentIds, StringComparer.Ordinal)], time.GetUtcNow()), prepared));
            }

            if (tagMoves.Count > 0) await store.UpsertIngestionsAsync(tagMoves, ct);
            if (ready.Count > 0 && !await WriteGroupAsync(ready, outcomes, ct))
                single.AddRange(ready.Select(r => r.Index));
        }
        finally
        {
            foreach (var t in turns) t.Dispose();
        }

        // Outside the group's turns: the plain path takes each name's turn itself.
        foreach (var i in single.Order())
            outcomes[i] = await IngestAsync(inputs[i].Name, inputs[i].Content, inputs[i].ETag, ct);
        return [.. outcomes.Select(o => o!)];
    }

    /// <summary>The papers and their outcomes: in one transaction where the store has it (nothing to hold papers before
    /// they exist), else Received records, the papers, then the outcomes. False (nothing of the papers written) when the
    /// papers' write failed, for the caller to retry each input alone.</summary>
    private async Task<bool> WriteGroupAsync(List<(int Index, IngestionRecord Record, PreparedInput Prepared)> ready,
        IngestionOutcome?[] outcomes, CancellationToken ct)
    {
        var atomic = store.WritesIngestionsWithPapers;
        // Written before the papers: a crash between the two leaves records holding everything they may have produced.
        if (!atomic) await store.UpsertIngestionsAsync([.. ready.Select(r => r.Record)], ct);
        else ct.ThrowIfCancellationRequested(); // nothing of this group is written yet
        IReadOnlyList<UpsertResult> written;
        List<IngestionRecord>? finals = null;
        try
        {
            // From here on the group is finished whatever the caller does (as in the plain path).
            var batches = ready.SelectMany(r => r.Prepared.Batches).ToList();
            written = atomic
                ? await store.UpsertWithIngestionsAsync(batches, results => finals = Finals(ready, results), CancellationToken.None)
                : await store.UpsertAsync(batches, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            IngestionLog.GroupWriteFailed(logger, ex, ready.Count);
            return false;
        }
        finals ??= Finals(ready, written);
        var at = 0;
        for (var k = 0; k < ready.Count; k++)
        {
            var (index, record, prepared) = ready[k];
            var papers = written.Skip(at).Take(prepared.Batches.Count).ToList();
            at += prepared.Batches.Count;
            foreach (var paper in papers) IngestionLog.PaperIngested(logger, record.Name, paper.DocumentId, paper.Outcome);
            outcomes[index] = new IngestionOutcome(finals[k], new IngestResult(record.Name, prepared.Format, papers, null), null);
        }
        if (!atomic) await store.UpsertIngestionsAsync(finals, CancellationToken.None);
        return true;
    }

    /// <summary>Each input's final record: Unchanged when every paper it gave was, else Ingested, holding its papers.</summary>
    private List<IngestionRecord> Finals(List<(int Index, IngestionRecord Record, PreparedInput Prepared)> ready, IReadOnlyList<UpsertResult> written)
    {
        var finals = new List<IngestionRecord>(ready.Count);
        var at = 0;
        foreach (var (_, record, prepared) in ready)
        {
            var unchanged = true;
            for (var p = at; p < at + prepared.Batches.Count; p++) unchanged &= written[p].Outcome == UpsertOutcome.Unchanged;
            at += prepared.Batches.Count;
            var status = unchanged ? IngestionStatus.Unchanged : IngestionStatus.Ingested;
            finals.Add(record with { Status = status, DocumentIds = prepared.DocumentIds, UpdatedAt = time.GetUtcNow() });
        }
        return finals;
    }

    private static DocumentFormat? DetectOrNull(LedgerInput input)
    {
        try
        {
            return DocumentReader.Detect(input.Content.Span, input.Name);
        }
        catch (DocumentReadException)
        {
            return null; // it was readable when it was ingested; the format is only informative here
        }
    }
}
