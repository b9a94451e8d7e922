using System.Diagnostics;
using System.Runtime.InteropServices;

namespace KnowledgeGraph.Sqlite;

/// <summary>Time the one writer held its lock, by what it wrote (graph batches or ledger records), and the transactions of
/// each: the share of an ingest that no second core can help with. Two timestamps per transaction; read by <c>kg bench</c>.</summary>
public sealed class WriterClock
{
    private long _graphTicks, _ledgerTicks, _graphTransactions, _ledgerTransactions, _graphCpuNanoseconds;

    /// <summary>Processor time of the writing thread inside graph transactions (Linux; 0 elsewhere): what the writer would
    /// need with a core of its own, where its wall time on a loaded machine also counts waiting for a turn on a core.</summary>
    public double GraphCpuSeconds => Interlocked.Read(ref _graphCpuNanoseconds) / 1e9;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec time);

    /// <summary>This thread's processor time in nanoseconds, or -1 where it cannot be read.</summary>
    internal static long ThreadCpu()
    {
        if (!OperatingSystem.IsLinux()) return -1;
        try
        {
            return ClockGetTime(3 /* CLOCK_THREAD_CPUTIME_ID */, out var t) == 0 ? t.Seconds * 1_000_000_000 + t.Nanoseconds : -1;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return -1;
        }
    }

    /// <summary>Adds a graph transaction's thread time when it ran on one thread throughout (its statements are synchronous).</summary>
    internal void AddGraphCpu(long cpuAtStart, int threadAtStart)
    {
        if (cpuAtStart < 0 || threadAtStart != Environment.CurrentManagedThreadId) return;
        var now = ThreadCpu();
        if (now >= cpuAtStart) Interlocked.Add(ref _graphCpuNanoseconds, now - cpuAtStart);
    }

    public double GraphSeconds => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _graphTicks)).TotalSeconds;

    public double LedgerSeconds => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ledgerTicks)).TotalSeconds;

    public long GraphTransactions => Interlocked.Read(ref _graphTransactions);

    public long LedgerTransactions => Interlocked.Read(ref _ledgerTransactions);

    internal void AddGraph(long startedAt)
    {
        Interlocked.Add(ref _graphTicks, Stopwatch.GetTimestamp() - startedAt);
        Interlocked.Increment(ref _graphTransactions);
    }

    internal void AddLedger(long startedAt)
    {
        Interlocked.Add(ref _ledgerTicks, Stopwatch.GetTimestamp() - startedAt);
        Interlocked.Increment(ref _ledgerTransactions);
    }
}
