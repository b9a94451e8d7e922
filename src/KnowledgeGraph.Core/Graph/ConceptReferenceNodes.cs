using System.Runtime.CompilerServices;
using KnowledgeGraph.Core.Vocabulary;

namespace KnowledgeGraph.Core.Graph;

/// <summary>
/// Each vocabulary concept as the node a document's batch refers to (not owned by the document: created when missing and
/// left alone), made once per vocabulary (<see cref="For"/>). Every batch naming a concept then carries the same instance,
/// whichever builder adds it (the batch's mentions or its trial facts), so a store can derive what it needs from the node
/// (its JSON, search text, key) once per concept rather than once per paper: at a million papers those copies (a
/// dictionary and the synonym list per concept per paper) were a tenth of what ingest allocated. Nodes are immutable
/// records, so sharing them is safe.
/// </summary>
internal sealed class ConceptReferenceNodes
{
    private static readonly ConditionalWeakTable<ConceptVocabulary, ConceptReferenceNodes> ByVocabulary = [];

    // Every concept of the vocabulary (its ids are unique, and it does not change once made).
    private readonly Dictionary<string, GraphNode> _nodes;

    private ConceptReferenceNodes(ConceptVocabulary vocabulary)
    {
        _nodes = new Dictionary<string, GraphNode>(StringComparer.Ordinal);
        foreach (var concept in vocabulary.Concepts)
            _nodes.Add(concept.Id, VocabularyGraph.ToNode(concept) with { Authoritative = false });
    }

    /// <summary>The reference nodes of <paramref name="vocabulary"/>, one set per vocabulary instance.</summary>
    public static ConceptReferenceNodes For(ConceptVocabulary vocabulary) => ByVocabulary.GetValue(vocabulary, v => new ConceptReferenceNodes(v));

    /// <summary>The concept's reference node, or null when the vocabulary does not hold <paramref name="id"/>.</summary>
    public GraphNode? Find(string id) => _nodes.GetValueOrDefault(id);
}
