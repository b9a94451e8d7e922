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
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Cli.Commands;

/// <summary>
/// <c>kg bench [--sizes 20000,200000,1000000 | --papers N] [--seed 42] [--query-runs 2000] [--cold-starts 5] [--out bench/RESULTS.md] [--json]</c>:
/// measures extraction throughput (against the naive baseline) once, then for each corpus size the cost curve:
/// end-to-end ingest of a synthetic corpus into SQLite (time, papers/s, peak working set, database bytes per paper),
/// a re-run over the same files (answered from the ledger, as a resumed run is), every named query's latency and
/// <c>kg serve</c> cold start; then Neo4j requests per paper. Writes a Markdown report. Everything lives in a temporary
/// folder that is removed afterwards (each size's corpus and database as soon as it is measured); no network is used.
/// </summary>
public static class BenchCommand
{
    /// <summary>The cost curve's sizes when neither --sizes nor --papers is given.</summary>
    public static readonly int[] DefaultSizes = [20_000, 200_000, 1_000_000];

    public static Command Create()
    {
        var papers = new Option<int?>("--papers") { Description = "One corpus size (synthetic abstracts) instead of the cost curve's sizes" };
        var sizes = new Option<string>("--sizes") { Description = "Corpus sizes of the cost curve, comma-separated", DefaultValueFactory = _ => string.Join(',', DefaultSizes) };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic corpus and of query parameters", DefaultValueFactory = _ => 42 };
        var queryRuns = new Option<int>("--query-runs") { Description = "Runs per named query", DefaultValueFactory = _ => 2_000 };
        var coldStarts = new Option<int>("--cold-starts") { Description = "kg serve processes to time", DefaultValueFactory = _ => 5 };
        var output = new Option<string>("--out") { Description = "Markdown report file", DefaultValueFactory = _ => Path.Combine("bench", "RESULTS.md") };
        foreach (var o in new[] { queryRuns, coldStarts })
            o.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<int>() < 1) r.AddError($"{o.Name} must be at least 1.");
            });
        papers.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1 or > 10_000_000) r.AddError("--papers must be 1 to 10,000,000.");
        });
        sizes.Validators.Add(r =>
        {
            if (ParseSizes(r.GetValueOrDefault<string>()) is null) r.AddError("--sizes must be comma-separated numbers from 1 to 10,000,000.");
        });
        var command = new Command("bench", "Measure extraction, the ingest/query cost curve over corpus sizes, Neo4j requests and cold start on a synthetic corpus; write bench/RESULTS.md")
        {
            papers, sizes, seed, queryRuns, coldStarts, output, KgCli.Json,
        };
        command.Subcommands.Add(Corpus(seed));
        command.Subcommands.Add(QueryBench.Command(seed));
        command.Subcommands.Add(IngestWorker());
        command.Subcommands.Add(ExtractionWorker(papers, seed));
        command.SetAction(async (parse, ct) =>
        {
            int[] chosen = parse.GetValue(papers) is { } one ? [one] : ParseSizes(parse.GetValue(sizes))!;
            var sizeArgument = chosen.Length == 1 ? $"--papers {chosen[0]}" : $"--sizes {string.Join(',', chosen)}";
            var reproduce = $"bench {sizeArgument} --seed {parse.GetValue(seed)} --query-runs {parse.GetValue(queryRuns)} --cold-starts {parse.GetValue(coldStarts)}";
            var file = Path.GetFullPath(parse.GetValue(output)!);
            if (Path.GetDirectoryName(file) is { } dir) Directory.CreateDirectory(dir);
            // The report is rewritten after every size: a long run stopped early still leaves what it measured.
            var results = await RunAsync(chosen, parse.GetValue(seed), parse.GetValue(queryRuns), parse.GetValue(coldStarts), ct,
                async partial =>
                {
                    await File.WriteAllTextAsync(file, BenchMarkdown.Write(partial, reproduce), ct);
                    Stage($"wrote {file} ({partial.Scale.Count} of {chosen.Length} sizes)");
                });
            await File.WriteAllTextAsync(file, BenchMarkdown.Write(results, reproduce), ct);
            Stage($"wrote {file}");
            if (parse.GetValue(KgCli.Json)) Console.WriteLine(CliJson.Serialize(results));
            else Console.Write(BenchMarkdown.Write(results, reproduce));
            return 0;
        });
        return command;
    }

    /// <summary>Distinct sizes, smallest first; null when the text is not a list of sizes.</summary>
    internal static int[]? ParseSizes(string? text)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var sizes = new List<int>();
        foreach (var p in parts)
        {
            if (!int.TryParse(p, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) || n is < 1 or > 10_000_000)
                return null;
            sizes.Add(n);
        }
        return sizes.Count == 0 ? null : [.. sizes.Distinct().Order()];
    }

    /// <summary><c>kg bench corpus FOLDER --papers N</c>: writes the synthetic corpus the benchmark ingests, to ingest
    /// (or kill and resume) with <c>kg ingest FOLDER</c> yourself.</summary>
    private static Command Corpus(Option<int> seed)
    {
        var folder = new Argument<string>("folder") { Description = "Folder to write (created; papers go in sub-folders of 1,000)" };
        var count = new Option<int>("--papers") { Description = "Synthetic abstracts to write", DefaultValueFactory = _ => DefaultSizes[0] };
        count.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 10_000_000) r.AddError("--papers must be 1 to 10,000,000.");
        });
        var command = new Command("corpus", "Write the synthetic corpus (abstracts and registry records, one JSON file each) to a folder") { folder, count, seed };
        command.SetAction((parse, ct) =>
        {
            var papers = parse.GetValue(count);
            var bytes = new SyntheticCorpus(ConceptVocabulary.Default, parse.GetValue(seed)).WriteTo(parse.GetValue(folder)!, papers, ct);
            Console.WriteLine($"wrote {papers + SyntheticCorpus.TrialCountFor(papers):N0} files ({bytes / 1e6:0.0} MB) to {Path.GetFullPath(parse.GetValue(folder)!)}");
            return Task.FromResult(0);
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
    private static Command ExtractionWorker(Option<int?> papers, Option<int> seed)
    {
        var command = new Command("extraction-worker", "Used by kg bench: measure extraction throughput and print it as JSON") { papers, seed };
        command.Hidden = true;
        command.SetAction((parse, ct) =>
        {
            var vocabulary = ConceptVocabulary.Default;
            var corpusPapers = parse.GetValue(papers) ?? DefaultSizes[0];
            var figures = ExtractionBench.Run(new SyntheticCorpus(vocabulary, parse.GetValue(seed)), new ConceptExtractor(vocabulary),
                Math.Min(corpusPapers, 1_000), corpusPapers, ct);
            Console.WriteLine(JsonSerializer.Serialize(figures, JsonSerializerOptions.Web));
            return Task.FromResult(0);
        });
        return command;
    }

    /// <param name="measured">Called with the results so far after each size (the sizes not yet measured absent).</param>
    public static async Task<BenchResults> RunAsync(IReadOnlyList<int> sizes, int seed, int queryRuns, int coldStarts, CancellationToken ct,
        Func<BenchResults, Task>? measured = null)
    {
        var started = DateTimeOffset.UtcNow;
        var total = Stopwatch.StartNew();
        var machine = BenchMachineInfo.Read(started);
        var vocabulary = ConceptVocabulary.Default;
        var corpus = new SyntheticCorpus(vocabulary, seed);
        var work = Directory.CreateTempSubdirectory("kg-bench-").FullName;
        try
        {
            Stage($"machine: {machine.Cores} cores, {machine.Runtime}, load {machine.LoadAverage:0.00}; work folder {work}");
            var steps = sizes.Count + 2;

            Stage($"1/{steps} extraction throughput (single thread)");
            var extraction = await ExtractionBench.RunChildAsync(sizes[^1], seed, ct);
            Stage($"    matcher {extraction.MatcherMBps:0.0} MB/s, naive {extraction.NaiveMBps:0.00} MB/s ({extraction.Ratio:0.0}x), full {extraction.FullExtractionMBps:0.0} MB/s");

            var neo4jPapers = Math.Min(sizes[^1], 1_000);
            Stage($"2/{steps} Neo4j requests and bytes per paper ({neo4jPapers:N0} papers, recorded offline)");
            var neo4j = await Neo4jBench.RunAsync(corpus, neo4jPapers, sizes[^1], ct);

            var scale = new List<ScalePoint>();
            int groupSize;
            await using (var defaults = CliServices.Build(new Dictionary<string, string?>()))
                groupSize = defaults.GetRequiredService<IOptions<KnowledgeGraphOptions>>().Value.Ingestion.GroupSize;
            BenchResults Results() => new(machine, new BenchSettings(sizes, seed, queryRuns, coldStarts, groupSize),
                extraction, [.. scale], neo4j.PerInput, neo4j.Grouped, neo4j.Batched, total.Elapsed.TotalSeconds);
            for (var s = 0; s < sizes.Count; s++)
            {
                scale.Add(await MeasureSizeAsync(corpus, vocabulary, sizes[s], work, seed, queryRuns, coldStarts, $"{s + 3}/{steps}", ct));
                if (measured is not null && s < sizes.Count - 1) await measured(Results());
            }
            return Results();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>One point of the cost curve: write the corpus, ingest it (child process), ingest it again (all answered
    /// from the ledger), query it, cold-start on it; its corpus and database are deleted afterwards.</summary>
    private static async Task<ScalePoint> MeasureSizeAsync(SyntheticCorpus corpus, ConceptVocabulary vocabulary, int papers, string work, int seed,
        int queryRuns, int coldStarts, string step, CancellationToken ct)
    {
        var load = BenchMachineInfo.LoadAverage();
        var folder = Path.Combine(work, $"corpus-{papers}");
        var db = Path.Combine(work, $"graph-{papers}.db");
        var trials = SyntheticCorpus.TrialCountFor(papers);
        Stage($"{step} {papers:N0} papers (load {load:0.00}): writing {papers:N0} abstracts + {trials:N0} registry records to {folder}");
        var corpusBytes = corpus.WriteTo(folder, papers, ct);
        Stage("    ingesting them in a child process (kg bench ingest-worker)");
        var worker = await IngestBench.RunChildAsync(folder, db, papers, ct);
        if (worker.Failed > 0) throw new CliException($"{worker.Failed} synthetic inputs failed to ingest, e.g.: {worker.FirstFailure}");
        Stage($"    {worker.Papers:N0} papers in {worker.Seconds:0.0} s ({worker.Papers / Math.Max(worker.Seconds, 1e-9):N0}/s; {worker.CpuSeconds:0} CPU s, load {worker.LoadAverage:0.0}), peak working set {worker.PeakWorkingSetBytes / 1048576.0:0} MiB, {worker.DatabaseBytes / (double)Math.Max(1, worker.Papers):N0} database bytes per paper; " +
              $"writer held its lock {worker.WriterGraphSeconds + worker.WriterLedgerSeconds:0} s, {worker.WriterGraphCpuSeconds:0} CPU s");
        Stage("    the same files again (every one answered from the ledger, as a resumed run)");
        var resume = await IngestBench.RunChildAsync(folder, db, papers, ct);
        Stage($"    {resume.Unchanged:N0} unchanged in {resume.Seconds:0.0} s");
        Directory.Delete(folder, recursive: true);

        IngestFigures ingest;
        IReadOnlyList<QueryFigures> queries;
        await using (var services = CliServices.Build(new Dictionary<string, string?> { ["KG:Store"] = nameof(StoreKind.Sqlite), ["KG:Sqlite:Path"] = db }))
        {
            var store = CliServices.Store(services);
            var counts = await store.GetCountsAsync(ct);
            ingest = new IngestFigures(worker.Files, worker.Papers, worker.Failed, corpusBytes, worker.Seconds, worker.CpuSeconds, worker.LoadAverage,
                worker.PeakWorkingSetBytes, worker.PeakGcHeapBytes, counts.Nodes, counts.Relationships)
            {
                WriterSeconds = worker.WriterGraphSeconds + worker.WriterLedgerSeconds,
                WriterCpuSeconds = worker.WriterGraphCpuSeconds,
            };
            Stage($"    query latency ({queryRuns:N0} runs each)");
            queries = await QueryBench.RunAsync(store, vocabulary, papers, queryRuns, seed, Stage, ct);
        }
        Stage($"    kg serve cold start ({coldStarts} runs)");
        var coldStart = await ColdStartBench.RunAsync(db, coldStarts, ct);
        Stage($"    median {coldStart.MedianMs:0} ms");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var f in new[] { db, db + "-wal", db + "-shm" }) File.Delete(f);
        return new ScalePoint(papers, trials, ingest, worker.DatabaseBytes, resume.Seconds, resume.Unchanged, queries, coldStart, load);
    }

    /// <summary>Progress on standard error, so --json output on standard output stays parseable.</summary>
    private static void Stage(string message) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");
}
