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
        var (code, stdout, stderr) = await KgProcess.RunAsync("bench", "--sizes", "120,250", "--query-runs", "15", "--cold-starts", "1", "--out", report, "--json");
        Assert.True(code == 0, stderr);

        var markdown = await File.ReadAllTextAsync(report);
        foreach (var heading in new[] { "## Summary against the targets (at 250 papers)", "## 1. The cost curve", "## 2. Extraction throughput",
                     "## 3. End-to-end ingest into SQLite", "## 4. Query latency", "## 5. Neo4j store", "## 6. Cold start of `kg serve`", "## How to reproduce" })
            Assert.Contains(heading, markdown, StringComparison.Ordinal);
        foreach (var query in new[] { "search", "node", "neighbors depth 1", "neighbors depth 2", "path", "celltypes", "trials", "evidence", "evidence shared edge", "mechanisms compare", "paper" })
            Assert.Contains($"| query `{query}` p99 |", markdown, StringComparison.Ordinal);
        Assert.Contains("| query `search` p99 at 250 vs 120 papers |", markdown, StringComparison.Ordinal);
        Assert.Contains("| ratio 250 / 120 (2.08x the papers) |", markdown, StringComparison.Ordinal);
        Assert.Contains("bench --sizes 120,250 --seed 42 --query-runs 15 --cold-starts 1", markdown, StringComparison.Ordinal);

        var json = JsonDocument.Parse(stdout).RootElement;
        var points = json.GetProperty("scale").EnumerateArray().ToList();
        Assert.Equal([120, 250], points.Select(p => p.GetProperty("papers").GetInt32()));
        foreach (var point in points)
        {
            var papers = point.GetProperty("papers").GetInt32();
            var trials = point.GetProperty("trials").GetInt32();
            Assert.Equal(Math.Max(5, papers / 40), trials); // at least five registry records, one per 40 papers
            var ingest = point.GetProperty("ingest");
            Assert.Equal(papers + trials, ingest.GetProperty("files").GetInt32());
            Assert.Equal(papers + trials, ingest.GetProperty("papers").GetInt32());
            Assert.Equal(0, ingest.GetProperty("failed").GetInt32());
            Assert.Equal(papers, ingest.GetProperty("nodes").GetProperty("Paper").GetInt64());
            Assert.Equal(trials, ingest.GetProperty("nodes").GetProperty("Trial").GetInt64());
            Assert.True(ingest.GetProperty("peakWorkingSetBytes").GetInt64() > 0);
            Assert.True(point.GetProperty("databaseBytes").GetInt64() > 0);
            // The second pass over the same files finds every one in the ledger.
            Assert.Equal(papers + trials, point.GetProperty("resumeUnchanged").GetInt32());
            foreach (var q in point.GetProperty("queries").EnumerateArray())
            {
                Assert.Equal(15, q.GetProperty("runs").GetInt32());
                Assert.True(q.GetProperty("p50Ms").GetDouble() <= q.GetProperty("p99Ms").GetDouble());
                Assert.True(q.GetProperty("p99Ms").GetDouble() <= q.GetProperty("maxMs").GetDouble());
            }
            Assert.Single(point.GetProperty("coldStart").GetProperty("runsMs").EnumerateArray());
        }

        // Ledger included: one input at a time costs a record read, three record writes and the papers' write per input;
        // a group costs a read and two writes of its records plus ceil(group / BatchSize) papers' writes; a list, ceil(papers / BatchSize).
        var perInput = json.GetProperty("neo4jPerInput");
        Assert.Equal(250, perInput.GetProperty("papers").GetInt32());
        Assert.Equal(5 * 250, perInput.GetProperty("requests").GetInt32());
        var grouped = json.GetProperty("neo4jGrouped");
        var batchSize = grouped.GetProperty("batchSize").GetInt32();
        var groupSize = grouped.GetProperty("groupSize").GetInt32();
        var expected = Enumerable.Range(0, (250 + groupSize - 1) / groupSize)
            .Sum(g => 3 + (Math.Min(groupSize, 250 - g * groupSize) + batchSize - 1) / batchSize);
        Assert.Equal(expected, grouped.GetProperty("requests").GetInt32());
        var batched = json.GetProperty("neo4jBatched");
        Assert.Equal((250 + batchSize - 1) / batchSize, batched.GetProperty("requests").GetInt32());
        Assert.True(batched.GetProperty("requestBytes").GetInt64() > 0);
    }

    [Fact]
    public async Task Bench_refuses_sizes_that_are_not_a_list_of_positive_numbers()
    {
        var (code, _, stderr) = await KgProcess.RunAsync("bench", "--sizes", "20000,abc", "--out", Path.Combine(_dir, "x.md"));
        Assert.NotEqual(0, code);
        Assert.Contains("--sizes", stderr, StringComparison.Ordinal);
    }
}
