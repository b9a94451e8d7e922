using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using KnowledgeGraph.Cli.Bench;
using KnowledgeGraph.Core.Benchmarks;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Extraction;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Ingestion;
using KnowledgeGraph.Core.Vocabulary;
using KnowledgeGraph.Core.Configuration;

namespace KnowledgeGraph.Cli.Commands;

/// <summary>
/// <c>kg bench [--papers 20000] [--seed 42] [--query-runs 2000] [--cold-starts 5] [--out bench/RESULTS.md] [--json]</c>:
/// measures extraction throughput (against the naive baseline), end-to-end ingest of a synthetic corpus into
/// SQLite, query latency, Neo4j requests per paper and <c>kg serve</c> cold start in one run, and writes a
/// Markdown report. Everything lives in a temporary folder that is removed afterwards; no network is used.
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var papers = new Option<int>("--papers") { Description = "Synthetic abstracts to ingest", DefaultValueFactory = _ => 20_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic corpus and of query parameters", DefaultValueFactory = _ => 42 };
        var queryRuns = new Option<int>("--query-runs") { Description = "Runs per named query", DefaultValueFactory = _ => 2_000 };
        var coldStarts = new Option<int>("--cold-starts") { Description = "kg serve processes to time", DefaultValueFactory = _ => 5 };
        var output = new Option<string>("--out") { Description = "Markdown report file", DefaultValueFactory = _ => Path.Combine("bench", "RESULTS.md") };
        foreach (var o in new[] { papers, queryRuns, coldStarts })
            o.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<int>() < 1) r.AddError($"{o.Name} must be at least 1.");
            });
        var command = new Command("bench", "Measure extraction, ingest, query, Neo4j and cold-start performance on a synthetic corpus; write bench/RESULTS.md")
        {
            papers, seed, queryRuns, coldStarts, output, KgCli.Json,
        };
        command.Subcommands.Add(IngestWorker());
        command.Subcommands.Add(ExtractionWorker(papers, seed));
        command.SetAction(async (parse, ct) =>
        {
            var results = await RunAsync(parse.GetValue(papers), parse.GetValue(seed), parse.GetValue(queryRuns), parse.GetValue(coldStarts), ct);
            var reproduce = $"bench --papers {results.Settings.Papers} --seed {results.Settings.Seed} --query-runs {results.Settings.QueryRuns} --cold-starts {results.Settings.ColdStartRuns}";
            var file = Path.GetFullPath(parse.GetValue(output)!);
            if (Path.GetDirectoryName(file) is { } dir) Directory.CreateDirectory(dir);
            await File.WriteAllTextAsync(file, BenchMarkdown.Write(results, reproduce), ct);
            Stage($"wrote {file}");
            if (parse.GetValue(KgCli.Json)) Console.WriteLine(CliJson.Serialize(results));
            else Console.Write(BenchMarkdown.Write(results, reproduce));
            return 0;
        });
        return command;
    }

    /// <summary>The child process of the ingest figure (not for users): ingests a folder, prints its measurements as JSON.</summary>
    private static Command IngestWorker()
    {
        var folder = new Argument<string>("folder");
        var command = new Command("ingest-worker", "Used by kg bench: ingest FOLDER and print time and peak memory as JSON") { folder };
        command.Hidden = true;
        command.SetAction(async (parse, ct) =>
        {
            await using var services = CliServices.Create(parse);
            var report = await IngestBench.RunWorkerAsync(services, parse.GetValue(folder)!, ct);
            Console.WriteLine(JsonSerializer.Serialize(report, JsonSerializerOptions.Web));
            return 0;
        });
        return command;
    }

    /// <summary>The child process of the extraction figures (not for users): prints them as JSON.</summary>
    private static Command ExtractionWorker(Option<int> papers, Option<int> seed)
    {
        var command = new Command("extraction-worker", "Used by kg bench: measure extraction throughput and print it as JSON") { papers, seed };
        command.Hidden = true;
        command.SetAction((parse, ct) =>
        {
            var vocabulary = ConceptVocabulary.Default;
            var corpusPapers = parse.GetValue(papers);
            var figures = ExtractionBench.Run(new SyntheticCorpus(vocabulary, parse.GetValue(seed)), new ConceptExtractor(vocabulary),
                Math.Min(corpusPapers, 1_000), corpusPapers, ct);
            Console.WriteLine(JsonSerializer.Serialize(figures, JsonSerializerOptions.Web));
            return Task.FromResult(0);
        });
        return command;
    }

    public static async Task<BenchResults> RunAsync(int papers, int seed, int queryRuns, int coldStarts, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var total = Stopwatch.StartNew();
        var machine = BenchMachineInfo.Read(started);
        var vocabulary = ConceptVocabulary.Default;
        var corpus = new SyntheticCorpus(vocabulary, seed);
        var extractor = new ConceptExtractor(vocabulary);
        var work = Directory.CreateTempSubdirectory("kg-bench-").FullName;
        try
        {
            Stage($"machine: {machine.Cores} cores, {machine.Runtime}, load {machine.LoadAverage:0.00}; work folder {work}");

            Stage("1/5 extraction throughput (single thread)");
            var extraction = await ExtractionBench.RunChildAsync(papers, seed, ct);
            Stage($"    matcher {extraction.MatcherMBps:0.0} MB/s, naive {extraction.NaiveMBps:0.00} MB/s ({extraction.Ratio:0.0}x), full {extraction.FullExtractionMBps:0.0} MB/s");

            var folder = Path.Combine(work, "corpus");
            var db = Path.Combine(work, "graph.db");
            Stage($"2/5 writing {papers:N0} abstracts + {SyntheticCorpus.TrialCountFor(papers):N0} registry records to {folder}");
            var corpusBytes = corpus.WriteTo(folder, papers, ct);
            Stage("    ingesting them in a child process (kg bench ingest-worker)");
            var worker = await IngestBench.RunChildAsync(folder, db, ct);
            if (worker.Failed > 0) throw new CliException($"{worker.Failed} synthetic inputs failed to ingest, e.g.: {worker.FirstFailure}");
            Stage($"    {worker.Papers:N0} papers in {worker.Seconds:0.0} s, peak working set {worker.PeakWorkingSetBytes / 1048576.0:0} MiB");
            Directory.Delete(folder, recursive: true);

            IngestFigures ingest;
            IReadOnlyList<QueryFigures> queries;
            await using (var services = CliServices.Build(new Dictionary<string, string?> { ["KG:Store"] = nameof(StoreKind.Sqlite), ["KG:Sqlite:Path"] = db }))
            {
                var store = CliServices.Store(services);
                var counts = await store.GetCountsAsync(ct);
                ingest = new IngestFigures(worker.Files, worker.Papers, worker.Failed, corpusBytes, worker.Seconds,
                    worker.PeakWorkingSetBytes, worker.PeakGcHeapBytes, counts.Nodes, counts.Relationships);
                Stage($"3/5 query latency ({queryRuns:N0} runs each)");
                queries = await QueryBench.RunAsync(store, vocabulary, queryRuns, seed, Stage, ct);
            }

            var neo4jPapers = Math.Min(papers, 1_000);
            Stage($"4/5 Neo4j requests and bytes per paper ({neo4jPapers:N0} papers, recorded offline)");
            var neo4j = await Neo4jBench.RunAsync(corpus, neo4jPapers, papers, ct);

            Stage($"5/5 kg serve cold start ({coldStarts} runs)");
            var coldStart = await ColdStartBench.RunAsync(db, coldStarts, ct);
            Stage($"    median {coldStart.MedianMs:0} ms");

            return new BenchResults(machine, new BenchSettings(papers, SyntheticCorpus.TrialCountFor(papers), seed, queryRuns, coldStarts),
                extraction, ingest, queries, neo4j.PerInput, neo4j.Batched, coldStart, total.Elapsed.TotalSeconds);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Progress on standard error, so --json output on standard output stays parseable.</summary>
    private static void Stage(string message) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");
}
