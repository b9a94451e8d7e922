using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite;

/// <summary>
/// The column reads a stored row's decoding needs, over a data reader or a raw statement (<see cref="RawStatement"/>), so
/// one decoder (e.g. of an edge's totals) serves the group write's raw statements and the queries' readers alike.
/// </summary>
internal interface IRowColumns
{
    bool IsNull(int column);

    long Int64(int column);

    double Double(int column);

    string Text(int column);
}

/// <summary><see cref="IRowColumns"/> over a data reader's current row (a struct, so generic callers do not box it).</summary>
internal readonly struct ReaderColumns(SqliteDataReader reader) : IRowColumns
{
    public bool IsNull(int column) => reader.IsDBNull(column);

    public long Int64(int column) => reader.GetInt64(column);

    public double Double(int column) => reader.GetDouble(column);

    public string Text(int column) => reader.GetString(column);
}
