using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite.Tests;

/// <summary>
/// The (dst, type, src) and (type, src, dst) edge indexes leave MENTIONS edges out (SqliteSchema.NotMentions). A file
/// made before has full indexes of other names: opening it must swap them, and edges read by type must be the same
/// whether the types asked for include MENTIONS or not (the partial index serves only queries that leave them out).
/// </summary>
public sealed class PartialEdgeIndexTests : TempDatabaseFolder
{
    private static GraphBatch Paper(int n) => new($"paper:pmid:{n}", $"h{n}", $"test/{n}", [$"PMID:{n}"],
        [new($"paper:pmid:{n}", GraphSchema.Labels.Paper, $"Paper {n}", new Dictionary<string, object?> { ["title"] = $"Paper {n}" }) { Authoritative = true }],
        [
            new($"paper:pmid:{n}", GraphSchema.Relationships.Mentions, "celltype:treg", GraphEdge.TextMiningAgent,
                [new EvidenceSentence($"paper:pmid:{n}", $"Tregs in {n}.", 0, 5, "abstract", "test")], new Dictionary<string, object?> { ["count"] = 1L }),
            new($"paper:pmid:{n}", GraphSchema.Relationships.ReportsOn, "celltype:treg", GraphEdge.TextMiningAgent,
                [new EvidenceSentence($"paper:pmid:{n}", $"Tregs were given in {n}.", 0, 5, "abstract", "test")], new Dictionary<string, object?>()),
        ]);

    private static GraphBatch Trial(int n) => new($"registry:trial:NCT{n:D8}", $"t{n}", $"trial/{n}", [],
        [new($"trial:NCT{n:D8}", GraphSchema.Labels.Trial, $"Trial {n}", new Dictionary<string, object?> { ["phase"] = "PHASE2" }) { Authoritative = true }],
        [new($"trial:NCT{n:D8}", GraphSchema.Relationships.Tests, "celltype:treg", GraphEdge.ManualAgent, [], new Dictionary<string, object?>())]);

    private static async Task<List<string>> IndexesAsync(string path)
    {
        var names = new List<string>();
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'edges' ORDER BY name";
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) names.Add(r.GetString(0));
        return names;
    }

    private static async Task<List<string>> IncomingAsync(IGraphStore store, params string[] types) =>
        [.. (await store.GetEdgesAsync(new EdgeQuery(["celltype:treg"], types, Incoming: true, WithEvidence: false)))
            .Select(e => $"{e.Relationship.From} {e.Relationship.Type}")];

    [Fact]
    public async Task An_old_file_with_full_edge_indexes_gets_the_partial_ones_and_reads_the_same()
    {
        var path = Path.Combine(Dir, "graph.db");
        await using (var store = new SqliteGraphStore(path))
            await store.UpsertAsync([.. Enumerable.Range(1, 30).Select(Paper), .. Enumerable.Range(1, 5).Select(Trial)]);
        SqliteConnection.ClearAllPools();
        // The indexes as files before the partial ones had them.
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = """
                DROP INDEX ix_edges_dst_type_nm; DROP INDEX ix_edges_type_src_nm;
                CREATE INDEX ix_edges_dst_type ON edges (dst, type, src); CREATE INDEX ix_edges_type_src ON edges (type, src, dst);
                """;
            await cmd.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();
        Assert.Contains("ix_edges_dst_type", await IndexesAsync(path));

        await using var reopened = new SqliteGraphStore(path);
        var trialsOfTreg = await IncomingAsync(reopened, GraphSchema.Relationships.Tests);
        var indexes = await IndexesAsync(path);
        Assert.DoesNotContain("ix_edges_dst_type", indexes);
        Assert.DoesNotContain("ix_edges_type_src", indexes);
        Assert.Contains("ix_edges_dst_type_nm", indexes);
        Assert.Contains("ix_edges_type_src_nm", indexes);

        Assert.Equal(Enumerable.Range(1, 5).Select(n => $"trial:NCT{n:D8} TESTS"), trialsOfTreg);
        Assert.Equal(30, (await IncomingAsync(reopened, GraphSchema.Relationships.Mentions)).Count);
        Assert.Equal(30, (await IncomingAsync(reopened, GraphSchema.Relationships.ReportsOn)).Count);
        var mixed = await IncomingAsync(reopened, GraphSchema.Relationships.Mentions, GraphSchema.Relationships.Tests, GraphSchema.Relationships.ReportsOn);
        Assert.Equal(65, mixed.Count);
        Assert.Equal(30, mixed.Count(e => e.EndsWith(" MENTIONS", StringComparison.Ordinal)));
    }
}
