using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Core.Ingestion;

/// <summary>What one input came to: the ledger record, the per-paper result, or the read error.</summary>
/// <param name="Quarantine">The input itself is at fault (unreadable, over a limit, or the reader crashed on it on every
/// attempt): move it aside. Never true because of a store failure.</param>
public sealed record IngestionOutcome(IngestionRecord Record, IngestResult? Result, DocumentReadException? ReadError, bool Quarantine = false)
{
    public bool Unreadable => ReadError is not null;
}

/// <summary>What deleting one paper through the API did.</summary>
public enum PaperDeletion
{
    Deleted,
    NotFound,

    /// <summary>The curated vocabulary is part of the schema, not a paper: it cannot be deleted.</summary>
    Protected,
}
