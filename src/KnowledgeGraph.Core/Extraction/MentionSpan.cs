namespace KnowledgeGraph.Core.Extraction;

/// <summary>A candidate mention while a sentence is being worked on; offsets are in the sentence text.</summary>
internal readonly record struct MentionSpan(string? ConceptId, string Kind, int Start, int End, LexiconRole Role = LexiconRole.Concept)
{
    public bool Overlaps(int start, int end) => Start < end && start < End;
}
