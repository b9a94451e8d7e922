using System.Diagnostics;
using KnowledgeGraph.Core.Benchmarks;
using SQLitePCL;

namespace KnowledgeGraph.Sqlite;

/// <summary>Time the one writer held its lock, by what it wrote (graph batches or ledger records), and the transactions of
/// each: the share of an ingest that no second core can help with. Two timestamps per transaction; read by <c>kg bench</c>.</summary>
public sealed class WriterClock
{
    private long _graphTicks, _ledgerTicks, _graphTransactions, _ledgerTransactions, _graphCpuNanoseconds, _commitTicks;
    private long _cacheHits, _cacheMisses, _cacheWrites;

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

    /// <summary>Wall time of the graph transactions' commits: writing the group's dirty pages to the write-ahead log.</summary>
    public double CommitSeconds => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _commitTicks)).TotalSeconds;

    /// <summary>Pages the writer connection found in its page cache during graph transactions (SQLite's own counter).</summary>
    public long CacheHits => Interlocked.Read(ref _cacheHits);

    /// <summary>Pages it had to read from the file (or the log): a read() each, of a page the OS usually holds.</summary>
    public long CacheMisses => Interlocked.Read(ref _cacheMisses);

    /// <summary>Pages it wrote to the log (at commit, or earlier when the cache spilled).</summary>
    public long CacheWrites => Interlocked.Read(ref _cacheWrites);

    internal void AddCommit(long startedAt) => Interlocked.Add(ref _commitTicks, Stopwatch.GetTimestamp() - startedAt);

    /// <summary>Adds the writer connection's page cache counters and resets them (they are ints in SQLite: read after
    /// every group they never wrap). Three calls per group, under the write lock.</summary>
    internal void AddPagerCounters(sqlite3 db)
    {
        Interlocked.Add(ref _cacheHits, Take(db, raw.SQLITE_DBSTATUS_CACHE_HIT));
        Interlocked.Add(ref _cacheMisses, Take(db, raw.SQLITE_DBSTATUS_CACHE_MISS));
        Interlocked.Add(ref _cacheWrites, Take(db, raw.SQLITE_DBSTATUS_CACHE_WRITE));
    }

    private static long Take(sqlite3 db, int op) =>
        raw.sqlite3_db_status(db, op, out var current, out _, 1) == raw.SQLITE_OK ? current : 0;

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
