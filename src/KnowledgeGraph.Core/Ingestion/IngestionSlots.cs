using KnowledgeGraph.Core.Configuration;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Core.Ingestion;

/// <summary>
/// How many inputs are read and extracted at once in this process, whatever their door
/// (<see cref="IngestionOptions.MaxConcurrentInputs"/>): reading a 20 MB input can take several times its size in
/// memory, so the total is bounded. Background doors (folders, blobs, <c>kg ingest</c>) wait for a slot; an HTTP
/// upload takes one before reading its body and, when none is free, is answered 503 with Retry-After.
/// </summary>
public sealed class IngestionSlots : IDisposable
{
    private readonly SemaphoreSlim _slots;

    public IngestionSlots(IOptions<KnowledgeGraphOptions> options)
    {
        var configured = options.Value.Ingestion.MaxConcurrentInputs;
        Capacity = configured > 0 ? configured : Environment.ProcessorCount;
        _slots = new SemaphoreSlim(Capacity, Capacity);
    }

    public int Capacity { get; }

    public int Free => _slots.CurrentCount;

    public async ValueTask<IDisposable> WaitAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Slot(_slots);
    }

    /// <summary>A slot now, or null when all are taken.</summary>
    public IDisposable? TryTake() => _slots.Wait(0) ? new Slot(_slots) : null;

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}
