using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite.Tests;

/// <summary>
/// An edge's document and publication lists come from a partial index that leaves out contributions to MENTIONS edges
/// (SqliteSchema.ContributionListsIndex); a MENTIONS edge's lists are read by the primary key. A file from before has no
/// <c>mention</c> column and a full index: opening it must add the one and swap the other, and every relationship must
/// read the same before and after, and after more papers are written to it.
/// </summary>
public sealed class ContributionListsIndexTests : TempDatabaseFolder
{
    private const string Hub = "celltype:treg";
    private const string Outcome = "outcome:c-peptide";

    private static GraphBatch Paper(int i)
    {
        var id = $"paper:pmid:{i}";
        var evidence = new EvidenceSentence(id, "Treg therapy preserved C-peptide.", 0, 32, "Abstract", "test/1", "improved");
        return new GraphBatch(id, $"hash-{i}", $"{i}.json", [$"PMID:{i}", $"DOI:10.1/{i}"],
            [new GraphNode(id, "Paper", $"Paper {i}", new Dictionary<string, object?> { ["title"] = $"Paper {i}" }) { Authoritative = true }],
            [
                new GraphEdge(id, "MENTIONS", Hub, GraphEdge.TextMiningAgent, [evidence with { Start = 0, End = 4 }], new Dictionary<string, object?> { ["count"] = 1L }),
                new GraphEdge(Hub, "REPORTS_OUTCOME", Outcome, GraphEdge.TextMiningAgent, [evidence], new Dictionary<string, object?>()),
            ]);
    }

    /// <summary>Every relationship touching the hub (its MENTIONS from papers and its shared outcome edge), as JSON.</summary>
    private static async Task<List<string>> HubRelationshipsAsync(SqliteGraphStore store)
    {
        var incoming = await store.GetEdgesAsync(new EdgeQuery([Hub], ["MENTIONS"], Incoming: true, WithEvidence: false));
        var outgoing = await store.GetEdgesAsync(new EdgeQuery([Hub], ["REPORTS_OUTCOME"], Incoming: false, WithEvidence: false));
        return [.. incoming.Concat(outgoing).Select(e => GraphJson.Serialize(e.Relationship)).Order(StringComparer.Ordinal)];
    }

    private static async Task<List<string>> ColumnAsync(string path, string sql)
    {
        var values = new List<string>();
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) values.Add(r.GetValue(r.FieldCount - 1).ToString()!);
        return values;
    }

    [Fact]
    public async Task A_mentions_edge_and_a_shared_edge_read_their_lists_and_only_the_shared_one_is_indexed()
    {
        var path = Path.Combine(Dir, "graph.db");
        await using var store = new SqliteGraphStore(path);
        await store.UpsertAsync([.. Enumerable.Range(0, 12).Select(Paper)]);

        var mention = Assert.Single(await store.GetEdgesAsync(new EdgeQuery(["paper:pmid:7"], ["MENTIONS"], Incoming: false, WithEvidence: false)));
        Assert.Equal(["paper:pmid:7"], mention.Relationship.PrimarySources);
        Assert.Equal(["DOI:10.1/7", "PMID:7"], mention.Relationship.Publications);
        var shared = Assert.Single(await store.GetEdgesAsync(new EdgeQuery([Hub], ["REPORTS_OUTCOME"], Incoming: false, WithEvidence: false)));
        Assert.Equal(12, shared.Relationship.PrimarySources.Count);
        Assert.Equal(24, shared.Relationship.Publications.Count);

        SqliteConnection.ClearAllPools();
        // Of the papers' contributions, the index holds the shared edge's twelve and none of the twelve mentions.
        Assert.Equal(["12"], await ColumnAsync(path,
            "SELECT COUNT(*) FROM contributions INDEXED BY ix_contributions_lists_nm WHERE mention = 0 AND document_id LIKE 'paper:%'"));
        Assert.Equal(["12"], await ColumnAsync(path, "SELECT COUNT(*) FROM contributions WHERE mention = 1"));
        // And the lists query reads it alone (covering), in the SQLite the store runs on.
        var plan = await ColumnAsync(path, "EXPLAIN QUERY PLAN SELECT edge_id, document_id, publications FROM contributions WHERE edge_id IN (1, 2) AND mention = 0");
        Assert.Contains(plan, p => p.Contains("COVERING INDEX ix_contributions_lists_nm", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_old_file_without_the_mention_column_gets_it_and_the_partial_index_and_reads_the_same()
    {
        var path = Path.Combine(Dir, "graph.db");
        List<string> before;
        await using (var store = new SqliteGraphStore(path))
        {
            await store.UpsertAsync([.. Enumerable.Range(0, 10).Select(Paper)]);
            before = await HubRelationshipsAsync(store);
        }
        SqliteConnection.ClearAllPools();
        // The table and index as files before the column had them.
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = """
                DROP INDEX ix_contributions_lists_nm; ALTER TABLE contributions DROP COLUMN mention;
                CREATE INDEX ix_contributions_lists ON contributions (edge_id, document_id, publications);
                """;
            await cmd.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();
        Assert.Empty(await ColumnAsync(path, "SELECT name FROM pragma_table_info('contributions') WHERE name = 'mention'"));

        await using var reopened = new SqliteGraphStore(path);
        Assert.Equal(before, await HubRelationshipsAsync(reopened));
        var indexes = await ColumnAsync(path, "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contributions' ORDER BY name");
        Assert.DoesNotContain("ix_contributions_lists", indexes);
        Assert.Contains("ix_contributions_lists_nm", indexes);
        // The old rows keep 0 (their mentions stay in the index, still correct); papers written now are marked.
        await reopened.UpsertAsync([.. Enumerable.Range(10, 5).Select(Paper)]);
        Assert.Equal(["5"], await ColumnAsync(path, "SELECT COUNT(*) FROM contributions WHERE mention = 1"));
        var after = await HubRelationshipsAsync(reopened);
        Assert.Equal(16, after.Count); // fifteen mentions and the shared edge
        var shared = Assert.Single(await reopened.GetEdgesAsync(new EdgeQuery([Hub], ["REPORTS_OUTCOME"], Incoming: false, WithEvidence: false)));
        Assert.Equal(15, shared.Relationship.PrimarySources.Count);

        // Deleting an old and a new paper takes their contributions from both kinds of rows.
        Assert.True(await reopened.DeleteDocumentAsync("paper:pmid:2"));
        Assert.True(await reopened.DeleteDocumentAsync("paper:pmid:12"));
        Assert.Equal(14, (await HubRelationshipsAsync(reopened)).Count);
    }
}
