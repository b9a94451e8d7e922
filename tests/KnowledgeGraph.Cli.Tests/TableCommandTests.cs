using System.Text.Json;

namespace KnowledgeGraph.Cli.Tests;

/// <summary><c>kg table</c> and <c>kg query trial</c> on the samples corpus, as a process on a temporary database.</summary>
public sealed class TableCommandTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kg-table-").FullName;
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

    private async Task<string> RunAsync(params string[] args)
    {
        var (code, stdout, stderr) = await KgProcess.RunAsync([.. args, "--db", Db]);
        Assert.True(code == 0, $"kg {string.Join(' ', args)} exited {code}: {stderr}");
        return stdout;
    }

    [Fact]
    public async Task Table_gives_each_sample_trial_its_attributes_and_findings_with_values_and_sources()
    {
        var markdown = await RunAsync("table");
        var lines = markdown.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("| trial | title | product | cell type | mechanism | source | site | protection | phase | status | enrollment |", lines[0]);
        var trials = lines.Skip(2).Select(l => l.Split(" | ")[0].TrimStart('|', ' ')).Distinct().ToList();
        Assert.Equal(["NCT00315133", "NCT01210664", "NCT02239354", "NCT03163511", "NCT04786262"], trials);
        var independence = Assert.Single(lines, l => l.StartsWith("| NCT04786262 |", StringComparison.Ordinal) && l.Contains("| Insulin independence |", StringComparison.Ordinal));
        foreach (var cell in new[] { "VX-880 (zimislecel)", "Stem cell-derived islets / beta cells", "Beta-cell replacement", "Stem cell-derived",
                     "Hepatic portal vein (intraportal)", "Immunosuppression (pharmacological)", "PHASE1/PHASE2", "ACTIVE_NOT_RECRUITING", "37 (ESTIMATED)",
                     "VX-880 full dose: 10 of 12 Participants [registry:NCT04786262]" })
            Assert.Contains(cell, independence);
        Assert.Contains(lines, l => l.StartsWith("| NCT02239354 |", StringComparison.Ordinal) && l.EndsWith("| completed-without-results-or-paper |", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("| NCT01210664 |", StringComparison.Ordinal) && l.Contains("| fourteen adults |", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Table_writes_the_same_rows_as_csv_to_a_file_and_filters_like_the_api()
    {
        var path = Path.Combine(_dir, "table.csv");
        await RunAsync("table", "--format", "csv", "--product", "product:vx-880", "-o", path);
        var lines = (await File.ReadAllTextAsync(path)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length); // header + five outcomes of the VX-880 trial
        Assert.All(lines.Skip(1), l => Assert.StartsWith("NCT04786262,", l));

        var json = JsonDocument.Parse(await RunAsync("table", "--format", "json", "--protection", "none")).RootElement;
        Assert.All(json.EnumerateArray(), r => Assert.Equal("NCT02239354", r.GetProperty("registryId").GetString()));
    }

    [Fact]
    public async Task Matrix_and_trial_card_print()
    {
        var matrix = await RunAsync("table", "--matrix");
        Assert.StartsWith("| mechanism |", matrix);
        Assert.Contains("| Beta-cell replacement |", matrix);

        var card = JsonDocument.Parse(await RunAsync("query", "trial", "nct00315133", "--json")).RootElement;
        Assert.Equal("trial:NCT00315133", card.GetProperty("id").GetString());
        Assert.Contains(card.GetProperty("facts").EnumerateArray(), f => f.GetProperty("field").GetString() == "results_reference, reference");
        var (code, _, stderr) = await KgProcess.RunAsync("query", "trial", "NCT99999999", "--db", Db);
        Assert.Equal(1, code);
        Assert.Contains("No trial 'trial:NCT99999999'", stderr);
    }

    [Fact]
    public async Task A_registry_record_with_a_field_of_the_wrong_kind_fails_alone_naming_the_field()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "registry")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "odd.json"),
            """{"protocolSection": {"identificationModule": {"nctId": "NCT05000001"}, "designModule": {"enrollmentInfo": {"count": "forty"}}}}""");
        await File.WriteAllTextAsync(Path.Combine(folder, "good.json"),
            """{"protocolSection": {"identificationModule": {"nctId": "NCT05000002", "briefTitle": "Tregs in T1D"}, "statusModule": {"overallStatus": "RECRUITING"}}}""");

        var summary = JsonDocument.Parse(await RunAsync("ingest", folder, "--json")).RootElement;

        Assert.Equal((1, 1), (summary.GetProperty("failed").GetInt32(), summary.GetProperty("added").GetInt32()));
        var reason = Assert.Single(summary.GetProperty("failures").EnumerateArray()).GetProperty("reason").GetString();
        Assert.Contains("protocolSection.designModule.enrollmentInfo.count is the text \"forty\", expected a whole number", reason);
        var card = JsonDocument.Parse(await RunAsync("query", "trial", "NCT05000002", "--json")).RootElement;
        Assert.Equal("RECRUITING", card.GetProperty("status").GetString());
    }
}
