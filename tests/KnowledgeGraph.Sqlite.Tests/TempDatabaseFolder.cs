using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite.Tests;

/// <summary>A temporary folder for a test class's database files, removed after the connection pools that keep them
/// open are cleared (a pooled connection would hold the file).</summary>
public abstract class TempDatabaseFolder : IDisposable
{
    protected string Dir { get; } = Directory.CreateTempSubdirectory("kg-sqlite-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}
