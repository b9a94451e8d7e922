using KnowledgeGraph.Conformance;
using KnowledgeGraph.Core.Graph;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite.Tests;

/// <summary>Counts come from running totals (inserts counted by the group write, deletes and relabels by triggers); they
/// must equal a count of every row after any write, and a database from before them is counted on its next start.</summary>
public sealed class GraphCountsTests : TempDatabaseFolder
{
    [Fact]
    public async Task Counts_equal_a_count_of_every_row_after_adds_replacements_and_deletes()
    {
        var path = Path.Combine(Dir, "graph.db");
        await using var store = new SqliteGraphStore(path);
        await store.UpsertAsync(ConformanceGraph.All);
        await AssertCountsAsync(store);
        await store.UpsertAsync([ConformanceGraph.PaperABatch(withCPeptide: false)]);
        await AssertCountsAsync(store);
        Assert.True(await store.DeleteDocumentAsync(ConformanceGraph.PaperB));
        Assert.True(await store.DeleteDocumentAsync(ConformanceGraph.RegistryIslet));
        await AssertCountsAsync(store);
        Assert.Equal(1, (await store.GetCountsAsync()).Nodes["Paper"]);
    }

    [Fact]
    public async Task A_database_without_running_counts_is_counted_on_its_next_start()
    {
        var path = Path.Combine(Dir, "graph.db");
        await using (var store = new SqliteGraphStore(path)) await store.UpsertAsync(ConformanceGraph.All);
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "DELETE FROM graph_counts; DELETE FROM meta WHERE key = 'graphCountsVersion'";
            await cmd.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();

        await using var reopened = new SqliteGraphStore(path);
        await AssertCountsAsync(reopened);
        Assert.Equal(2, (await reopened.GetCountsAsync()).Nodes["Paper"]);
    }

    [Fact]
    public async Task A_database_with_the_old_insert_triggers_loses_them_on_its_next_start_and_counts_every_insert_once()
    {
        var path = Path.Combine(Dir, "graph.db");
        await using (var store = new SqliteGraphStore(path)) await store.UpsertAsync([ConformanceGraph.PaperABatch()]);
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
            // The insert triggers as a file written before the group write counted its inserts holds them.
            cmd.CommandText = """
                CREATE TRIGGER nodes_count_insert AFTER INSERT ON nodes BEGIN
                    INSERT INTO graph_counts (kind, name, count) VALUES ('node', new.label, 1) ON CONFLICT (kind, name) DO UPDATE SET count = count + 1;
                END;
                CREATE TRIGGER edges_count_insert AFTER INSERT ON edges BEGIN
                    INSERT INTO graph_counts (kind, name, count) VALUES ('edge', new.type, 1) ON CONFLICT (kind, name) DO UPDATE SET count = count + 1;
                END;
                """;
            await cmd.ExecuteNonQueryAsync();
        }

        await using var reopened = new SqliteGraphStore(path);
        await reopened.UpsertAsync(ConformanceGraph.All);
        await AssertCountsAsync(reopened);
        await using var check = new SqliteConnection($"Data Source={path};Pooling=False");
        await check.OpenAsync();
        await using var triggers = check.CreateCommand();
        triggers.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ('nodes_count_insert', 'edges_count_insert')";
        Assert.Equal(0L, (long)(await triggers.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task A_group_that_creates_then_replaces_and_deletes_nodes_keeps_exact_counts()
    {
        var path = Path.Combine(Dir, "graph.db");
        await using var store = new SqliteGraphStore(path);
        // One transaction: PaperA creates the trial and outcome nodes and edges (counted at the group's end), then its
        // replacement removes edges (delete triggers) before those counts would otherwise be written.
        await store.UpsertAsync([ConformanceGraph.PaperABatch(), ConformanceGraph.PaperABatch(withCPeptide: false), ConformanceGraph.RegistryTregBatch()]);
        await AssertCountsAsync(store);
    }

    private static async Task AssertCountsAsync(SqliteGraphStore store)
    {
        var counts = await store.GetCountsAsync();
        await using var connection = new SqliteConnection($"Data Source={store.Path}");
        await connection.OpenAsync();
        foreach (var (table, column, expected) in new[] { ("nodes", "label", counts.Nodes), ("edges", "type", counts.Relationships) })
        {
            var actual = GraphSchema.NodeLabels.Concat(GraphSchema.RelationshipTypes).ToDictionary(k => k, _ => 0L);
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT {column}, COUNT(*) FROM {table} GROUP BY {column}";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) actual[r.GetString(0)] = r.GetInt64(1);
            foreach (var (key, value) in expected) Assert.True(actual[key] == value, $"{table} {key}: counted {actual[key]}, kept {value}");
        }
    }
}
