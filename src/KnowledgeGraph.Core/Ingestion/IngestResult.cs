using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Core.Ingestion;

/// <summary>What ingesting one input did: per paper results, or why it failed.</summary>
public sealed record IngestResult(string Source, DocumentFormat? Format, IReadOnlyList<UpsertResult> Papers, IngestFailure? Failure)
{
    public bool Failed => Failure is not null;

    public int Count(UpsertOutcome outcome) => Papers.Count(p => p.Outcome == outcome);

    /// <summary>An input whose content the ledger already holds: its papers, each unchanged, nothing read or written.</summary>
    public static IngestResult Unchanged(string source, DocumentFormat? format, IEnumerable<string> documentIds) =>
        new(source, format, [.. documentIds.Select(id => new UpsertResult(id, UpsertOutcome.Unchanged, 0, 0, 0))], null);
}

public sealed record IngestFailure(string Code, string Reason);
