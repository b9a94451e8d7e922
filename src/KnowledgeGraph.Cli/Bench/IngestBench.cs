using System.Diagnostics;
using KnowledgeGraph.Cli.Commands;
using KnowledgeGraph.Core.Ingestion;
using KnowledgeGraph.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeGraph.Cli.Bench;

/// <summary>What the ingest worker process reports on its last line of standard output.</summary>
/// <param name="CpuSeconds">Processor time the worker used (user and system, all threads): on a shared machine the
/// load-independent measure of the work, where wall time also counts waiting for other processes' turns.</param>
/// <param name="LoadAverage">The 1-minute load average when the ingest ended.</param>
/// <param name="WriterGraphSeconds">Wall time the SQLite writer held its lock for graph transactions (nothing else writes meanwhile).</param>
/// <param name="WriterLedgerSeconds">The same for ledger transactions.</param>
/// <param name="WriterGraphCpuSeconds">Processor time of the writing thread in graph transactions (Linux): the serial part of
/// the work, which bounds papers/s however many cores there are.</param>
/// <param name="BackgroundCheckpoints">Checkpoints the store ran off the writer's thread, and their wall time.</param>
/// <param name="WalRestarts">Times the writer found the log past its limit and folded it in itself (a RESTART checkpoint).</param>
/// <param name="GcPauseSeconds">Time the runtime held managed threads paused for garbage collections during the ingest, and
/// <paramref name="GcCollections"/> how many (all generations): the writer thread stops too whenever it comes back from
/// SQLite's native code during a pause, so this is part of its lock time that its processor time does not show.</param>
/// <param name="AllocatedBytes">Managed bytes the process allocated during the ingest (all threads): what drives the number
/// of collections, and so <paramref name="GcPauseSeconds"/>.</param>
/// <param name="Writer">The writer's page cache, commits and log truncations over the whole ingest.</param>
/// <param name="Progress">The same counters, cumulative, at each progress line: what grows with the database's size.</param>
public sealed record IngestWorkerReport(int Files, int Papers, int Added, int Unchanged, int Failed, double Seconds, double CpuSeconds, double LoadAverage,
    long PeakWorkingSetBytes, long PeakGcHeapBytes, long DatabaseBytes, string? FirstFailure,
    double WriterGraphSeconds = 0, double WriterLedgerSeconds = 0, long GraphTransactions = 0, long LedgerTransactions = 0,
    double WriterGraphCpuSeconds = 0, long BackgroundCheckpoints = 0, double BackgroundCheckpointSeconds = 0, long WalRestarts = 0,
    double GcPauseSeconds = 0, int GcCollections = 0, long AllocatedBytes = 0,
    WriterSample? Writer = null, IReadOnlyList<WriterSample>? Progress = null);

/// <summary>The SQLite writer's counters at one moment of an ingest, cumulative from its start.</summary>
/// <param name="Papers">Papers ingested so far.</param>
/// <param name="Seconds">Wall time since the ingest started.</param>
/// <param name="GraphSeconds">Wall time the writer held its lock for graph transactions.</param>
/// <param name="GraphCpuSeconds">Processor time of the writing thread in them.</param>
/// <param name="CommitSeconds">The part of <paramref name="GraphSeconds"/> spent committing (writing dirty pages to the log).</param>
/// <param name="CacheHits">Pages the writer connection found in its page cache (SQLITE_DBSTATUS_CACHE_HIT).</param>
/// <param name="CacheMisses">Pages it read from the file (SQLITE_DBSTATUS_CACHE_MISS).</param>
/// <param name="CacheWrites">Pages it wrote to the log (SQLITE_DBSTATUS_CACHE_WRITE).</param>
/// <param name="WalBytes">Size of the write-ahead log file at that moment.</param>
/// <param name="Checkpoints">Background checkpoints so far, and <paramref name="CheckpointSeconds"/> their wall time.</param>
/// <param name="WalRestarts">Times the writer folded the log in itself, and <paramref name="WalRestartSeconds"/> the
/// wall time it spent doing so (under its lock).</param>
/// <param name="WorkingSetBytes">The process's working set at that moment.</param>
public sealed record WriterSample(int Papers, double Seconds, double GraphSeconds, double GraphCpuSeconds, double CommitSeconds,
    long CacheHits, long CacheMisses, long CacheWrites, long WalBytes, long Checkpoints, double CheckpointSeconds,
    long WalRestarts, double WalRestartSeconds, long WorkingSetBytes)
{
    public static WriterSample Take(KnowledgeGraph.Sqlite.SqliteGraphStore store, int papers, double seconds)
    {
        var (w, checkpoints) = (store.Writer, store.BackgroundCheckpoints);
        return new WriterSample(papers, seconds, w.GraphSeconds, w.GraphCpuSeconds, w.CommitSeconds, w.CacheHits, w.CacheMisses,
            w.CacheWrites, store.WalBytes, checkpoints.Count, checkpoints.Seconds, store.WalRestarts, store.WalRestartSeconds,
            Environment.WorkingSet);
    }

    /// <summary>The writer's figures per paper between <paramref name="before"/> and this sample, for a progress line.</summary>
    public string Since(WriterSample before)
    {
        var papers = Math.Max(1, Papers - before.Papers);
        var ms = 1000.0 / papers;
        return $"interval {(Papers - before.Papers) / Math.Max(1e-9, Seconds - before.Seconds):N0} papers/s; writer per paper " +
               $"{(GraphCpuSeconds - before.GraphCpuSeconds) * ms:N3} ms CPU, {(GraphSeconds - before.GraphSeconds) * ms:N3} ms wall " +
               $"(commit {(CommitSeconds - before.CommitSeconds) * ms:N3}), cache {(CacheMisses - before.CacheMisses) / (double)papers:N1} misses " +
               $"{(CacheWrites - before.CacheWrites) / (double)papers:N1} writes {(CacheHits - before.CacheHits) / (double)papers:N0} hits; " +
               $"WAL {WalBytes / 1048576:N0} MiB, checkpoints {Checkpoints - before.Checkpoints} ({CheckpointSeconds - before.CheckpointSeconds:N1} s), " +
               $"restarts {WalRestarts - before.WalRestarts} ({WalRestartSeconds - before.WalRestartSeconds:N1} s)";
    }
}

/// <summary>
/// End-to-end ingest of a corpus folder into a SQLite file. Runs in a child process (<c>kg bench ingest-worker</c>)
/// so that its peak working set is the ingest's own and not the benchmark's, and through
/// <see cref="FileIngestion.IngestFilesAsync"/> (the ledger included, in groups of <c>KG:Ingestion:GroupSize</c>) with the
/// configured parallelism and size limit, as <c>kg ingest</c> does. Results are counted, not kept, so memory does not
/// grow with the corpus; progress goes to standard error every few seconds.
/// </summary>
internal static class IngestBench
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(15);

    public static async Task<IngestWorkerReport> RunChildAsync(string folder, string db, int papers, CancellationToken ct)
    {
        // Bounded: a hung child must not hang the benchmark (ten minutes plus one per 5,000 papers: 5x slower than the target rate).
        return await KgChild.RunForReportAsync<IngestWorkerReport>("ingest-worker", [folder, "--db", db],
            new Dictionary<string, string>(), TimeSpan.FromMinutes(10 + papers / 5_000), ct);
    }

    /// <summary>The worker side: ingest the folder, sampling the managed heap every 10 ms for its peak.</summary>
    public static async Task<IngestWorkerReport> RunWorkerAsync(IServiceProvider services, string folder, CancellationToken ct)
    {
        var ingestion = services.GetRequiredService<FileIngestion>();
        long peakHeap = 0;
        using var sampler = new Timer(_ =>
        {
            var now = GC.GetTotalMemory(forceFullCollection: false);
            if (now > Interlocked.Read(ref peakHeap)) Interlocked.Exchange(ref peakHeap, now);
        }, null, TimeSpan.Zero, TimeSpan.FromMilliseconds(10));
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        var (pauseAtStart, collectionsAtStart, allocatedAtStart) = (GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.GetTotalAllocatedBytes());
        var watch = Stopwatch.StartNew();
        // Counted by a walk that keeps no name, then ingested from a second, lazy walk: the list of a million paths was a
        // fifth of the ingest's peak working set.
        var total = (int)FileIngestion.CountFiles([folder]);
        var tally = new IngestTally(); // the counts kg ingest reports, kept the same way
        var sqlite = Sqlite(services);
        var samples = new List<WriterSample>(); // one per progress line: about 70 at a million papers
        var last = sqlite is null ? null : WriterSample.Take(sqlite, 0, 0);
        using var progress = new Timer(_ =>
        {
            var (files, papers) = tally.Progress();
            var seconds = watch.Elapsed.TotalSeconds;
            var line = $"[{DateTime.UtcNow:HH:mm:ss}]     {files:N0}/{total:N0} files, {papers / seconds:N0} papers/s, " +
                       $"working set {Environment.WorkingSet / 1048576:N0} MiB";
            if (sqlite is not null)
            {
                var sample = WriterSample.Take(sqlite, papers, seconds);
                lock (samples)
                {
                    line += "; " + sample.Since(last!);
                    samples.Add(last = sample);
                }
            }
            Console.Error.WriteLine(line);
        }, null, ProgressEvery, ProgressEvery);
        await ingestion.IngestFilesAsync(FileIngestion.ExpandPaths([folder]), tally.Add, ct);
        await progress.DisposeAsync();
        var seconds = watch.Elapsed.TotalSeconds;
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var cpu = (self.TotalProcessorTime - cpuAtStart).TotalSeconds;
        var load = BenchMachineInfo.LoadAverage();
        var heap = Math.Max(Interlocked.Read(ref peakHeap), GC.GetTotalMemory(false));
        var summary = tally.Summary();
        var final = sqlite is null ? null : WriterSample.Take(sqlite, summary.Papers, seconds); // before the log is folded in below
        var writer = sqlite?.Writer;
        var checkpoints = sqlite?.BackgroundCheckpoints ?? (0, 0);
        return new IngestWorkerReport(total, summary.Papers, summary.Added, summary.Unchanged, summary.Failed, seconds, cpu, load,
            self.PeakWorkingSet64, heap, await DatabaseBytesAsync(services, ct), summary.Failures.Count > 0 ? summary.Failures[0].Reason : null,
            writer?.GraphSeconds ?? 0, writer?.LedgerSeconds ?? 0, writer?.GraphTransactions ?? 0, writer?.LedgerTransactions ?? 0,
            writer?.GraphCpuSeconds ?? 0, checkpoints.Count, checkpoints.Seconds, sqlite?.WalRestarts ?? 0,
            (GC.GetTotalPauseDuration() - pauseAtStart).TotalSeconds, GC.CollectionCount(0) - collectionsAtStart,
            GC.GetTotalAllocatedBytes() - allocatedAtStart,
            final, sqlite is null ? null : samples.ToArray());
    }

    private static KnowledgeGraph.Sqlite.SqliteGraphStore? Sqlite(IServiceProvider services)
    {
        var store = CliServices.Store(services);
        return (store is GuardedGraphStore guarded ? guarded.Inner : store) as KnowledgeGraph.Sqlite.SqliteGraphStore;
    }

    /// <summary>The database file's size once its write-ahead log is folded in (what a user would copy or back up).</summary>
    private static async Task<long> DatabaseBytesAsync(IServiceProvider services, CancellationToken ct)
    {
        if (Sqlite(services) is not { } sqlite) return 0;
        var path = sqlite.Path;
        await sqlite.TruncateWalAsync(ct);
        return new FileInfo(path).Length + (File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0);
    }
}
