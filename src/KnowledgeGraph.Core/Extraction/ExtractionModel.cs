using KnowledgeGraph.Core.Documents;

namespace KnowledgeGraph.Core.Extraction;

/// <summary>A sentence of a document section. <see cref="Offset"/> is its start in the section text.</summary>
public sealed record Sentence(int Index, SectionKind Section, string Text, int Offset)
{
    /// <summary>The part of the document the sentence belongs to: <see cref="Section"/>, or the part an inline heading
    /// names ("RESULTS: ..." in a one-block abstract starts Results until the next heading).</summary>
    public SectionKind Part { get; internal set; } = Section;
}

/// <summary>
/// A concept or trial found in a sentence. <see cref="ConceptId"/> is a node id: a vocabulary id
/// (<c>celltype:treg</c>) or <c>trial:</c> plus the normalised registry id (<c>trial:NCT01210664</c>).
/// <see cref="Start"/>/<see cref="End"/> are character offsets in the sentence text.
/// </summary>
public sealed record Mention(
    string ConceptId,
    string Kind,
    string Text,
    int SentenceIndex,
    int Start,
    int End,
    bool Negated = false,
    bool Speculative = false);

/// <summary>A statement found in one sentence: a trial tests a cell type, a trial or cell type reports an outcome.</summary>
/// <param name="Polarity">For REPORTS_OUTCOME: improved, worsened, unchanged or not_achieved.</param>
/// <param name="Value">A stated value, e.g. "10 of 12", "87%", "5.9%".</param>
public sealed record ExtractedRelation(
    string From,
    string Type,
    string To,
    int SentenceIndex,
    string? Polarity = null,
    string? Value = null,
    bool Negated = false,
    bool Speculative = false)
{
    /// <summary>For MEASURES from a registry record: whether the outcome measure is primary; null otherwise.</summary>
    public bool? Primary { get; init; }

    /// <summary>How the subject (<see cref="From"/>) was chosen: <see cref="RelationExtractor.SubjectNamed"/> (the sentence
    /// names it) or <see cref="RelationExtractor.SubjectDocument"/> (the document's intervention); null for registry facts.</summary>
    public string? Subject { get; init; }
}

/// <summary>What extraction found in one document.</summary>
public sealed record DocumentExtraction(
    PaperDocument Document,
    IReadOnlyList<Sentence> Sentences,
    IReadOnlyList<Mention> Mentions,
    IReadOnlyList<ExtractedRelation> Relations,
    string ExtractorVersion);
