using KnowledgeGraph.Conformance;
using KnowledgeGraph.Core.Graph;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite.Tests;

/// <summary>Schema 2 keeps per-edge totals; a file written before them (no totals rows) must read the same after its
/// next start, and writes after the upgrade must fold into the rebuilt totals.</summary>
public sealed class EdgeTotalsUpgradeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kg-sqlite-upgrade-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_database_without_edge_totals_gets_them_on_its_next_start_and_reads_the_same()
    {
        var path = Path.Combine(_dir, "graph.db");
        string before;
        await using (var store = new SqliteGraphStore(path))
        {
            await store.UpsertAsync([ConformanceGraph.PaperABatch()]);
            await store.UpsertAsync([ConformanceGraph.RegistryTregBatch()]);
            before = GraphJson.Serialize(await store.ExportAsync());
        }
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "DELETE FROM edge_stats";
            Assert.True(await cmd.ExecuteNonQueryAsync() > 0);
        }
        SqliteConnection.ClearAllPools();

        await using (var reopened = new SqliteGraphStore(path))
        {
            Assert.Equal(before, GraphJson.Serialize(await reopened.ExportAsync()));
            // A later paper on a shared edge folds into the rebuilt totals exactly as a fresh store would have it.
            await reopened.UpsertAsync([ConformanceGraph.PaperBBatch()]);
            var upgraded = GraphJson.Serialize(await reopened.ExportAsync());
            await using var fresh = new SqliteGraphStore(Path.Combine(_dir, "fresh.db"));
            await fresh.UpsertAsync([ConformanceGraph.PaperABatch()]);
            await fresh.UpsertAsync([ConformanceGraph.RegistryTregBatch()]);
            await fresh.UpsertAsync([ConformanceGraph.PaperBBatch()]);
            Assert.Equal(GraphJson.Serialize(await fresh.ExportAsync()), upgraded);
        }
    }
}
