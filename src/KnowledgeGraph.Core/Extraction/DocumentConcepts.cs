using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// What a document speaks of, as the curator counts it: the distinct concept ids of its mentions, negated or
/// hedged ones included ("no side effects" still speaks of safety), except a negated mechanism: "without any
/// immunotherapy" says the mechanism is absent from the work. Trials are returned without the <c>trial:</c> prefix.
/// </summary>
public static class DocumentConcepts
{
    public static IReadOnlySet<string> Concepts(DocumentExtraction extraction) =>
        extraction.Mentions
            .Where(m => m.Kind != GraphSchema.Labels.Trial && !(m.Negated && m.Kind == GraphSchema.Labels.Mechanism))
            .Select(m => m.ConceptId)
            .ToHashSet(StringComparer.Ordinal);

    public static IReadOnlySet<string> Trials(DocumentExtraction extraction) =>
        extraction.Mentions
            .Where(m => m.Kind == GraphSchema.Labels.Trial)
            .Select(m => m.ConceptId.StartsWith("trial:", StringComparison.Ordinal) ? m.ConceptId[6..] : m.ConceptId)
            .ToHashSet(StringComparer.Ordinal);
}
