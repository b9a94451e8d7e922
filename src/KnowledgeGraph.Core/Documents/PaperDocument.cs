namespace KnowledgeGraph.Core.Documents;

/// <summary>One paper (or registry record) read from bytes, whatever its source format.</summary>
/// <param name="Id">Stable paper id: <c>paper:pmid:N</c>, <c>paper:doi:10.x/y</c> (lower-case), else <c>paper:sha:HEX16</c> of the text.</param>
/// <param name="Source">Where it came from: file name, blob name or URL.</param>
/// <param name="ContentHash">SHA-256 (hex) of the normalised text and metadata; changes when the paper's content changes.</param>
public sealed record PaperDocument(
    string Id,
    string Title,
    IReadOnlyList<string> Authors,
    int? Year,
    string? Journal,
    string? Doi,
    string? Pmid,
    string Source,
    DocumentFormat Format,
    IReadOnlyList<DocumentSection> Sections,
    string ContentHash)
{
    /// <summary>MeSH headings, keywords and similar subject metadata (kept as paper properties).</summary>
    public IReadOnlyList<string> Subjects { get; init; } = [];

    /// <summary>Set when the document is a trial registry record (ClinicalTrials.gov); authoritative for trial properties.</summary>
    public TrialRecord? Trial { get; init; }

    /// <summary>Biolink-style CURIEs for provenance: <c>PMID:n</c>, <c>DOI:x</c>, or the registry id.</summary>
    public IReadOnlyList<string> Publications =>
        Trial is not null ? [$"clinicaltrials:{Trial.Id}"]
        : [.. new[] { Pmid is null ? null : $"PMID:{Pmid}", Doi is null ? null : $"DOI:{Doi}" }.OfType<string>()];

    /// <summary>All text, sections joined by blank lines (title first).</summary>
    public string FullText => string.Join("\n\n", Sections.Select(s => s.Text));
}

/// <summary>A labelled part of a document. Extraction weighs evidence by <see cref="Kind"/>.</summary>
public sealed record DocumentSection(SectionKind Kind, string Text, string? Label = null);

public enum SectionKind
{
    Title,
    Abstract,
    Background,
    Methods,
    Results,
    Conclusions,
    Discussion,
    Body,
    Registry,
}

public enum DocumentFormat
{
    SemanticScholarRecord,
    Json,
    PlainText,
    Markdown,
    PubMedXml,
    JatsXml,
    ClinicalTrialsJson,
    ClinicalTrialsXml,
    Pdf,
}

/// <summary>A trial as a registry states it. Dates are kept as the registry writes them (ISO when possible).
/// <see cref="CompletionDate"/> is the study completion date as stated (the primary completion date is in <see cref="Facts"/>).</summary>
public sealed record TrialRecord(
    string Id,
    string? Title,
    string? Phase,
    string? Status,
    int? Enrollment,
    string? Sponsor,
    string? StartDate,
    string? CompletionDate,
    IReadOnlyList<string> Conditions,
    IReadOnlyList<TrialIntervention> Interventions,
    IReadOnlyList<TrialOutcomeMeasure> OutcomeMeasures)
{
    /// <summary>Other registry ids of the same trial (EudraCT, ISRCTN, ...), normalised.</summary>
    public IReadOnlyList<string> SecondaryIds { get; init; } = [];

    /// <summary>The rest of what the registry states, as written (see <see cref="TrialRegistryFacts"/>); empty for a
    /// record read before these facts were kept.</summary>
    public TrialRegistryFacts Facts { get; init; } = TrialRegistryFacts.Empty;
}

public sealed record TrialIntervention(string Name, string? Type, string? Description);

public sealed record TrialOutcomeMeasure(string Measure, bool Primary, string? Description, string? TimeFrame);
