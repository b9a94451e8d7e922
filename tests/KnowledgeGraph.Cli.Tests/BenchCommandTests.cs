using System.Text.Json;

namespace KnowledgeGraph.Cli.Tests;

/// <summary><c>kg bench</c> at tiny sizes, as a process: every stage runs and the report has every section.
/// Speeds are not asserted (they belong to the benchmark, not the test suite); counts and arithmetic are.</summary>
public sealed class BenchCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kg-bench-test-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_tiny_bench_writes_a_report_with_every_section_and_figures_that_add_up()
    {
        var report = Path.Combine(_dir, "out", "RESULTS.md");
        var (code, stdout, stderr) = await KgProcess.RunAsync("bench", "--papers", "120", "--query-runs", "15", "--cold-starts", "1", "--out", report, "--json");
        Assert.True(code == 0, stderr);

        var markdown = await File.ReadAllTextAsync(report);
        foreach (var heading in new[] { "## Summary against the targets", "## 1. Extraction throughput", "## 2. End-to-end ingest into SQLite",
                     "## 3. Query latency", "## 4. Neo4j store", "## 5. Cold start of `kg serve`", "## How to reproduce" })
            Assert.Contains(heading, markdown, StringComparison.Ordinal);
        foreach (var query in new[] { "search", "node", "neighbors depth 1", "neighbors depth 2", "path", "celltypes", "trials", "evidence", "evidence shared edge", "mechanisms compare", "paper" })
            Assert.Contains($"| query `{query}` p99 |", markdown, StringComparison.Ordinal);
        Assert.Contains("bench --papers 120 --seed 42 --query-runs 15 --cold-starts 1", markdown, StringComparison.Ordinal);

        var json = JsonDocument.Parse(stdout).RootElement;
        var ingest = json.GetProperty("ingest");
        var trials = json.GetProperty("settings").GetProperty("trials").GetInt32();
        Assert.Equal(5, trials); // at least five registry records, one per 40 papers
        Assert.Equal(120 + trials, ingest.GetProperty("files").GetInt32());
        Assert.Equal(120 + trials, ingest.GetProperty("papers").GetInt32());
        Assert.Equal(0, ingest.GetProperty("failed").GetInt32());
        Assert.Equal(120, ingest.GetProperty("nodes").GetProperty("Paper").GetInt64());
        Assert.Equal(trials, ingest.GetProperty("nodes").GetProperty("Trial").GetInt64());
        Assert.True(ingest.GetProperty("peakWorkingSetBytes").GetInt64() > 0);

        foreach (var q in json.GetProperty("queries").EnumerateArray())
        {
            Assert.Equal(15, q.GetProperty("runs").GetInt32());
            Assert.True(q.GetProperty("p50Ms").GetDouble() <= q.GetProperty("p99Ms").GetDouble());
            Assert.True(q.GetProperty("p99Ms").GetDouble() <= q.GetProperty("maxMs").GetDouble());
        }

        // One request per input when papers arrive one file at a time; ceil(papers / BatchSize) when written as a list.
        var perInput = json.GetProperty("neo4jPerInput");
        Assert.Equal(120, perInput.GetProperty("papers").GetInt32());
        Assert.Equal(120, perInput.GetProperty("requests").GetInt32());
        var batched = json.GetProperty("neo4jBatched");
        var batchSize = batched.GetProperty("batchSize").GetInt32();
        Assert.Equal((120 + batchSize - 1) / batchSize, batched.GetProperty("requests").GetInt32());
        Assert.True(batched.GetProperty("requestBytes").GetInt64() > 0);

        Assert.Single(json.GetProperty("coldStart").GetProperty("runsMs").EnumerateArray());
    }
}
