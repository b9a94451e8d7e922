using System.Diagnostics;
using System.Text.Json;
using KnowledgeGraph.Core.Ingestion;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeGraph.Cli.Bench;

/// <summary>What the ingest worker process reports on its last line of standard output.</summary>
public sealed record IngestWorkerReport(int Files, int Papers, int Failed, double Seconds, long PeakWorkingSetBytes, long PeakGcHeapBytes, string? FirstFailure);

/// <summary>
/// End-to-end ingest of a corpus folder into a fresh SQLite file. Runs in a child process (<c>kg bench ingest-worker</c>)
/// so that its peak working set is the ingest's own and not the benchmark's, and through
/// <see cref="FileIngestion.IngestPathsAsync"/> (the ledger included) with the configured parallelism and size limit, as <c>kg ingest</c> does.
/// </summary>
internal static class IngestBench
{
    public static async Task<IngestWorkerReport> RunChildAsync(string folder, string db, CancellationToken ct)
    {
        // Bounded: a hung child must not hang the benchmark.
        return await KgChild.RunForReportAsync<IngestWorkerReport>("ingest-worker", [folder, "--db", db],
            new Dictionary<string, string>(), TimeSpan.FromMinutes(10), ct);
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
        var watch = Stopwatch.StartNew();
        var results = await ingestion.IngestPathsAsync([folder], null, ct);
        var seconds = watch.Elapsed.TotalSeconds;
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var heap = Math.Max(Interlocked.Read(ref peakHeap), GC.GetTotalMemory(false));
        return new IngestWorkerReport(results.Count, results.Sum(r => r.Papers.Count), results.Count(r => r.Failed), seconds,
            self.PeakWorkingSet64, heap, results.FirstOrDefault(r => r.Failed)?.Failure?.Reason);
    }
}
