using KnowledgeGraph.Core.Storage;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite;

/// <summary>The ledger a group of inputs at a time: one read query per 400 names, one transaction for all records.</summary>
public sealed partial class SqliteGraphStore
{
    public async Task<IReadOnlyList<IngestionRecord?>> GetIngestionsAsync(IReadOnlyList<string> names, CancellationToken cancellationToken = default)
    {
        var byName = new Dictionary<string, IngestionRecord>(StringComparer.Ordinal);
        await using var connection = await OpenReadAsync(cancellationToken);
        foreach (var chunk in names.Distinct(StringComparer.Ordinal).Chunk(400))
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT name, etag, hash, status, reason, attempts, documents, updated FROM ingestions WHERE name IN ({InList(cmd, chunk, "n")})";
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                var record = ReadIngestion(r);
                byName[record.Name] = record;
            }
        }
        return [.. names.Select(n => byName.GetValueOrDefault(n))];
    }

    public async Task UpsertIngestionsAsync(IReadOnlyList<IngestionRecord> records, CancellationToken cancellationToken = default)
    {
        if (records.Count == 0) return;
        await InitializeAsync(cancellationToken);
        await _writeLock.WaitAsync(cancellationToken);
        var lockedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using (var writer = new LedgerWriter(connection, tx))
                foreach (var record in records) await writer.WriteAsync(record, cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        finally
        {
            Writer.AddLedger(lockedAt);
            _writeLock.Release();
        }
    }
}
