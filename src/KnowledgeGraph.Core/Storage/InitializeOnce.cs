namespace KnowledgeGraph.Core.Storage;

/// <summary>
/// The stores' "initialise once, on first use" contract in one place: the first caller runs the initialisation under a
/// gate and every later caller (checked again inside the gate) skips it. A failed attempt is not remembered, so a
/// database that was briefly unreachable is initialised by the next call, and a host can start (and answer health
/// with 503) before its store is reachable.
/// </summary>
public sealed class InitializeOnce : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _done;

    public bool IsDone => _done;

    public async ValueTask EnsureAsync(Func<CancellationToken, Task> initialize, CancellationToken cancellationToken)
    {
        if (_done) return;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_done) return;
            await initialize(cancellationToken).ConfigureAwait(false);
            _done = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
