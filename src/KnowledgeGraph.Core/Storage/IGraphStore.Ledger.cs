using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Core.Storage;

/// <summary>
/// The ledger read and written a group of inputs at a time (<see cref="Ingestion.IngestionLedger.IngestManyAsync"/>),
/// so that ingesting a folder of a million files costs a few ledger transactions per group rather than several per
/// file. The default bodies do one record at a time, which is correct for every store; stores that can do better
/// (SQLite: one transaction; Neo4j: one UNWIND request) override them.
/// </summary>
public partial interface IGraphStore
{
    /// <summary>The records of <paramref name="names"/> (null where there is none), in the same order.</summary>
    async Task<IReadOnlyList<IngestionRecord?>> GetIngestionsAsync(IReadOnlyList<string> names, CancellationToken cancellationToken = default)
    {
        var records = new IngestionRecord?[names.Count];
        for (var i = 0; i < names.Count; i++) records[i] = await GetIngestionAsync(names[i], cancellationToken);
        return records;
    }

    /// <summary>True when <see cref="UpsertWithIngestionsAsync"/> writes the papers and their ledger records in one
    /// transaction (all or nothing), so the ledger needs no Received records written before the papers to stay kill-safe.</summary>
    bool WritesIngestionsWithPapers => false;

    /// <summary>
    /// Writes the batches as <see cref="UpsertAsync"/> does, then the ledger records <paramref name="records"/> makes of
    /// their results. Where <see cref="WritesIngestionsWithPapers"/> is true both are one transaction, so a crash or a
    /// failure (of the papers or of the records) leaves neither; this default writes them one after the other.
    /// </summary>
    async Task<IReadOnlyList<UpsertResult>> UpsertWithIngestionsAsync(IReadOnlyList<GraphBatch> batches,
        Func<IReadOnlyList<UpsertResult>, IReadOnlyList<IngestionRecord>> records, CancellationToken cancellationToken = default)
    {
        var written = await UpsertAsync(batches, cancellationToken);
        await UpsertIngestionsAsync(records(written), cancellationToken);
        return written;
    }

    /// <summary>Writes every record (each replacing the record of its name) together: in one transaction where the store has them.</summary>
    async Task UpsertIngestionsAsync(IReadOnlyList<IngestionRecord> records, CancellationToken cancellationToken = default)
    {
        foreach (var record in records) await UpsertIngestionAsync(record, cancellationToken);
    }
}
