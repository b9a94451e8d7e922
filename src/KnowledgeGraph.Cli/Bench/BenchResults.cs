namespace KnowledgeGraph.Cli.Bench;

/// <summary>Everything one <c>kg bench</c> run measured, with the machine it ran on; serialised for --json.
/// <see cref="Scale"/> holds one point per corpus size, smallest first: the cost curve.</summary>
public sealed record BenchResults(
    BenchMachine Machine,
    BenchSettings Settings,
    ExtractionFigures Extraction,
    IReadOnlyList<ScalePoint> Scale,
    Neo4jFigures Neo4jPerInput,
    Neo4jFigures Neo4jGrouped,
    Neo4jFigures Neo4jBatched,
    double TotalSeconds);

public sealed record BenchMachine(string Os, string Cpu, int Cores, long MemoryBytes, string Runtime, string Configuration, DateTimeOffset StartedUtc, double LoadAverage);

public sealed record BenchSettings(IReadOnlyList<int> Sizes, int Seed, int QueryRuns, int ColdStartRuns, int GroupSize);

/// <summary>One corpus size: its ingest, the database it made, the re-run over the same files (all answered from the
/// ledger, as a resumed run is), query latency and cold start on it; the 1-minute load average when it started.</summary>
public sealed record ScalePoint(
    int Papers, int Trials, IngestFigures Ingest, long DatabaseBytes, double ResumeSeconds, int ResumeUnchanged,
    IReadOnlyList<QueryFigures> Queries, ColdStartFigures ColdStart, double LoadAverage)
{
    public double DatabaseBytesPerPaper => Ingest.Papers > 0 ? (double)DatabaseBytes / Ingest.Papers : 0;

    public QueryFigures? Query(string name) => Queries.FirstOrDefault(q => q.Name == name);
}

/// <param name="TextBytes">UTF-8 bytes of abstract text per pass.</param>
public sealed record ExtractionFigures(
    long TextBytes, int Documents,
    double MatcherMBps, double NaiveMBps, double FullExtractionMBps,
    int MatcherPhrases, int NaivePhrases)
{
    public double Ratio => NaiveMBps > 0 ? MatcherMBps / NaiveMBps : 0;

    public double FullRatio => NaiveMBps > 0 ? FullExtractionMBps / NaiveMBps : 0;

    /// <summary>The full extractor's megabytes per second of processor time (the worker process's, all threads; the
    /// garbage collector runs on the measuring thread): near <see cref="FullExtractionMBps"/> on an idle machine, and the
    /// steadier figure to compare builds by on a busy one. 0 in results recorded before it was measured.</summary>
    public double FullExtractionCpuMBps { get; init; }

    /// <summary>The full extractor's megabytes per second of the measuring thread's processor time, from the least time of
    /// each chunk of 25 documents over many rounds (see <c>ExtractionBench</c>): the figure that repeats within about ±1.5% on
    /// a busy machine, to compare builds by. 0 where thread time cannot be read (not Linux) and in older results.</summary>
    public double FullExtractionThreadCpuMBps { get; init; }
}

/// <param name="CpuSeconds">Processor time of the ingest process, all threads.</param>
/// <param name="LoadAverage">1-minute load average when the ingest ended.</param>
public sealed record IngestFigures(
    int Files, int Papers, int Failed, long CorpusBytes, double Seconds, double CpuSeconds, double LoadAverage, long PeakWorkingSetBytes, long PeakGcHeapBytes,
    IReadOnlyDictionary<string, long> Nodes, IReadOnlyDictionary<string, long> Relationships)
{
    public double PapersPerSecond => Seconds > 0 ? Papers / Seconds : 0;

    /// <summary>Papers per second of processor time: what the ingest does per core-second, whatever else ran.</summary>
    public double PapersPerCpuSecond => CpuSeconds > 0 ? Papers / CpuSeconds : 0;

    /// <summary>Wall time the one SQLite writer held its lock (graph and ledger transactions); 0 in results from before.</summary>
    public double WriterSeconds { get; init; }

    /// <summary>Processor time of the writing thread in graph transactions (Linux): the serial part, which caps papers/s at
    /// <see cref="Papers"/> / this however many cores there are; 0 in results from before.</summary>
    public double WriterCpuSeconds { get; init; }
}

public sealed record QueryFigures(string Name, string Example, int Runs, double P50Ms, double P99Ms, double MaxMs, double MeanMs);

/// <param name="BatchSize">Documents per UpsertDocuments request (KG:Neo4j:BatchSize).</param>
/// <param name="GroupSize">Inputs per ledger group (KG:Ingestion:GroupSize); 1 when inputs go one at a time.</param>
public sealed record Neo4jFigures(int Papers, int BatchSize, int GroupSize, int Requests, long RequestBytes, long ResponseBytes)
{
    public double RequestsPerPaper => Papers > 0 ? (double)Requests / Papers : 0;

    public double BytesPerPaper => Papers > 0 ? (double)RequestBytes / Papers : 0;
}

public sealed record ColdStartFigures(IReadOnlyList<double> RunsMs)
{
    public double MedianMs => Percentile.Of([.. RunsMs], 50);
}

/// <summary>Targets of issues 9 and 18 (this machine, 2 cores), checked at the largest size measured.</summary>
public static class BenchTargets
{
    public const double MatcherMBps = 50;
    public const double Ratio = 20;
    public const double IngestPapersPerSecond = 1000;
    public const long IngestBytes = 1024L * 1024 * 1024;
    public const double QueryP99Ms = 20;
    public const double SearchGrowth = 2;
    public const double ColdStartMs = 1500;
}

public static class Percentile
{
    /// <summary>Nearest-rank percentile of unsorted samples.</summary>
    public static double Of(double[] samples, double p)
    {
        if (samples.Length == 0) return 0;
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
