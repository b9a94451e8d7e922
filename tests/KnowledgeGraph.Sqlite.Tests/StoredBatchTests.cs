using KnowledgeGraph.Conformance;
using KnowledgeGraph.Core.Graph;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite.Tests;

/// <summary>
/// Each document's stored batch is a slim record (no evidence, shared nodes by key) since issue 18; exports must still
/// yield exactly the batches written, files holding whole records (compressed or JSON text, without the format column)
/// must still export them, and a delete that takes another document's contributions must not take its export's evidence.
/// </summary>
public sealed class StoredBatchTests : TempDatabaseFolder
{
    /// <summary>A batch naming one edge twice (the store merges them into one contribution) and an edge without evidence.</summary>
    private static GraphBatch PaperWithDuplicateEdges() => new("paper:pmid:77", "hash-77", "77.json", ["PMID:77"],
        [
            Paper("paper:pmid:77", "Tregs twice"),
            Trial(ConformanceGraph.TrialTreg, authoritative: false),
        ],
        [
            Text("paper:pmid:77", "MENTIONS", "celltype:treg",
                [Ev("paper:pmid:77", "Tregs were infused.", 0, 5), Ev("paper:pmid:77", "Tregs again.", 0, 5)],
                ("count", 2L)),
            Text("paper:pmid:77", "MENTIONS", "condition:t1d", [], ("count", 1L)),
            Text("paper:pmid:77", "MENTIONS", "celltype:treg",
                [Ev("paper:pmid:77", "A third Treg sentence.", 2, 7)], ("count", 1L)),
            Text(ConformanceGraph.TrialTreg, "TESTS", "celltype:treg",
                [Ev("paper:pmid:77", "The trial tested Tregs.", 17, 22)]),
        ]);

    /// <summary>A registry-like record that names a paper it does not own and reports on it.</summary>
    private static GraphBatch RecordCitingPaperA() => new("registry:NCT0000077", "hash-r77", "NCT0000077.json", ["clinicaltrials:NCT0000077"],
        [
            Trial("trial:NCT0000077", authoritative: true, phase: "PHASE2", title: "Cited"),
            Paper(ConformanceGraph.PaperA, "Tregs in new-onset T1D") with { Authoritative = false },
        ],
        [
            Text(ConformanceGraph.PaperA, "REPORTS_ON", "trial:NCT0000077",
                [Ev("registry:NCT0000077", "Results were published in PMID 1001.", 0, 36)]),
            Registry("trial:NCT0000077", "TESTS", "celltype:treg"),
        ]);

    private static GraphNode Paper(string id, string title) =>
        new(id, "Paper", title, new Dictionary<string, object?> { ["title"] = title, ["year"] = 2024L }) { Authoritative = true };

    private static GraphNode Trial(string id, bool authoritative, string? phase = null, string? title = null)
    {
        var props = new Dictionary<string, object?> { ["registryId"] = id["trial:".Length..] };
        if (phase is not null) props["phase"] = phase;
        if (title is not null) props["title"] = title;
        return new GraphNode(id, "Trial", id["trial:".Length..], props) { Authoritative = authoritative };
    }

    private static EvidenceSentence Ev(string doc, string text, int start, int end) => new(doc, text, start, end, "Abstract", "test/1");

    private static GraphEdge Text(string from, string type, string to, IReadOnlyList<EvidenceSentence> evidence,
        params (string Key, object? Value)[] props) =>
        new(from, type, to, GraphEdge.TextMiningAgent, evidence, props.ToDictionary(p => p.Key, p => p.Value));

    private static GraphEdge Registry(string from, string type, string to) =>
        new(from, type, to, GraphEdge.ManualAgent, [], new Dictionary<string, object?>());

    private static IReadOnlyList<GraphBatch> Written => [.. ConformanceGraph.All, PaperWithDuplicateEdges(), RecordCitingPaperA()];

    [Fact]
    public async Task Exported_batches_are_exactly_the_batches_written()
    {
        await using var store = new SqliteGraphStore(Path.Combine(Dir, "graph.db"));
        await store.UpsertAsync(Written);
        Assert.Equal(Expected(Written), await ExportedAsync(store));
        // Records hold neither evidence nor the vocabulary's nodes: those are in the contributions and batch_nodes.
        Assert.Equal(["1"], await ScalarsAsync(store.Path, "SELECT DISTINCT batch_format FROM documents WHERE id <> 'kg:vocabulary'"));
        Assert.NotEmpty(await ScalarsAsync(store.Path, "SELECT hash FROM batch_nodes"));
    }

    [Fact]
    public async Task Replacing_a_document_exports_its_new_batch()
    {
        await using var store = new SqliteGraphStore(Path.Combine(Dir, "graph.db"));
        await store.UpsertAsync(Written);
        await store.UpsertAsync([ConformanceGraph.PaperABatch(withCPeptide: false)]);
        Assert.Equal(Expected([.. Written.Where(b => b.DocumentId != ConformanceGraph.PaperA), ConformanceGraph.PaperABatch(withCPeptide: false)]),
            await ExportedAsync(store));
    }

    [Fact]
    public async Task Deleting_a_paper_keeps_the_evidence_of_another_record_that_reported_on_it()
    {
        await using var store = new SqliteGraphStore(Path.Combine(Dir, "graph.db"));
        await store.UpsertAsync(Written);
        // The paper's node goes, and with it every edge touching it: the record's REPORTS_ON contribution too.
        Assert.True(await store.DeleteDocumentAsync(ConformanceGraph.PaperA));
        Assert.Null(await store.GetEvidenceAsync(ConformanceGraph.PaperA, "REPORTS_ON", "trial:NCT0000077"));
        Assert.Equal(Expected(Written.Where(b => b.DocumentId != ConformanceGraph.PaperA)), await ExportedAsync(store));
        Assert.Equal(["0"], await ScalarsAsync(store.Path, "SELECT batch_format FROM documents WHERE id = 'registry:NCT0000077'"));
    }

    [Fact]
    public async Task A_file_with_whole_records_and_no_format_column_exports_them_and_takes_slim_ones_beside()
    {
        var path = Path.Combine(Dir, "old.db");
        await using (var store = new SqliteGraphStore(path)) await store.UpsertAsync(Written);
        await MakeOldFileAsync(path);

        await using var reopened = new SqliteGraphStore(path);
        Assert.Equal(Expected(Written), await ExportedAsync(reopened));
        // New writes beside the old records are slim; both export.
        await reopened.UpsertAsync([ConformanceGraph.PaperABatch(withCPeptide: false)]);
        Assert.Equal(["0", "1"], await ScalarsAsync(path, "SELECT DISTINCT batch_format FROM documents WHERE id <> 'kg:vocabulary' ORDER BY 1"));
        Assert.Equal(Expected([.. Written.Where(b => b.DocumentId != ConformanceGraph.PaperA), ConformanceGraph.PaperABatch(withCPeptide: false)]),
            await ExportedAsync(reopened));
    }

    private static List<string> Expected(IEnumerable<GraphBatch> batches) =>
        [.. batches.OrderBy(b => b.DocumentId, StringComparer.Ordinal).Select(b => GraphJson.Serialize(b))];

    private static async Task<List<string>> ExportedAsync(SqliteGraphStore store)
    {
        var exported = new List<string>();
        await foreach (var b in store.ExportBatchesAsync()) exported.Add(GraphJson.Serialize(b));
        return exported;
    }

    /// <summary>Makes the file as builds before the slim records left it: every record whole (half compressed, half JSON
    /// text, as files written before compression hold), no format column, no batch_nodes table.</summary>
    private static async Task MakeOldFileAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        var i = 0;
        foreach (var batch in Written)
        {
            await using var update = connection.CreateCommand();
            update.CommandText = "UPDATE documents SET batch = $batch WHERE id = $id";
            update.Parameters.AddWithValue("$batch", i++ % 2 == 0 ? BatchCodec.Encode(batch) : GraphJson.Serialize(batch));
            update.Parameters.AddWithValue("$id", batch.DocumentId);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }
        await using var alter = connection.CreateCommand();
        alter.CommandText = "ALTER TABLE documents DROP COLUMN batch_format; DROP TABLE batch_nodes;";
        await alter.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> ScalarsAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        var values = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) values.Add(Convert.ToString(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return values;
    }
}
