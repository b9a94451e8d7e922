using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;
using KnowledgeGraph.Core.Vocabulary;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite;

/// <summary>
/// The embedded default store: one SQLite file in WAL mode. Writes are serialised inside the process (SQLite has
/// one writer anyway) and each document batch is one transaction; reads run concurrently on pooled connections.
/// </summary>
public sealed partial class SqliteGraphStore : IGraphStore, IStoreFailureClassifier
{
    private readonly string _connectionString;
    private readonly ConceptVocabulary _vocabulary;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ProvenanceCache _provenance = new();
    private readonly InitializeOnce _initialization = new();
    private SqliteConnection? _writer;
    private WalCheckpointer? _checkpointer;
    private readonly long _walLimitBytes;
    private long _walRestarts, _walRestartTicks;

    /// <summary>Page cache of the connection that writes groups, in MiB (readers keep 32 MiB each).</summary>
    public const int WriterCacheMiB = 128;

    static SqliteGraphStore() => SqliteProcessConfig.Apply();

    /// <param name="busyTimeoutSeconds">How long a statement waits for another process's lock before the store is reported unavailable.</param>
    /// <param name="walLimitMiB">Largest the write-ahead log may grow during group writes before the writer folds it into the
    /// database file itself and the next group rewrites it from its start (checkpoints otherwise run on a background thread).</param>
    public SqliteGraphStore(string path, ConceptVocabulary? vocabulary = null, int busyTimeoutSeconds = SqliteOptions.DefaultBusyTimeoutSeconds,
        int walLimitMiB = SqliteOptions.DefaultWalLimitMiB)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(walLimitMiB, 1);
        _walLimitBytes = walLimitMiB * 1024L * 1024L;
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _vocabulary = vocabulary ?? ConceptVocabulary.Default;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = busyTimeoutSeconds,
        }.ToString();
    }

    /// <summary>How long this store's writer held its lock, for graph and for ledger transactions (the benchmark reports it).</summary>
    public WriterClock Writer { get; } = new();

    /// <summary>Checkpoints run on the background thread, and the wall time they took (the benchmark reports them).</summary>
    public (long Count, double Seconds) BackgroundCheckpoints => _checkpointer is { } c ? (c.Checkpoints, c.Seconds) : (0, 0);

    /// <summary>Times the writer found the log past its limit and folded it in itself, so the next group rewrites it from its start.</summary>
    public long WalRestarts => Interlocked.Read(ref _walRestarts);

    /// <summary>Wall time the writer spent in those checkpoints (under the write lock: no group is written meanwhile).</summary>
    public double WalRestartSeconds => System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _walRestartTicks)).TotalSeconds;

    /// <summary>Bytes in the write-ahead log file now (0 when there is none).</summary>
    public long WalBytes
    {
        get
        {
            var wal = new FileInfo(Path + "-wal");
            return wal.Exists ? wal.Length : 0;
        }
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken = default) =>
        await _initialization.EnsureAsync(InitializeCoreAsync, cancellationToken);

    private async Task InitializeCoreAsync(CancellationToken cancellationToken)
    {
        if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using (var cmd = connection.CreateCommand())
            {
                // 16 KiB pages for a new file (no effect on an existing one): an evidence row of a kilobyte or two
                // fits in its B-tree page instead of spilling into a 4 KiB overflow page of its own.
                cmd.CommandText = "PRAGMA page_size = 16384";
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = SqliteSchema.Create;
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = "INSERT INTO meta (key, value) VALUES ('schemaVersion', $v) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
                cmd.Parameters.AddWithValue("$v", SqliteSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
            // Every edge has totals once a start of this schema version has checked (and the newest edge has them); the
            // check reads every edge, which at a million papers was seconds of every start (kg serve, each kg command).
            // A database from before schema 3 of the findings gets the polarity class columns and loses its REPORTS_OUTCOME
            // totals, rebuilt from the contributions just below.
            var polarityAdded = await AddPolarityColumnsAsync(connection, cancellationToken);
            if (polarityAdded || !await MetaIsAsync(connection, "edgeStatsCheckedVersion", SqliteSchema.Version, cancellationToken)
                || await ScalarAsync<long>(connection, null, "SELECT (SELECT MAX(id) FROM edges) IS NOT (SELECT MAX(edge_id) FROM edge_stats)") == 1)
            {
                await BackfillEdgeStatsAsync(connection, cancellationToken);
                await SetMetaAsync(connection, "edgeStatsCheckedVersion", SqliteSchema.Version, cancellationToken);
            }
            await BackfillIngestionDocumentsAsync(connection, cancellationToken);
            await AddBatchFormatColumnAsync(connection, cancellationToken);
            await AddMentionColumnAsync(connection, cancellationToken);
            await using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = SqliteSearchSchema.Create;
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
            await BackfillSearchTermsAsync(connection, cancellationToken);
            await using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = SqliteQuerySchema.Create;
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
            await using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = SqliteCountSchema.Create;
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
            await BackfillOnceAsync(connection, SqliteCountSchema.BackfilledKey, SqliteCountSchema.Backfill, cancellationToken);
            await using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = SqliteTrialTotalsSchema.Create;
                await cmd.ExecuteNonQueryAsync(cancellationToken);
            }
            await BackfillOnceAsync(connection, SqliteTrialTotalsSchema.BackfilledKey, SqliteTrialTotalsSchema.Backfill, cancellationToken);
            await WriteBatchAsync(connection, VocabularyGraph.Build(_vocabulary), cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        // NORMAL is durable across application crashes in WAL mode; only a power loss can drop the last commits.
        // A 32 MiB page cache per connection (SQLite's default is 2 MiB): at a million papers the indexes a write or a
        // query walks no longer fit the default, and every miss is a read() of a page the OS already holds.
        cmd.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32768;";
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// The connection group writes run on (under the write lock): one for the store's life, outside the pool, with a page
    /// cache of <see cref="WriterCacheMiB"/>. Its cache stays valid from one group to the next (no other connection writes
    /// meanwhile), so the hot pages of the indexes every group inserts into are read once, not once per group from
    /// whichever pooled connection came back. Dropped after a failed write, so the next one starts from a fresh connection.
    /// </summary>
    private async Task<SqliteConnection> WriterAsync(CancellationToken cancellationToken)
    {
        if (_writer is not null) return _writer;
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            // No automatic checkpoint on the connection that commits: SQLite would run it inside the commit, on the one
            // thread every group waits for (copying up to the whole log into the file, then a sync). WalCheckpointer
            // does it on its own thread and connection; BoundWalAsync keeps the log's size bounded. journal_size_limit:
            // the first commit after the log restarts cuts the file back to the limit (only what lies past it).
            await ExecAsync(connection, null,
                $"PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; PRAGMA cache_size = -{WriterCacheMiB * 1024}; PRAGMA wal_autocheckpoint = 0; " +
                $"PRAGMA journal_size_limit = {_walLimitBytes}",
                cancellationToken);
            _checkpointer ??= new WalCheckpointer(_connectionString);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return _writer = connection;
    }

    /// <summary>
    /// After a group commit (under the write lock): wakes the background checkpointer, and when the log has grown past its
    /// limit anyway (background PASSIVE checkpoints cannot reset a log the writer keeps appending to) folds the rest in
    /// here with a RESTART checkpoint, so the next group writes the log from its start and disk use stays bounded (the
    /// limit plus one group's pages). Most of its frames are already copied by then. Not TRUNCATE: cutting a file of a
    /// GiB to nothing and growing it again cost about a second each time on this machine's disk (ext4 mounted with
    /// online discard: the freed blocks are trimmed inside the truncate), under the write lock, every GiB of log; at a
    /// million papers that was about a hundred times (8 pages of log per paper).
    /// </summary>
    private async Task BoundWalAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            var wal = new FileInfo(Path + "-wal");
            if (wal.Exists && wal.Length > _walLimitBytes)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                await CheckpointOnAsync(connection, "RESTART", cancellationToken);
                Interlocked.Add(ref _walRestartTicks, System.Diagnostics.Stopwatch.GetTimestamp() - started);
                Interlocked.Increment(ref _walRestarts);
            }
        }
        catch (Exception ex) when (ex is SqliteException or IOException)
        {
            // The group is committed whatever happens here; a log left long is restarted after a later group.
        }
        _checkpointer?.Signal();
    }

    /// <summary>Folds the whole log into the database file (mode RESTART or TRUNCATE, a constant), after any background
    /// checkpoint in progress.</summary>
    private async Task CheckpointOnAsync(SqliteConnection connection, string mode, CancellationToken cancellationToken)
    {
        using var turn = _checkpointer is { } c ? await c.TurnAsync(cancellationToken) : null;
        await ExecAsync(connection, null, $"PRAGMA wal_checkpoint({mode})", cancellationToken);
    }

    /// <summary>Folds the write-ahead log into the database file and empties it (nothing is lost either way): the file alone
    /// then holds everything, at its true size. Waits for writes in progress.</summary>
    public async Task TruncateWalAsync(CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (_writer is { } writer)
            {
                await CheckpointOnAsync(writer, "TRUNCATE", cancellationToken);
                return;
            }
            await using var connection = await OpenAsync(cancellationToken);
            await CheckpointOnAsync(connection, "TRUNCATE", cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task DropWriterAsync()
    {
        if (_writer is null) return;
        await _writer.DisposeAsync();
        _writer = null;
    }

    private async Task<SqliteConnection> OpenReadAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken);
        return await OpenAsync(cancellationToken);
    }

    public async Task<GraphCounts> GetCountsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        var nodes = GraphSchema.NodeLabels.Order(StringComparer.Ordinal).ToDictionary(l => l, _ => 0L);
        var rels = GraphSchema.RelationshipTypes.Order(StringComparer.Ordinal).ToDictionary(t => t, _ => 0L);
        // Running counts (SqliteCountSchema), not a count of every row.
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT kind, name, count FROM graph_counts";
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
            (r.GetString(0) == "node" ? nodes : rels)[r.GetString(1)] = r.GetInt64(2);
        return new GraphCounts(nodes, rels);
    }

    /// <summary>SQLite's own failures, told apart by result code: damaged data, a lock held elsewhere, no file access.</summary>
    public StoreUnavailableException? Classify(Exception exception) => exception switch
    {
        SqliteException { SqliteErrorCode: 11 or 26 } e => new StoreUnavailableException(
            $"The SQLite database {Path} is damaged or not a SQLite database ({e.Message}); restore a backup or re-ingest into a new file.", corrupt: true, e),
        SqliteException { SqliteErrorCode: 5 or 6 } e => new StoreUnavailableException(
            $"The SQLite database {Path} is locked by another process; try again when it is done ({e.Message}).", corrupt: false, e),
        SqliteException { SqliteErrorCode: 3 or 8 or 10 or 13 or 14 or 23 } e => new StoreUnavailableException(
            $"The SQLite database {Path} cannot be used: {e.Message}", corrupt: false, e),
        IOException or UnauthorizedAccessException => new StoreUnavailableException(
            $"The SQLite database {Path} cannot be created or opened: {exception.Message}", corrupt: false, exception),
        _ => null,
    };

    public async ValueTask DisposeAsync()
    {
        if (_checkpointer is not null) await _checkpointer.DisposeAsync();
        _checkpointer = null;
        if (_writer is not null) await _writer.DisposeAsync();
        _writer = null;
        _writeLock.Dispose();
        _initialization.Dispose();
        // Pooled connections keep the file open; release them so the file can be moved or deleted.
        SqliteConnection.ClearAllPools();
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }
}
