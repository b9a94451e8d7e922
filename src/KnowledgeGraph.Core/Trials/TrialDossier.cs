using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Core.Trials;

/// <summary>
/// What the store holds around one trial, read with <see cref="IGraphStore.GetNodesAsync"/> and
/// <see cref="IGraphStore.GetEdgesAsync"/>: the Trial node, its outgoing edges (with evidence), the papers reporting
/// on it, the vocabulary edges of the concepts it is linked to (a product's cell type, a cell type's mechanism, a
/// protection agent's broader protection) and every node those name.
/// </summary>
public sealed record TrialDossier(
    GraphNode Trial,
    IReadOnlyList<EdgeEvidence> Outgoing,
    IReadOnlyList<EdgeEvidence> ReportsOn,
    IReadOnlyList<GraphRelationship> ConceptEdges,
    IReadOnlyDictionary<string, GraphNode> Nodes);
