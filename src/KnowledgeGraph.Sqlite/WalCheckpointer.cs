using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite;

/// <summary>
/// Copies the write-ahead log into the database file on a thread of its own, so the one writer never waits for a
/// checkpoint's page copies and file sync: the writer connection has automatic checkpoints off and calls
/// <see cref="Signal"/> after each group commit; this runs a PASSIVE checkpoint (it never blocks the writer, and the
/// writer never blocks it) at most once per <see cref="MinInterval"/>, so a page that every group rewrites is copied
/// once per interval, not once per group. A PASSIVE checkpoint cannot reset the log while the writer keeps appending,
/// so the writer bounds it itself (<see cref="SqliteGraphStore"/> folds the log in inline past its limit, so the next group rewrites it from its start; by then
/// most frames are already copied here). A crash at any point loses nothing: the log is replayed on the next open.
/// </summary>
internal sealed class WalCheckpointer : IAsyncDisposable
{
    /// <summary>Shortest time between two checkpoints: at about a thousand papers per second, a few groups' worth of log.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);

    private readonly string _connectionString;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private long _checkpoints, _ticks;

    public WalCheckpointer(string connectionString)
    {
        _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        // A thread of its own, not the pool's: a checkpoint blocks for its copies and sync, and waits are blocking too.
        _thread = new Thread(Run) { IsBackground = true, Name = "SQLite checkpoint" };
        _thread.Start();
    }

    /// <summary>Background checkpoints run so far.</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>Wall time spent in them.</summary>
    public double Seconds => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks)).TotalSeconds;

    /// <summary>
    /// Waits for a background checkpoint in progress to end and keeps the next from starting until disposed: SQLite lets
    /// one checkpoint run at a time and answers a second with "busy" without waiting, so a RESTART or TRUNCATE that must happen
    /// (the writer's bound on the log, the benchmark's final size) takes its turn here.
    /// </summary>
    public async Task<IDisposable> TurnAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Turn(_gate);
    }

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }

    /// <summary>New frames are in the log: checkpoint soon (signals coalesce while one waits or runs).</summary>
    public void Signal()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // another signal got there first: one wake-up is enough
            }
            catch (ObjectDisposedException)
            {
                // the store is closing
            }
        }
    }

    private void Run()
    {
        SqliteConnection? connection = null;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                _wake.Wait(_stop.Token);
                try
                {
                    if (connection is null)
                    {
                        connection = new SqliteConnection(_connectionString);
                        connection.Open();
                    }
                    var started = Stopwatch.GetTimestamp();
                    _gate.Wait(_stop.Token);
                    try
                    {
                        using var cmd = connection.CreateCommand();
                        cmd.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                        cmd.ExecuteNonQuery();
                    }
                    finally
                    {
                        _gate.Release();
                    }
                    Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - started);
                    Interlocked.Increment(ref _checkpoints);
                }
                catch (SqliteException)
                {
                    // A checkpoint that fails (busy, I/O) is only late: the next signal tries again, and the writer's
                    // own bound on the log still holds. A fresh connection next time, in case this one is unusable.
                    connection?.Dispose();
                    connection = null;
                }
                if (_stop.Token.WaitHandle.WaitOne(MinInterval)) break;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // closing
        }
        finally
        {
            connection?.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        // Bounded by one checkpoint in progress (SQLite has no way to interrupt its copies short of closing the file).
        _thread.Join();
        _stop.Dispose();
        _wake.Dispose();
        _gate.Dispose();
    }
}
