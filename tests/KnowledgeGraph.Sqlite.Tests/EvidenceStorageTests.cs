using System.IO.Compression;
using KnowledgeGraph.Conformance;
using KnowledgeGraph.Core.Graph;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite.Tests;

/// <summary>Contribution evidence is stored Brotli-compressed; rows a file holds from before (JSON text) must read,
/// replace and delete exactly as compressed ones do.</summary>
public sealed class EvidenceStorageTests : TempDatabaseFolder
{
    private static readonly (string From, string Type, string To)[] Edges =
    [
        ("celltype:treg", "REPORTS_OUTCOME", "outcome:c-peptide"),
        ("celltype:msc", "REPORTS_OUTCOME", "outcome:safety"),
        (ConformanceGraph.PaperA, "MENTIONS", "celltype:treg"),
    ];

    [Fact]
    public async Task Evidence_is_stored_compressed_and_reads_back_as_written()
    {
        var path = Path.Combine(Dir, "graph.db");
        await using var store = new SqliteGraphStore(path);
        var batch = ConformanceGraph.PaperABatch();
        await store.UpsertAsync([batch]);
        Assert.Equal(["blob"], await ColumnTypesAsync(path));
        foreach (var (from, type, to) in Edges)
        {
            var written = batch.Edges.Single(e => e.From == from && e.Type == type && e.To == to).Evidence;
            var read = await store.GetEvidenceAsync(from, type, to);
            Assert.NotNull(read);
            Assert.Equal(GraphJson.Serialize(written), GraphJson.Serialize(read.Evidence));
        }
    }

    [Fact]
    public async Task Evidence_rows_held_as_json_text_read_replace_and_delete_as_compressed_ones_do()
    {
        var old = Path.Combine(Dir, "old.db");
        var fresh = Path.Combine(Dir, "fresh.db");
        await using (var store = new SqliteGraphStore(old)) await store.UpsertAsync(ConformanceGraph.All);
        await RewriteEvidenceAsTextAsync(old);
        Assert.Equal(["text"], await ColumnTypesAsync(old));

        await using var reopened = new SqliteGraphStore(old);
        await using var compressed = new SqliteGraphStore(fresh);
        await compressed.UpsertAsync(ConformanceGraph.All);
        await AssertSameEvidenceAsync(compressed, reopened);

        // Replacing a paper reads its old contributions (text) back to take them out of the totals.
        await reopened.UpsertAsync([ConformanceGraph.PaperABatch(withCPeptide: false)]);
        await compressed.UpsertAsync([ConformanceGraph.PaperABatch(withCPeptide: false)]);
        await AssertSameEvidenceAsync(compressed, reopened);
        Assert.True(await reopened.DeleteDocumentAsync(ConformanceGraph.PaperB));
        Assert.True(await compressed.DeleteDocumentAsync(ConformanceGraph.PaperB));
        await AssertSameEvidenceAsync(compressed, reopened);
        Assert.Equal(GraphJson.Serialize(await compressed.ExportAsync()), GraphJson.Serialize(await reopened.ExportAsync()));
    }

    private static async Task AssertSameEvidenceAsync(SqliteGraphStore expected, SqliteGraphStore actual)
    {
        foreach (var (from, type, to) in Edges)
        {
            var want = await expected.GetEvidenceAsync(from, type, to);
            var got = await actual.GetEvidenceAsync(from, type, to);
            Assert.Equal(want is null, got is null);
            if (want is null) continue;
            Assert.Equal(GraphJson.Serialize(want), GraphJson.Serialize(got));
            Assert.Equal(GraphJson.Serialize(await expected.GetEvidencePageAsync(from, type, to, 1, null)),
                GraphJson.Serialize(await actual.GetEvidencePageAsync(from, type, to, 1, null)));
        }
    }

    /// <summary>Makes the file as a build before compression wrote it: every evidence value JSON text.</summary>
    private static async Task RewriteEvidenceAsTextAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        var rows = new List<(long Edge, string Document, string Json)>();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT edge_id, document_id, evidence FROM contributions";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                await using var brotli = new BrotliStream(new MemoryStream((byte[])r.GetValue(2)), CompressionMode.Decompress);
                using var reader = new StreamReader(brotli);
                rows.Add((r.GetInt64(0), r.GetString(1), await reader.ReadToEndAsync()));
            }
        }
        Assert.NotEmpty(rows);
        foreach (var (edge, document, json) in rows)
        {
            await using var update = connection.CreateCommand();
            update.CommandText = "UPDATE contributions SET evidence = $json WHERE edge_id = $e AND document_id = $d";
            update.Parameters.AddWithValue("$json", json);
            update.Parameters.AddWithValue("$e", edge);
            update.Parameters.AddWithValue("$d", document);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }
    }

    private static async Task<List<string>> ColumnTypesAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT DISTINCT typeof(evidence) FROM contributions ORDER BY 1";
        var types = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) types.Add(r.GetString(0));
        return types;
    }
}
