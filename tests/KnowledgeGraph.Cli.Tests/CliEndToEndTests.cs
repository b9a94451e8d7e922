using System.Text.Json;
using System.Xml.Linq;

namespace KnowledgeGraph.Cli.Tests;

/// <summary>The <c>kg</c> commands end to end on a temporary database, as a user runs them.</summary>
public sealed class CliEndToEndTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kg-cli-").FullName;
    private string Db => Path.Combine(_dir, "graph.db");
    private static string Samples => Path.Combine(AppContext.BaseDirectory, "samples", "papers");

    public async Task InitializeAsync()
    {
        var (code, _, err) = await KgProcess.RunAsync("ingest", Samples, "--db", Db);
        Assert.True(code == 0, err);
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    private async Task<JsonElement> JsonAsync(params string[] args)
    {
        var (code, stdout, stderr) = await KgProcess.RunAsync([.. args, "--db", Db, "--json"]);
        Assert.True(code == 0, $"kg {string.Join(' ', args)} exited {code}: {stderr}");
        return JsonDocument.Parse(stdout).RootElement;
    }

    [Fact]
    public async Task Ingesting_the_samples_yields_every_concept_label_with_evidence()
    {
        var stats = await JsonAsync("stats");
        foreach (var label in new[] { "CellType", "Mechanism", "Outcome", "Condition", "Paper" })
            Assert.True(stats.GetProperty("nodes").GetProperty(label).GetInt64() > 0, label);
        Assert.True(stats.GetProperty("relationships").GetProperty("MENTIONS").GetInt64() > 0);
        Assert.True(stats.GetProperty("relationships").GetProperty("ACTS_VIA").GetInt64() > 0);

        var seed = "paper:doi:10.1007/s10517-025-06444-5";
        var node = await JsonAsync("query", "node", seed);
        Assert.Equal("Paper", node.GetProperty("label").GetString());
        var ev = await JsonAsync("query", "evidence", seed, "MENTIONS", "celltype:toldc");
        Assert.Contains("tolerogenic dendritic cells", ev.GetProperty("evidence")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Reingesting_the_same_folder_adds_nothing()
    {
        var before = await JsonAsync("stats");
        var summary = await JsonAsync("ingest", Samples);
        Assert.Equal(0, summary.GetProperty("added").GetInt32());
        Assert.Equal(summary.GetProperty("papers").GetInt32(), summary.GetProperty("unchanged").GetInt32());
        Assert.Equal(before.ToString(), (await JsonAsync("stats")).ToString());
    }

    [Fact]
    public async Task A_broken_file_is_reported_with_its_reason_and_the_rest_is_ingested()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "mixed")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(folder, "garbage.bin"), [0, 1, 2, 3, 255, 254, 0, 7, 8, 9]);
        await File.WriteAllTextAsync(Path.Combine(folder, "empty.txt"), "   ");
        await File.WriteAllTextAsync(Path.Combine(folder, "ok.txt"),
            "Regulatory T cells in type 1 diabetes\n\nPolyclonal Tregs preserved C-peptide in NCT 01210664.");
        var summary = await JsonAsync("ingest", folder);
        Assert.Equal(3, summary.GetProperty("files").GetInt32());
        Assert.Equal(2, summary.GetProperty("failed").GetInt32());
        Assert.Equal(1, summary.GetProperty("added").GetInt32());
        var reasons = summary.GetProperty("failures").EnumerateArray().Select(f => f.GetProperty("reason").GetString()!).ToList();
        Assert.All(reasons, r => Assert.False(string.IsNullOrWhiteSpace(r)));
        var trial = await JsonAsync("query", "node", "trial:NCT01210664");
        Assert.Equal("Trial", trial.GetProperty("label").GetString());
    }

    [Fact]
    public async Task Query_commands_answer_as_json()
    {
        var search = await JsonAsync("query", "search", "Treg");
        Assert.Equal("celltype:treg", search[0].GetProperty("id").GetString());

        var neighbors = await JsonAsync("query", "neighbors", "celltype:treg", "--depth", "1");
        Assert.Contains(neighbors.GetProperty("nodes").EnumerateArray(), n => n.GetProperty("id").GetString() == "mechanism:immunomodulation");

        var path = await JsonAsync("query", "path", "celltype:msc", "celltype:treg", "--max-hops", "3");
        Assert.Equal(2, path.GetProperty("length").GetInt32());

        var cellTypes = await JsonAsync("query", "celltypes", "--mechanism", "mechanism:immunomodulation");
        Assert.Contains(cellTypes.EnumerateArray(), c => c.GetProperty("id").GetString() == "celltype:treg");
        Assert.DoesNotContain(cellTypes.EnumerateArray(), c => c.GetProperty("id").GetString() == "celltype:islet");

        var trials = await JsonAsync("query", "trials");
        Assert.Equal(JsonValueKind.Array, trials.ValueKind);
    }

    [Fact]
    public async Task Bad_arguments_and_unknown_nodes_fail_with_one_clear_line()
    {
        var (code, _, err) = await KgProcess.RunAsync("query", "node", "celltype:nope", "--db", Db);
        Assert.Equal(1, code);
        Assert.Contains("No node 'celltype:nope'", err);
        Assert.DoesNotContain("   at ", err);

        (code, _, err) = await KgProcess.RunAsync("query", "neighbors", "celltype:treg", "--depth", "9", "--db", Db);
        Assert.NotEqual(0, code);
        Assert.Contains("--depth", err);

        (code, _, err) = await KgProcess.RunAsync("query", "evidence", "a", "KNOWS", "b", "--db", Db);
        Assert.NotEqual(0, code);
        Assert.Contains("not a relationship type", err);
    }

    [Fact]
    public async Task Export_writes_json_graphml_and_cypher()
    {
        var stats = await JsonAsync("stats");
        var nodeCount = stats.GetProperty("nodes").EnumerateObject().Sum(p => p.Value.GetInt64());

        var jsonFile = Path.Combine(_dir, "g.json");
        Assert.Equal(0, (await KgProcess.RunAsync("export", "--format", "json", "-o", jsonFile, "--db", Db)).ExitCode);
        using (var doc = JsonDocument.Parse(await File.ReadAllTextAsync(jsonFile)))
            Assert.Equal(nodeCount, doc.RootElement.GetProperty("nodes").GetArrayLength());

        var graphml = Path.Combine(_dir, "g.graphml");
        Assert.Equal(0, (await KgProcess.RunAsync("export", "--format", "graphml", "-o", graphml, "--db", Db)).ExitCode);
        var xml = XDocument.Load(graphml);
        XNamespace ns = "http://graphml.graphdrawing.org/xmlns";
        Assert.Equal(nodeCount, xml.Descendants(ns + "node").Count());

        var (code, cypher, _) = await KgProcess.RunAsync("export", "--format", "cypher", "--db", Db);
        Assert.Equal(0, code);
        Assert.Contains("MERGE", cypher);
        Assert.Contains("celltype:treg", cypher);
    }

    [Fact]
    public async Task Eval_prints_per_kind_scores_and_names_a_malformed_line()
    {
        var dev = Path.Combine(AppContext.BaseDirectory, "Fixtures", "dev.jsonl");
        var report = await JsonAsync("eval", dev);
        Assert.Equal(25, report.GetProperty("documents").GetInt32());
        foreach (var kind in new[] { "CellType", "Mechanism", "Outcome", "Condition", "Trial" })
            Assert.InRange(report.GetProperty("byKind").GetProperty(kind).GetProperty("f1").GetDouble(), 0.0, 1.0);
        var relations = report.GetProperty("relations");
        foreach (var type in new[] { "REPORTS_OUTCOME", "TESTS" })
            Assert.InRange(relations.GetProperty("byType").GetProperty(type).GetProperty("f1").GetDouble(), 0.0, 1.0);
        Assert.InRange(relations.GetProperty("polarity").GetProperty("accuracy").GetDouble(), 0.0, 1.0);
        Assert.True(relations.GetProperty("signErrors").GetInt32() >= 0);

        var (code, table, _) = await KgProcess.RunAsync("eval", dev, "--db", Db);
        Assert.Equal(0, code);
        Assert.Contains("Mechanism", table);
        Assert.Contains("polarity accuracy", table);
        (code, var verbose, _) = await KgProcess.RunAsync("eval", dev, "--verbose", "--db", Db);
        Assert.Equal(0, code);
        Assert.Contains("findings (relations", verbose);

        var bad = Path.Combine(_dir, "bad.jsonl");
        await File.WriteAllLinesAsync(bad, [File.ReadLines(dev).First(), "{not json"]);
        (code, _, var err) = await KgProcess.RunAsync("eval", bad, "--db", Db);
        Assert.NotEqual(0, code);
        Assert.Contains("line 2", err, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Schema_apply_is_idempotent_and_show_prints_the_constraints()
    {
        var (code, first, err) = await KgProcess.RunAsync("schema", "apply", "--db", Db);
        Assert.True(code == 0, err);
        var (_, second, _) = await KgProcess.RunAsync("schema", "apply", "--db", Db);
        Assert.Equal(first, second);
        var (showCode, show, _) = await KgProcess.RunAsync("schema", "show");
        Assert.Equal(0, showCode);
        Assert.Contains("CREATE CONSTRAINT entity_id IF NOT EXISTS", show);
    }

    [Fact]
    public async Task Push_without_a_neo4j_address_says_what_is_missing()
    {
        var (code, _, err) = await KgProcess.RunAsync("push", "--to", "neo4j", "--db", Db);
        Assert.NotEqual(0, code);
        Assert.Contains("--uri", err);
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public async Task A_mixed_folder_ingests_every_format_and_links_a_registry_trial_to_cell_types_and_measured_outcomes()
    {
        var summary = await JsonAsync("ingest", Samples);
        Assert.Equal(0, summary.GetProperty("failed").GetInt32());
        var formats = summary.GetProperty("byFormat").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var f in new[] { "PubMedXml", "JatsXml", "ClinicalTrialsJson", "Pdf", "PlainText", "Markdown", "Json", "SemanticScholarRecord" })
            Assert.Contains(f, formats);

        var trials = await JsonAsync("query", "trials", "--phase", "2");
        var vx880 = trials.EnumerateArray().Single(t => t.GetProperty("id").GetString() == "trial:NCT04786262");
        Assert.False(string.IsNullOrEmpty(vx880.GetProperty("status").GetString()));
        Assert.Contains(vx880.GetProperty("cellTypes").EnumerateArray(), c => c.GetString() == "celltype:sc-islet");
        Assert.NotEmpty(vx880.GetProperty("outcomes").EnumerateArray());
        var measures = await JsonAsync("query", "evidence", "trial:NCT04786262", "MEASURES", "outcome:insulin-independence");
        Assert.Equal("manual_agent", measures.GetProperty("relationship").GetProperty("agentType").GetString());
    }
}
