using KnowledgeGraph.Core.Ingestion;

namespace KnowledgeGraph.Core.Sources;

/// <summary>The two public services records are fetched from.</summary>
public enum SourceKind
{
    PubMed,
    ClinicalTrials,
}

/// <summary>
/// One record as the service published it, ready for a door: a PubMed article (its own <c>PubmedArticleSet</c>) or a
/// ClinicalTrials.gov study (its v2 JSON object).
/// </summary>
/// <param name="Id">PMID or NCT id: the cache key.</param>
/// <param name="Version">What tells a changed record from the one held (a study's last update date); null when the
/// service does not say (PubMed: a PMID held is not fetched again).</param>
public sealed record SourceRecord(SourceKind Source, string Id, string? Version, ReadOnlyMemory<byte> Content)
{
    /// <summary>The ledger key when ingested straight into the store.</summary>
    public string LedgerName => LedgerNameOf(Source, Id);

    /// <summary>The blob name under the papers container (the blob door keys it <c>papers/pubmed/PMID.xml</c>).</summary>
    public string BlobName => BlobNameOf(Source, Id);

    public static string LedgerNameOf(SourceKind source, string id) =>
        source == SourceKind.PubMed ? InputNames.PubMed(id) : InputNames.ClinicalTrials(id);

    public static string BlobPrefix(SourceKind source) => source == SourceKind.PubMed ? "pubmed/" : "ctgov/";

    public static string BlobNameOf(SourceKind source, string id) =>
        BlobPrefix(source) + id + (source == SourceKind.PubMed ? ".xml" : ".json");
}

/// <summary>What a sink did with one record.</summary>
public enum SinkOutcome
{
    /// <summary>New: its papers were written, or its blob was dropped.</summary>
    Added,

    /// <summary>A newer version replaced the one held.</summary>
    Updated,

    /// <summary>The same content was already held: nothing written.</summary>
    Unchanged,

    /// <summary>The record cannot be ingested (recorded with its reason, like any unreadable input).</summary>
    Failed,
}

/// <summary>Where fetched records go: straight into the store through the ledger, or into the papers container.</summary>
public interface ISourceSink
{
    /// <summary>True when this record (at this version, when given) is already held, so it need not be fetched.</summary>
    Task<bool> HoldsAsync(SourceKind source, string id, string? version, CancellationToken ct);

    Task<SinkResult> WriteAsync(SourceRecord record, CancellationToken ct);
}

public sealed record SinkResult(SinkOutcome Outcome, string? Reason = null);
