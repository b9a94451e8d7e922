namespace KnowledgeGraph.Cli.Bench;

/// <summary>Everything one <c>kg bench</c> run measured, with the machine it ran on; serialised for --json.</summary>
public sealed record BenchResults(
    BenchMachine Machine,
    BenchSettings Settings,
    ExtractionFigures Extraction,
    IngestFigures Ingest,
    IReadOnlyList<QueryFigures> Queries,
    Neo4jFigures Neo4jPerInput,
    Neo4jFigures Neo4jBatched,
    ColdStartFigures ColdStart,
    double TotalSeconds);

public sealed record BenchMachine(string Os, string Cpu, int Cores, long MemoryBytes, string Runtime, string Configuration, DateTimeOffset StartedUtc, double LoadAverage);

public sealed record BenchSettings(int Papers, int Trials, int Seed, int QueryRuns, int ColdStartRuns);

/// <param name="TextBytes">UTF-8 bytes of abstract text per pass.</param>
public sealed record ExtractionFigures(
    long TextBytes, int Documents,
    double MatcherMBps, double NaiveMBps, double FullExtractionMBps,
    int MatcherPhrases, int NaivePhrases)
{
    public double Ratio => NaiveMBps > 0 ? MatcherMBps / NaiveMBps : 0;

    public double FullRatio => NaiveMBps > 0 ? FullExtractionMBps / NaiveMBps : 0;
}

public sealed record IngestFigures(
    int Files, int Papers, int Failed, long CorpusBytes, double Seconds, long PeakWorkingSetBytes, long PeakGcHeapBytes,
    IReadOnlyDictionary<string, long> Nodes, IReadOnlyDictionary<string, long> Relationships)
{
    public double PapersPerSecond => Seconds > 0 ? Papers / Seconds : 0;
}

public sealed record QueryFigures(string Name, string Example, int Runs, double P50Ms, double P99Ms, double MaxMs, double MeanMs);

public sealed record Neo4jFigures(int Papers, int BatchSize, int Requests, long RequestBytes, long ResponseBytes)
{
    public double RequestsPerPaper => Papers > 0 ? (double)Requests / Papers : 0;

    public double BytesPerPaper => Papers > 0 ? (double)RequestBytes / Papers : 0;
}

public sealed record ColdStartFigures(IReadOnlyList<double> RunsMs)
{
    public double MedianMs => Percentile.Of([.. RunsMs], 50);
}

/// <summary>Targets from issue 9 (this machine, 2 cores).</summary>
public static class BenchTargets
{
    public const double MatcherMBps = 50;
    public const double Ratio = 20;
    public const double IngestSeconds = 60;
    public const long IngestBytes = 500L * 1024 * 1024;
    public const double QueryP99Ms = 20;
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
