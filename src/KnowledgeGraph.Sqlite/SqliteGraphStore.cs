using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;
using KnowledgeGraph.Core.Vocabulary;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite;

/// <summary>
/// The embedded default store: one SQLite file in WAL mode. Writes are serialised inside the process (SQLite has
/// one writer anyway) and each document batch is one transaction; reads run concurrently on pooled connections.
/// </summary>
public sealed partial class SqliteGraphStore : IGraphStore
{
    private readonly string _connectionString;
    private readonly ConceptVocabulary _vocabulary;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ProvenanceCache _provenance = new();
    private volatile bool _initialized;

    public SqliteGraphStore(string path, ConceptVocabulary? vocabulary = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _vocabulary = vocabulary ?? ConceptVocabulary.Default;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = 60,
        }.ToString();
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (_initialized) return;
        if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
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
            await AddPolarityColumnsAsync(connection, cancellationToken);
            await BackfillEdgeStatsAsync(connection, cancellationToken);
            await WriteBatchAsync(connection, VocabularyGraph.Build(_vocabulary), cancellationToken);
            _initialized = true;
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
        cmd.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;";
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        return connection;
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
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT label, COUNT(*) FROM nodes GROUP BY label";
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken)) nodes[r.GetString(0)] = r.GetInt64(1);
        }
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT type, COUNT(*) FROM edges GROUP BY type";
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken)) rels[r.GetString(0)] = r.GetInt64(1);
        }
        return new GraphCounts(nodes, rels);
    }

    public ValueTask DisposeAsync()
    {
        _writeLock.Dispose();
        // Pooled connections keep the file open; release them so the file can be moved or deleted.
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd;
    }
}
