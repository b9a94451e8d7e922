using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Core.Trials;

/// <summary>
/// What the store holds around one trial, read with <see cref="IGraphStore.GetNodesAsync"/> and
/// <see cref="IGraphStore.GetEdgesAsync"/>: the Trial node, its outgoing edges (with evidence), the papers reporting
/// on it, the vocabulary edges of the concepts it is linked to (a product's cell type, a cell type's mechanism, a
/// protection agent's broader protection) and every node those name. <see cref="OwnPapers"/> are the linked papers
/// that report on this trial and no other; what they say about the trial's cell types (<see cref="PaperFindings"/>:
/// "Fourteen of the fifteen patients became free of insulin" in a paper the registry lists as the trial's result)
/// is a finding of this trial even when the sentence does not name the trial.
/// </summary>
public sealed record TrialDossier(
    GraphNode Trial,
    IReadOnlyList<EdgeEvidence> Outgoing,
    IReadOnlyList<EdgeEvidence> ReportsOn,
    IReadOnlyList<GraphRelationship> ConceptEdges,
    IReadOnlyDictionary<string, GraphNode> Nodes,
    IReadOnlySet<string> OwnPapers,
    IReadOnlyList<EdgeEvidence> PaperFindings);
