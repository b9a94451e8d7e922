using KnowledgeGraph.Core.Vocabulary;

namespace KnowledgeGraph.Core.Graph;

/// <summary>
/// Each vocabulary concept as the node a document's batch refers to (not owned by the document: created when missing and
/// left alone), made once per vocabulary. Every batch naming a concept then carries the same instance, so a store can
/// derive what it needs from the node (its JSON, search text, key) once per concept rather than once per paper: at a
/// million papers those copies (a dictionary and the synonym list per concept per paper) were a tenth of what ingest
/// allocated. Nodes are immutable records, so sharing them is safe.
/// </summary>
internal sealed class ConceptReferenceNodes(ConceptVocabulary vocabulary)
{
    private readonly Dictionary<string, GraphNode> _nodes = Build(vocabulary);

    /// <summary>The concept's reference node, or null when the vocabulary does not hold <paramref name="id"/>.</summary>
    public GraphNode? Find(string id) =>
        vocabulary.Find(id) is { } concept
            ? _nodes.GetValueOrDefault(concept.Id) ?? VocabularyGraph.ToNode(concept) with { Authoritative = false }
            : null;

    private static Dictionary<string, GraphNode> Build(ConceptVocabulary vocabulary)
    {
        var nodes = new Dictionary<string, GraphNode>(StringComparer.Ordinal);
        foreach (var concept in vocabulary.Concepts)
            nodes.TryAdd(concept.Id, VocabularyGraph.ToNode(concept) with { Authoritative = false });
        return nodes;
    }
}
