using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite;

/// <summary>Start-up checks that read the whole file run once per version, marked in <c>meta</c>.</summary>
public sealed partial class SqliteGraphStore
{
    private static async Task<bool> MetaIsAsync(SqliteConnection connection, string key, int version, CancellationToken ct) =>
        await ScalarAsync<string>(connection, null, "SELECT value FROM meta WHERE key = $k", ("$k", key))
            == version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Task SetMetaAsync(SqliteConnection connection, string key, int version, CancellationToken ct) =>
        ExecAsync(connection, null, "INSERT INTO meta (key, value) VALUES ($k, $v) ON CONFLICT (key) DO UPDATE SET value = excluded.value", ct,
            ("$k", key), ("$v", version.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Runs <paramref name="backfill"/> once per database (in one transaction with setting <paramref name="key"/>):
    /// the running counts and the trial totals are summed this way for a file written before them.</summary>
    private static async Task BackfillOnceAsync(SqliteConnection connection, string key, string backfill, CancellationToken ct)
    {
        if (await MetaIsAsync(connection, key, 1, ct)) return;
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await ExecAsync(connection, tx, backfill, ct);
        await ExecAsync(connection, tx, "INSERT INTO meta (key, value) VALUES ($k, '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value", ct,
            ("$k", key));
        await tx.CommitAsync(ct);
    }
}
