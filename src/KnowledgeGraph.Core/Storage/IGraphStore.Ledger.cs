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

    /// <summary>Writes every record (each replacing the record of its name) together: in one transaction where the store has them.</summary>
    async Task UpsertIngestionsAsync(IReadOnlyList<IngestionRecord> records, CancellationToken cancellationToken = default)
    {
        foreach (var record in records) await UpsertIngestionAsync(record, cancellationToken);
    }
}
