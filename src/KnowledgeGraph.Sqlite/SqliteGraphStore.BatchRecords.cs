using System.Runtime.CompilerServices;
using KnowledgeGraph.Core.Graph;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite;

/// <summary>
/// Each document's stored batch (<see cref="BatchCodec"/>): read back for exports, with the shared nodes of a slim record
/// from <c>batch_nodes</c> and its evidence from the document's contributions; a file from before the slim records gets
/// their format column on open (and the <c>batch_nodes</c> table, created if missing, with the schema).
/// </summary>
public sealed partial class SqliteGraphStore
{
    public async IAsyncEnumerable<GraphBatch> ExportBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        // One read transaction: every record and its contributions from the same snapshot.
        await using var tx = connection.BeginTransaction(deferred: true);
        await using var cmd = Command(connection, "SELECT id, batch, batch_format FROM documents WHERE id <> $vocab ORDER BY id",
            ("$vocab", EdgeContribution.VocabularyDocumentId));
        cmd.Transaction = tx;
        await using var reader = new BatchReader(connection, tx);
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            yield return await reader.ReadAsync(r.GetString(0), r.GetValue(1), r.GetInt64(2), cancellationToken);
    }

    /// <summary>Reads stored batches as written: a full record as it is, a slim one with its shared nodes from
    /// <c>batch_nodes</c> and its evidence from the document's contributions.</summary>
    private sealed class BatchReader : IAsyncDisposable
    {
        // Shared nodes are few (the vocabulary's concepts and the trials papers name); kept while a read runs, bounded.
        private const int MaxCachedNodes = 10_000;
        private readonly Dictionary<string, string?> _nodes = new(StringComparer.Ordinal);
        private readonly SqliteCommand _evidence;
        private readonly SqliteCommand _node;

        public BatchReader(SqliteConnection connection, SqliteTransaction tx)
        {
            _evidence = Command(connection,
                "SELECT e.src, e.type, e.dst, c.evidence FROM contributions c JOIN edges e ON e.id = c.edge_id WHERE c.document_id = $doc",
                ("$doc", ""));
            _node = Command(connection, "SELECT node FROM batch_nodes WHERE hash = $hash", ("$hash", ""));
            _evidence.Transaction = _node.Transaction = tx;
        }

        public async Task<GraphBatch> ReadAsync(string documentId, object value, long format, CancellationToken ct)
        {
            if (format != BatchCodec.Slim) return BatchCodec.Decode(value);
            var record = BatchCodec.DecodeSlim((byte[])value);
            var evidence = new Dictionary<(string, string, string), List<EvidenceSentence>>();
            _evidence.Parameters[0].Value = documentId;
            await using (var r = await _evidence.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                    evidence[(r.GetString(0), r.GetString(1), r.GetString(2))] = EvidenceCodec.Read(r, 3);
            return BatchCodec.Restore(record, SharedNode, evidence);
        }

        private string? SharedNode(string hash)
        {
            if (_nodes.TryGetValue(hash, out var json)) return json;
            if (_nodes.Count >= MaxCachedNodes) _nodes.Clear();
            _node.Parameters[0].Value = hash;
            return _nodes[hash] = _node.ExecuteScalar() as string;
        }

        public async ValueTask DisposeAsync()
        {
            await _evidence.DisposeAsync();
            await _node.DisposeAsync();
        }
    }

    /// <summary>
    /// Before edges touching <paramref name="nodeId"/> are deleted with every document's contribution to them (a paper's own
    /// node going with its document): the other documents holding such a contribution get their record rewritten whole, so
    /// their export still holds the evidence the contributions took with them.
    /// </summary>
    private static async Task KeepBatchesOfEdgesTouchingAsync(SqliteConnection connection, SqliteTransaction tx, string nodeId, string deletedDocument,
        CancellationToken ct)
    {
        var holders = new List<string>();
        await using (var cmd = Command(connection, """
            SELECT DISTINCT c.document_id FROM edges e JOIN contributions c ON c.edge_id = e.id
            WHERE (e.src = $id OR e.dst = $id) AND c.document_id <> $doc
            """, ("$id", nodeId), ("$doc", deletedDocument)))
        {
            cmd.Transaction = tx;
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) holders.Add(r.GetString(0));
        }
        if (holders.Count == 0) return;
        await using var read = Command(connection, "SELECT batch, batch_format FROM documents WHERE id = $id", ("$id", ""));
        await using var write = Command(connection, "UPDATE documents SET batch = $batch, batch_format = $format WHERE id = $id",
            ("$id", ""), ("$batch", Array.Empty<byte>()), ("$format", (long)BatchCodec.Full));
        await using var reader = new BatchReader(connection, tx);
        read.Transaction = write.Transaction = tx;
        foreach (var holder in holders)
        {
            read.Parameters[0].Value = holder;
            GraphBatch batch;
            await using (var r = await read.ExecuteReaderAsync(ct))
            {
                if (!await r.ReadAsync(ct) || r.GetInt64(1) != BatchCodec.Slim) continue;
                batch = await reader.ReadAsync(holder, r.GetValue(0), BatchCodec.Slim, ct);
            }
            write.Parameters["$id"].Value = holder;
            write.Parameters["$batch"].Value = BatchCodec.Encode(batch);
            await write.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>A file from before the <c>mention</c> column of contributions gets it (0 in every row it holds), and every file
    /// the partial lists index (<see cref="SqliteSchema.ContributionListsIndex"/>) in place of the full one.</summary>
    private static async Task AddMentionColumnAsync(SqliteConnection connection, CancellationToken ct)
    {
        if (await ScalarAsync<long>(connection, null, "SELECT COUNT(*) FROM pragma_table_info('contributions') WHERE name = 'mention'") == 0)
            await ExecAsync(connection, null, "ALTER TABLE contributions ADD COLUMN mention INTEGER NOT NULL DEFAULT 0", ct);
        await ExecAsync(connection, null, SqliteSchema.ContributionListsIndex, ct);
    }

    /// <summary>A file from before slim records: every record it holds is whole (format 0, the column's default).</summary>
    private static async Task AddBatchFormatColumnAsync(SqliteConnection connection, CancellationToken ct)
    {
        if (await ScalarAsync<long>(connection, null, "SELECT COUNT(*) FROM pragma_table_info('documents') WHERE name = 'batch_format'") == 1) return;
        await ExecAsync(connection, null, "ALTER TABLE documents ADD COLUMN batch_format INTEGER NOT NULL DEFAULT 0", ct);
    }
}
