using KnowledgeGraph.Conformance;
using KnowledgeGraph.Core.Graph;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite.Tests;

/// <summary>Schema 2 keeps per-edge totals; a file written before them (no totals rows) must read the same after its
/// next start, and writes after the upgrade must fold into the rebuilt totals.</summary>
public sealed class EdgeTotalsUpgradeTests : TempDatabaseFolder
{
    [Fact]
    public async Task A_database_without_edge_totals_gets_them_on_its_next_start_and_reads_the_same()
    {
        var path = Path.Combine(Dir, "graph.db");
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
            await using var fresh = new SqliteGraphStore(Path.Combine(Dir, "fresh.db"));
            await fresh.UpsertAsync([ConformanceGraph.PaperABatch()]);
            await fresh.UpsertAsync([ConformanceGraph.RegistryTregBatch()]);
            await fresh.UpsertAsync([ConformanceGraph.PaperBBatch()]);
            Assert.Equal(GraphJson.Serialize(await fresh.ExportAsync()), upgraded);
        }
    }

    [Fact]
    public async Task A_database_from_before_polarity_counts_gets_the_columns_and_rebuilt_finding_totals_on_its_next_start()
    {
        var path = Path.Combine(Dir, "schema2.db");
        string before;
        await using (var store = new SqliteGraphStore(path))
        {
            foreach (var batch in ConformanceGraph.All) await store.UpsertAsync([batch]);
            before = GraphJson.Serialize(await store.ExportAsync());
        }
        // Make it a schema 2 file: no polarity class columns, and its finding totals as the old roll-up left them.
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            foreach (var column in new[] { "improved", "worsened", "unchanged", "not_achieved", "papers_improved", "papers_worsened", "papers_unchanged", "papers_not_achieved" })
            {
                await using var drop = connection.CreateCommand();
                drop.CommandText = $"ALTER TABLE edge_stats DROP COLUMN {column}";
                await drop.ExecuteNonQueryAsync();
            }
            await using var stale = connection.CreateCommand();
            stale.CommandText = "UPDATE edge_stats SET positive = 0, negative = 7 WHERE edge_id IN (SELECT id FROM edges WHERE type = 'REPORTS_OUTCOME')";
            await stale.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();

        await using var reopened = new SqliteGraphStore(path);
        var export = await reopened.ExportAsync();
        var safety = export.Relationships.Single(r => r is { From: "celltype:msc", Type: "REPORTS_OUTCOME", To: "outcome:safety" });
        Assert.Equal("mixed", safety.Properties["polarity"]);
        Assert.Equal(1L, safety.Properties["improvedPapers"]);
        Assert.Equal(before, GraphJson.Serialize(export));
    }
}
