using System.Diagnostics;

namespace KnowledgeGraph.Sqlite;

/// <summary>Time the one writer held its lock, by what it wrote (graph batches or ledger records), and the transactions of
/// each: the share of an ingest that no second core can help with. Two timestamps per transaction; read by <c>kg bench</c>.</summary>
public sealed class WriterClock
{
    private long _graphTicks, _ledgerTicks, _graphTransactions, _ledgerTransactions;

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
