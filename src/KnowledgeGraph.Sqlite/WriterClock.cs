using System.Diagnostics;
using KnowledgeGraph.Core.Benchmarks;

namespace KnowledgeGraph.Sqlite;

/// <summary>Time the one writer held its lock, by what it wrote (graph batches or ledger records), and the transactions of
/// each: the share of an ingest that no second core can help with. Two timestamps per transaction; read by <c>kg bench</c>.</summary>
public sealed class WriterClock
{
    private long _graphTicks, _ledgerTicks, _graphTransactions, _ledgerTransactions, _graphCpuNanoseconds;

    /// <summary>Processor time of the writing thread inside graph transactions (Linux; 0 elsewhere): what the writer would
    /// need with a core of its own, where its wall time on a loaded machine also counts waiting for a turn on a core.</summary>
    public double GraphCpuSeconds => Interlocked.Read(ref _graphCpuNanoseconds) / 1e9;

    /// <summary>Adds a graph transaction's thread time when it ran on one thread throughout (its statements are synchronous).</summary>
    internal void AddGraphCpu(long cpuAtStart, int threadAtStart)
    {
        if (cpuAtStart < 0 || threadAtStart != Environment.CurrentManagedThreadId) return;
        var now = ThreadCpuTime.Nanoseconds();
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
