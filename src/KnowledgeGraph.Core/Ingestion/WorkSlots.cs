using KnowledgeGraph.Core.Configuration;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Core.Ingestion;

/// <summary>
/// A fixed number of slots for one kind of memory-heavy work in this process. Background work waits for a slot;
/// a request takes one at once or is told to come back (503 with Retry-After), so the total in memory stays bounded.
/// </summary>
public class WorkSlots : IDisposable
{
    private readonly SemaphoreSlim _slots;

    public WorkSlots(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _slots = new SemaphoreSlim(capacity, capacity);
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

    public void Dispose()
    {
        _slots.Dispose();
        GC.SuppressFinalize(this);
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}

/// <summary>
/// Inputs read and extracted at once, whatever their door (<see cref="IngestionOptions.MaxConcurrentInputs"/>; 0: one
/// per core): reading a 20 MB input can take several times its size in memory. Folders, blobs and <c>kg ingest</c>
/// wait for a slot; an HTTP upload takes one before reading its body.
/// </summary>
public sealed class IngestionSlots(IOptions<KnowledgeGraphOptions> options)
    : WorkSlots(options.Value.Ingestion.MaxConcurrentInputs > 0 ? options.Value.Ingestion.MaxConcurrentInputs : Environment.ProcessorCount);

/// <summary>Whole-graph exports written at once (<see cref="ApiOptions.MaxConcurrentExports"/>): each holds the graph in memory.</summary>
public sealed class ExportSlots(IOptions<KnowledgeGraphOptions> options) : WorkSlots(options.Value.Api.MaxConcurrentExports);
