using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace KnowledgeGraph.Sqlite;

/// <summary>
/// A statement of the group write prepared once on the writing connection and run through SQLite's own calls
/// (SQLitePCLRaw, which Microsoft.Data.Sqlite itself runs on). A <see cref="SqliteCommand"/> looks up every parameter's
/// index by name and builds a data reader on each execution; with some forty executions per paper that bookkeeping was
/// about a sixth of the single writer's managed time. Parameters are bound by position (the names given, resolved once).
/// Used only inside the caller's transaction on the same connection; disposed before the connection goes back to the pool.
/// </summary>
internal sealed class RawStatement : IDisposable, IRowColumns
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;
    private readonly int[] _indexes;

    public RawStatement(SqliteConnection connection, string sql, params string[] parameters)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var rc = raw.sqlite3_prepare_v2(_db, sql, out _stmt);
        if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
        _indexes = new int[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            _indexes[i] = raw.sqlite3_bind_parameter_index(_stmt, parameters[i]);
            if (_indexes[i] == 0) throw new ArgumentException($"The statement has no parameter {parameters[i]}.", nameof(parameters));
        }
        if (raw.sqlite3_bind_parameter_count(_stmt) != parameters.Length)
            throw new ArgumentException("Every parameter of the statement must be named.", nameof(parameters));
    }

    /// <summary>Binds the values in parameter order and runs the statement to its end; the rows it changed.</summary>
    public int Execute(params ReadOnlySpan<object?> values)
    {
        Bind(values);
        try
        {
            while (Step()) { }
            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_stmt);
        }
    }

    /// <summary>Binds the values and reads the first row with <paramref name="read"/>; default when there is none.</summary>
    public T? QueryFirst<T>(Func<RawStatement, T> read, params ReadOnlySpan<object?> values)
    {
        Bind(values);
        try
        {
            return Step() ? read(this) : default;
        }
        finally
        {
            raw.sqlite3_reset(_stmt);
        }
    }

    public bool IsNull(int column) => raw.sqlite3_column_type(_stmt, column) == raw.SQLITE_NULL;

    public long Int64(int column) => raw.sqlite3_column_int64(_stmt, column);

    public double Double(int column) => raw.sqlite3_column_double(_stmt, column);

    public string Text(int column) => raw.sqlite3_column_text(_stmt, column).utf8_to_string();

    private bool Step()
    {
        var rc = raw.sqlite3_step(_stmt);
        if (rc == raw.SQLITE_ROW) return true;
        if (rc == raw.SQLITE_DONE) return false;
        SqliteException.ThrowExceptionForRC(rc, _db);
        return false;
    }

    private void Bind(ReadOnlySpan<object?> values)
    {
        if (values.Length != _indexes.Length) throw new ArgumentException($"Expected {_indexes.Length} values, got {values.Length}.", nameof(values));
        for (var i = 0; i < values.Length; i++)
        {
            var index = _indexes[i];
            var rc = values[i] switch
            {
                null or DBNull => raw.sqlite3_bind_null(_stmt, index),
                string s => raw.sqlite3_bind_text(_stmt, index, s),
                long l => raw.sqlite3_bind_int64(_stmt, index, l),
                int n => raw.sqlite3_bind_int64(_stmt, index, n),
                bool b => raw.sqlite3_bind_int64(_stmt, index, b ? 1 : 0),
                double d => raw.sqlite3_bind_double(_stmt, index, d),
                byte[] bytes => raw.sqlite3_bind_blob(_stmt, index, bytes),
                var other => throw new ArgumentException($"Cannot bind a {other.GetType().Name}.", nameof(values)),
            };
            if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
        }
    }

    public void Dispose() => _stmt.Dispose();
}
