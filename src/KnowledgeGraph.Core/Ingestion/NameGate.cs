namespace KnowledgeGraph.Core.Ingestion;

/// <summary>
/// One async lock per input name, created on demand and dropped when nobody holds or waits for it: two uploads of the
/// same name (or a blob trigger and the reconcile pass on one blob) take turns, so neither can leave papers that no
/// ledger record tracks. Different names never wait for each other.
/// </summary>
internal sealed class NameGate
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _sync = new();

    public async ValueTask<IDisposable> EnterAsync(string name, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_sync)
        {
            if (!_entries.TryGetValue(name, out entry!)) _entries[name] = entry = new Entry();
            entry.Users++;
        }
        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Leave(name, entry, release: false);
            throw;
        }
        return new Releaser(this, name, entry);
    }

    /// <summary>Names currently held or waited for (tests pin that entries do not leak).</summary>
    internal int Count
    {
        get
        {
            lock (_sync) return _entries.Count;
        }
    }

    private void Leave(string name, Entry entry, bool release)
    {
        if (release) entry.Semaphore.Release();
        lock (_sync)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(name);
                entry.Semaphore.Dispose();
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Releaser(NameGate gate, string name, Entry entry) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) gate.Leave(name, entry, release: true);
        }
    }
}
