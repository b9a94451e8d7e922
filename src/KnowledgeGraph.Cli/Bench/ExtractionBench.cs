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
/// (tiered JIT promotes the hot methods in the background; one pass measured mostly tier-0 code, 5x too slow) and at least
/// <see cref="WarmUpSeconds"/> have passed, then whole passes until at least <see cref="MinSeconds"/> have elapsed. The
/// full extractor also gets a steady figure that a busy machine hardly moves (<see cref="ExtractionFigures.FullExtractionThreadCpuMBps"/>).
/// </summary>
internal static class ExtractionBench
{
    private const double MinSeconds = 1.0;
    // At least 3 s: with warm-up ending at the first pass no faster than the one before (after 1 s), the tiered JIT's
    // background thread was seen still compiling hot methods for several seconds on a loaded machine.
    private const double WarmUpSeconds = 3.0;
    private const double MaxWarmUpSeconds = 10.0;

    // The chunk-minimum figure: chunks of this many documents, rounds for at least ChunkMinSeconds and until the figure
    // improved by less than ChunkSettled over the last ChunkSettleSeconds, at most ChunkMaxSeconds.
    private const int ChunkDocuments = 25;
    private const double ChunkMinSeconds = 4.0;
    private const double ChunkSettleSeconds = 2.0;
    private const double ChunkSettled = 0.005;
    private const double ChunkMaxSeconds = 20.0;

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
            FullExtractionThreadCpuMBps = ChunkMinimumMBps(papers, bytes, extractor, ct),
        };
    }

    /// <summary>
    /// Megabytes per second of the measuring thread's processor time, from the sum over chunks of <see cref="ChunkDocuments"/>
    /// documents of each chunk's least time over many rounds. A chunk takes about a millisecond, so some of its rounds run
    /// with warm caches and no preemption; on the shared 2-core machine this figure repeated within about ±1.5% between
    /// runs of one build where whole-pass figures varied by 2-3x. It keeps improving while the tiered JIT still promotes
    /// methods, so rounds go on until it has settled (bounded in time). 0 where thread time cannot be read (not Linux).
    /// </summary>
    private static double ChunkMinimumMBps(List<PaperDocument> papers, long bytes, ConceptExtractor extractor, CancellationToken ct)
    {
        if (ThreadCpuTime.Nanoseconds() < 0 || papers.Count == 0) return 0;
        var mins = Enumerable.Repeat(long.MaxValue, (papers.Count + ChunkDocuments - 1) / ChunkDocuments).ToArray();
        var watch = Stopwatch.StartNew();
        var (mark, markSum) = (0.0, double.MaxValue);
        while (true)
        {
            for (var c = 0; c < mins.Length; c++)
            {
                ct.ThrowIfCancellationRequested();
                var start = ThreadCpuTime.Nanoseconds();
                for (var k = c * ChunkDocuments; k < Math.Min(papers.Count, (c + 1) * ChunkDocuments); k++) _ = extractor.Extract(papers[k], ct);
                mins[c] = Math.Min(mins[c], ThreadCpuTime.Nanoseconds() - start);
            }
            var elapsed = watch.Elapsed.TotalSeconds;
            double sum = mins.Sum();
            if (elapsed - mark >= ChunkSettleSeconds)
            {
                // Settled: less than ChunkSettled better than ChunkSettleSeconds ago.
                if (elapsed >= ChunkMinSeconds && sum >= markSum * (1 - ChunkSettled)) break;
                (mark, markSum) = (elapsed, sum);
            }
            if (elapsed >= ChunkMaxSeconds) break;
        }
        var seconds = mins.Sum() / 1e9;
        return seconds > 0 ? bytes / 1e6 / seconds : 0;
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
