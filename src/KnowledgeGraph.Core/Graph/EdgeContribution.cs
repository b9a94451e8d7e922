namespace KnowledgeGraph.Core.Graph;

/// <summary>
/// One document's stored share of an edge. Stores keep these per (edge, document) and aggregate on read with
/// <see cref="RelationshipAggregator"/>, so both stores report identical counts.
/// </summary>
public sealed record EdgeContribution(
    string DocumentId,
    string AgentType,
    IReadOnlyList<string> Publications,
    IReadOnlyList<EvidenceSentence> Evidence,
    IReadOnlyDictionary<string, object?> Properties)
{
    /// <summary>The pseudo-document that owns the vocabulary's manual edges (ACTS_VIA, BROADER).</summary>
    public const string VocabularyDocumentId = "kg:vocabulary";
}
