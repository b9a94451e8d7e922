using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Api;

/// <summary>
/// The store, initialised (schema + vocabulary) on first use rather than at start-up, so a host whose database
/// is briefly unreachable still starts and answers <c>/api/health</c> with 503 until it is back.
/// </summary>
public sealed class GraphStoreAccessor(IGraphStore store) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;

    public async ValueTask<IGraphStore> GetAsync(CancellationToken cancellationToken)
    {
        if (_ready) return store;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_ready)
            {
                await store.InitializeAsync(cancellationToken);
                _ready = true;
            }
        }
        finally
        {
            _gate.Release();
        }
        return store;
    }

    public void Dispose() => _gate.Dispose();
}
