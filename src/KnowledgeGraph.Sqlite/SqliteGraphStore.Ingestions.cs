using System.Globalization;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite;

public sealed partial class SqliteGraphStore
{
    public async Task UpsertIngestionAsync(IngestionRecord record, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await WriteIngestionAsync(connection, tx, record, cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>One ledger record and its reverse-index rows, inside the caller's transaction.</summary>
    private static async Task WriteIngestionAsync(SqliteConnection connection, SqliteTransaction tx, IngestionRecord record, CancellationToken ct)
    {
        await using var writer = new LedgerWriter(connection, tx);
        await writer.WriteAsync(record, ct);
    }

    /// <summary>Writes ledger records and their reverse-index rows with three prepared statements (a group reuses them), three
    /// executions per record however many papers it holds.</summary>
    private sealed class LedgerWriter : IAsyncDisposable
    {
        private readonly SqliteCommand _upsert;
        private readonly SqliteCommand _clear;
        private readonly SqliteCommand _hold;

        public LedgerWriter(SqliteConnection connection, SqliteTransaction tx)
        {
            _upsert = Command(connection, """
                INSERT INTO ingestions (name, etag, hash, status, reason, attempts, documents, updated)
                VALUES ($name, $etag, $hash, $status, $reason, $attempts, $documents, $updated)
                ON CONFLICT (name) DO UPDATE SET etag = excluded.etag, hash = excluded.hash, status = excluded.status,
                    reason = excluded.reason, attempts = excluded.attempts, documents = excluded.documents, updated = excluded.updated
                """, ("$name", ""), ("$etag", null), ("$hash", null), ("$status", ""), ("$reason", null), ("$attempts", 0), ("$documents", ""), ("$updated", ""));
            // The reverse index (paper -> records holding it), so removals never scan the ledger. Rows the record still
            // holds stay (a group writes each record twice, Received then its outcome, with the same papers): only
            // papers it no longer holds are deleted and only new ones inserted, one statement each for the whole list.
            _clear = Command(connection,
                "DELETE FROM ingestion_documents WHERE name = $name AND document_id NOT IN (SELECT value FROM json_each($documents))",
                ("$name", ""), ("$documents", "[]"));
            _hold = Command(connection,
                "INSERT OR IGNORE INTO ingestion_documents (document_id, name) SELECT value, $name FROM json_each($documents)",
                ("$name", ""), ("$documents", "[]"));
            _upsert.Transaction = _clear.Transaction = _hold.Transaction = tx;
        }

        public async Task WriteAsync(IngestionRecord record, CancellationToken ct)
        {
            var documents = GraphJson.Serialize(record.DocumentIds);
            Bind(_upsert, [record.Name, record.ETag, record.ContentHash, record.Status.ToString(), record.Reason, record.Attempts,
                documents, record.UpdatedAt.ToString("O", CultureInfo.InvariantCulture)]);
            await _upsert.ExecuteNonQueryAsync(ct);
            Bind(_clear, [record.Name, documents]);
            await _clear.ExecuteNonQueryAsync(ct);
            Bind(_hold, [record.Name, documents]);
            await _hold.ExecuteNonQueryAsync(ct);
        }

        public async ValueTask DisposeAsync()
        {
            await _upsert.DisposeAsync();
            await _clear.DisposeAsync();
            await _hold.DisposeAsync();
        }
    }

    public async Task<IngestionRecord?> GetIngestionAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var cmd = Command(connection, "SELECT name, etag, hash, status, reason, attempts, documents, updated FROM ingestions WHERE name = $n", ("$n", name));
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken) ? ReadIngestion(r) : null;
    }

    public async Task<IReadOnlyList<IngestionRecord>> FindIngestionsHoldingAsync(IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken = default)
    {
        var found = new Dictionary<string, IngestionRecord>(StringComparer.Ordinal);
        if (documentIds.Count == 0) return [];
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var cmd = Command(connection, """
            SELECT i.name, i.etag, i.hash, i.status, i.reason, i.attempts, i.documents, i.updated
            FROM ingestion_documents d JOIN ingestions i ON i.name = d.name
            WHERE d.document_id = $doc AND i.status <> 'Deleted'
            """, ("$doc", ""));
        foreach (var doc in documentIds.Distinct(StringComparer.Ordinal))
        {
            cmd.Parameters["$doc"].Value = doc;
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                var record = ReadIngestion(r);
                found.TryAdd(record.Name, record);
            }
        }
        return [.. found.Values.OrderBy(r => r.Name, StringComparer.Ordinal)];
    }

    /// <summary>Fills the reverse index of a ledger written before schema 3.</summary>
    private static async Task BackfillIngestionDocumentsAsync(SqliteConnection connection, CancellationToken ct)
    {
        await using (var any = Command(connection, "SELECT EXISTS (SELECT 1 FROM ingestion_documents) OR NOT EXISTS (SELECT 1 FROM ingestions)"))
            if ((long)(await any.ExecuteScalarAsync(ct))! == 1) return;
        await using var cmd = Command(connection,
            "INSERT OR IGNORE INTO ingestion_documents (document_id, name) SELECT j.value, i.name FROM ingestions i, json_each(i.documents) j");
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<Page<IngestionRecord>> ListIngestionsAsync(IngestionStatus? status, int limit, string? cursor, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var after = PageCursor.DecodeKey(cursor);
        await using var connection = await OpenReadAsync(cancellationToken);
        await using var cmd = Command(connection, """
            SELECT name, etag, hash, status, reason, attempts, documents, updated FROM ingestions
            WHERE ($status IS NULL OR status = $status) AND ($after IS NULL OR name > $after)
            ORDER BY name LIMIT $limit
            """, ("$status", status?.ToString()), ("$after", after), ("$limit", limit + 1));
        var items = new List<IngestionRecord>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken)) items.Add(ReadIngestion(r));
        var more = items.Count > limit;
        if (more) items.RemoveAt(items.Count - 1);
        return new Page<IngestionRecord>(items, more ? PageCursor.EncodeKey(items[^1].Name) : null);
    }

    private static IngestionRecord ReadIngestion(SqliteDataReader r) => new(
        r.GetString(0),
        r.IsDBNull(1) ? null : r.GetString(1),
        r.IsDBNull(2) ? null : r.GetString(2),
        Enum.Parse<IngestionStatus>(r.GetString(3)),
        r.IsDBNull(4) ? null : r.GetString(4),
        r.GetInt32(5),
        GraphJson.Deserialize<string[]>(r.GetString(6)),
        DateTimeOffset.Parse(r.GetString(7), CultureInfo.InvariantCulture));
}
