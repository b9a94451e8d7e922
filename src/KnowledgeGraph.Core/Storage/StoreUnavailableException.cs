namespace KnowledgeGraph.Core.Storage;

/// <summary>
/// The store cannot serve the request now: unreachable, locked by another process, out of space, refusing the
/// credentials, or corrupt. Not the caller's fault: the API answers 503 (with Retry-After unless corrupt), the CLI
/// prints the message and exits with an error, ingestion leaves the input waiting.
/// </summary>
public sealed class StoreUnavailableException(string message, bool corrupt, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The store's data is damaged: retrying will not help, and nothing more is written to it.</summary>
    public bool Corrupt { get; } = corrupt;
}

/// <summary>How a store tells its own infrastructure failures from bugs: implemented by each store next to its driver.</summary>
public interface IStoreFailureClassifier
{
    /// <summary>A description of <paramref name="exception"/> when it means the store is unavailable or corrupt; null otherwise.</summary>
    StoreUnavailableException? Classify(Exception exception);
}
