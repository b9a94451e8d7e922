using KnowledgeGraph.Conformance;
using KnowledgeGraph.Core.Storage;
using KnowledgeGraph.Core.Vocabulary;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite.Tests;

/// <summary>The running trial totals behind the mechanism comparison: a database from before them is summed on its next
/// start, and reading them walks none of the trials.</summary>
public sealed class TrialTotalsTests : TempDatabaseFolder
{
    [Fact]
    public async Task A_database_without_trial_totals_is_summed_on_its_next_start()
    {
        var path = Path.Combine(Dir, "graph.db");
        await using (var store = new SqliteGraphStore(path))
        {
            await store.UpsertAsync(ManyTrialsGraph.All);
            await store.UpsertAsync(ConformanceGraph.All);
        }
        // As a database written before the totals existed: no tables, no triggers, no meta key.
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            var triggers = new List<string>();
            await using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'trial%'";
                await using var r = await cmd.ExecuteReaderAsync();
                while (await r.ReadAsync()) triggers.Add(r.GetString(0));
            }
            Assert.Equal(9, triggers.Count);
            await using (var cmd = connection.CreateCommand())
            {
                cmd.CommandText = string.Concat(triggers.Select(t => $"DROP TRIGGER \"{t}\";")) +
                    "DROP VIEW trial_refresh; DROP TABLE trial_sets; DROP TABLE trial_set_phases; DROP TABLE trial_set_outcomes; DROP TABLE celltype_trial_counts;" +
                    "DELETE FROM meta WHERE key = 'trialTotalsVersion';";
                await cmd.ExecuteNonQueryAsync();
            }
        }
        SqliteConnection.ClearAllPools();

        await using var reopened = new SqliteGraphStore(path);
        await MechanismTotals.AssertEqualListingAsync(reopened);
        Assert.True((await reopened.GetMechanismTrialStatsAsync("mechanism:immunomodulation")).TrialCount > 50);
        // And the upgraded file keeps them from then on.
        await reopened.UpsertAsync([.. Enumerable.Range(0, 20).Select(i => ManyTrialsGraph.Batch(i, revision: 2))]);
        Assert.True(await reopened.DeleteDocumentAsync(ConformanceGraph.PaperA));
        await MechanismTotals.AssertEqualListingAsync(reopened);
    }

    [Fact]
    public async Task A_cell_type_acting_via_another_mechanism_moves_its_trials_totals()
    {
        var path = Path.Combine(Dir, "graph.db");
        TrialStats before;
        await using (var store = new SqliteGraphStore(path))
        {
            await store.UpsertAsync(ManyTrialsGraph.All);
            before = await store.GetMechanismTrialStatsAsync("mechanism:replacement");
        }
        SqliteConnection.ClearAllPools();
        // A new vocabulary: MSCs act via replacement instead (the vocabulary document is replaced on open).
        var changed = new ConceptVocabulary(ConceptVocabulary.Default.Concepts.Select(c =>
            c.Id == "celltype:msc" ? c with { ActsVia = ["mechanism:replacement"] } : c));
        await using var reopened = new SqliteGraphStore(path, changed);

        await MechanismTotals.AssertEqualListingAsync(reopened);
        Assert.True((await reopened.GetMechanismTrialStatsAsync("mechanism:replacement")).TrialCount > before.TrialCount);
    }

    /// <summary>
    /// The comparison once hung for minutes at 25,000 trials inside SQLite: with no statistics, the bundled SQLite (3.53)
    /// read every Trial node through the (label, id, search) index and, for each, scanned the list of the mechanism's
    /// trial ids (trials x trials rows), where the 3.40 shell joined from the list to each node by id. A plan, not a time:
    /// the totals read only the per-set rows, and reach nodes (outcome names) by id.
    /// </summary>
    [Fact]
    public async Task Mechanism_totals_read_no_edges_and_reach_nodes_only_by_id()
    {
        var path = Path.Combine(Dir, "graph.db");
        await using (var store = new SqliteGraphStore(path)) await store.UpsertAsync(ManyTrialsGraph.All);
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        foreach (var sql in new[] { SqliteTrialTotalsSchema.ReadPhases, SqliteTrialTotalsSchema.ReadOutcomes })
        {
            var plan = await PlanAsync(connection, sql);
            Assert.DoesNotContain(plan, step => step.Contains("edges", StringComparison.Ordinal));
            Assert.All(plan.Where(step => step.Contains(" o ", StringComparison.Ordinal) || step.Contains("nodes", StringComparison.Ordinal)),
                step => Assert.Matches(@"^SEARCH o USING INDEX sqlite_autoindex_nodes_1 \(id=\?\)$", step));
        }
    }

    internal static async Task<List<string>> PlanAsync(SqliteConnection connection, string sql)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var steps = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) steps.Add(r.GetString(3));
        return steps;
    }
}
