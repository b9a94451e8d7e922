using System.Diagnostics;
using System.Text;
using KnowledgeGraph.Core.Benchmarks;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Extraction;

namespace KnowledgeGraph.Cli.Bench;

/// <summary>
/// Single-thread extraction throughput over the same abstracts: the compiled lexicon matcher, the naive
/// IndexOf-per-synonym baseline, and the full <see cref="ConceptExtractor"/> (sentences, matcher, registry ids,
/// paraphrases, rules, scope, relations). Each figure is warm-up passes until a pass is no faster than the previous one
/// (tiered JIT promotes the hot methods in the background; one pass measured mostly tier-0 code, 5x too slow), then whole
/// passes until at least <see cref="MinSeconds"/> have elapsed.
/// </summary>
internal static class ExtractionBench
{
    private const double MinSeconds = 1.0;
    private const double WarmUpSeconds = 1.0;
    private const double MaxWarmUpSeconds = 8.0;

    /// <summary>
    /// Runs <see cref="Run"/> in a child process (<c>kg bench extraction-worker</c>) that promotes hot methods to
    /// optimised code as soon as they are hot (<c>DOTNET_TC_CallCountingDelayMs=0</c>): by default the runtime waits
    /// for a quiet 100 ms before tiering up, which on a busy machine can take seconds and made the first figures
    /// 3-5x too low. A fresh process also keeps the figure apart from the benchmark's own heap. The child collects
    /// garbage on the measuring thread itself (workstation, non-concurrent GC): the CLI's default server GC runs
    /// collections on a thread per core, so a "one core" figure would borrow the other core, or, on a busy machine,
    /// wait for it.
    /// </summary>
    public static async Task<ExtractionFigures> RunChildAsync(int papers, int seed, CancellationToken ct)
    {
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        return await KgChild.RunForReportAsync<ExtractionFigures>("extraction-worker",
            ["--papers", papers.ToString(ci), "--seed", seed.ToString(ci)],
            new Dictionary<string, string> { ["DOTNET_TC_CallCountingDelayMs"] = "0", ["DOTNET_gcServer"] = "0", ["DOTNET_gcConcurrent"] = "0" },
            TimeSpan.FromMinutes(5), ct);
    }

    public static ExtractionFigures Run(SyntheticCorpus corpus, ConceptExtractor extractor, int documents, int corpusPapers, CancellationToken ct)
    {
        var reader = new DocumentReader();
        var papers = new List<PaperDocument>(documents);
        for (var i = 0; i < documents; i++)
        {
            var d = corpus.Paper(i, corpusPapers);
            papers.AddRange(reader.Read(d.Content, d.Name, ct));
        }
        var texts = papers.SelectMany(p => p.Sections).Select(s => s.Text).Where(t => t.Length > 0).ToArray();
        var bytes = texts.Sum(t => (long)Encoding.UTF8.GetByteCount(t));
        var naive = new NaiveMatcher(extractor.Vocabulary);
        var matcher = extractor.Matcher;
        var sink = new List<LexiconMatch>();

        var (matcherMBps, _) = Throughput(bytes, () =>
        {
            foreach (var t in texts) { sink.Clear(); matcher.Match(t, sink); }
        }, ct);
        var (naiveMBps, _) = Throughput(bytes, () =>
        {
            foreach (var t in texts) _ = naive.Match(t);
        }, ct);
        // The full extractor sees whole documents; its bytes are the same section texts.
        var (fullMBps, fullCpuMBps) = Throughput(bytes, () =>
        {
            foreach (var p in papers) _ = extractor.Extract(p, ct);
        }, ct);
        return new ExtractionFigures(bytes, papers.Count, matcherMBps, naiveMBps, fullMBps, matcher.PhraseCount, naive.PhraseCount)
        {
            FullExtractionCpuMBps = fullCpuMBps,
        };
    }

    /// <returns>Megabytes per second of elapsed time, and per second of the process's processor time over the same passes
    /// (on a busy machine the first counts time the thread waited for a core; the second does not).</returns>
    private static (double Elapsed, double Cpu) Throughput(long bytesPerPass, Action pass, CancellationToken ct)
    {
        // Warm up until a pass is no longer faster than the one before (tier-1 code is in) and at least
        // WarmUpSeconds have passed; at most MaxWarmUpSeconds on a busy machine.
        var warm = Stopwatch.StartNew();
        var previous = double.MaxValue;
        while (true)
        {
            var t = Stopwatch.GetTimestamp();
            pass();
            var took = Stopwatch.GetElapsedTime(t).TotalSeconds;
            var settled = took > previous * 0.95;
            previous = took;
            if ((settled && warm.Elapsed.TotalSeconds >= WarmUpSeconds) || warm.Elapsed.TotalSeconds >= MaxWarmUpSeconds) break;
        }
        var passes = 0;
        var cpu = Environment.CpuUsage.TotalTime;
        var watch = Stopwatch.StartNew();
        do
        {
            ct.ThrowIfCancellationRequested();
            pass();
            passes++;
        }
        while (watch.Elapsed.TotalSeconds < MinSeconds);
        var elapsed = watch.Elapsed.TotalSeconds;
        var cpuSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;
        var megabytes = bytesPerPass * (double)passes / 1_000_000;
        return (megabytes / elapsed, cpuSeconds > 0 ? megabytes / cpuSeconds : 0);
    }
}
