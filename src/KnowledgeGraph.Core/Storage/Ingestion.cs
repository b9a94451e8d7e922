namespace KnowledgeGraph.Core.Storage;

/// <summary>What happened to one input (blob, file or posted body), so that nothing is silently lost.</summary>
/// <param name="Name">Blob or file name; the ledger key.</param>
/// <param name="DocumentIds">Papers the input produced (a PubMed file can hold many).</param>
public sealed record IngestionRecord(
    string Name,
    string? ETag,
    string? ContentHash,
    IngestionStatus Status,
    string? Reason,
    int Attempts,
    IReadOnlyList<string> DocumentIds,
    DateTimeOffset UpdatedAt);

public enum IngestionStatus
{
    Received,
    Ingested,
    Unchanged,
    Failed,
    Deleted,
}
