using KnowledgeGraph.Conformance;
using KnowledgeGraph.Core.Storage;
using KnowledgeGraph.Sqlite;

namespace KnowledgeGraph.Sqlite.Tests;

public sealed class SqliteConformanceTests : GraphStoreConformance, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kg-sqlite-").FullName;
    private int _n;

    protected override Task<IGraphStore> CreateEmptyStoreAsync() =>
        Task.FromResult<IGraphStore>(new SqliteGraphStore(Path.Combine(_dir, $"graph{Interlocked.Increment(ref _n)}.db")));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
