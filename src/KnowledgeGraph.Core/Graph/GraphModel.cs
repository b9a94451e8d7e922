namespace KnowledgeGraph.Core.Graph;

/// <summary>A node. <see cref="Properties"/> hold JSON-friendly values only: string, long, double, bool, string[].</summary>
/// <param name="Id">Stable key: a concept id (<c>celltype:treg</c>), <c>trial:NCT01234567</c>, or a paper id.</param>
public sealed record GraphNode(string Id, string Label, string Name, IReadOnlyDictionary<string, object?> Properties)
{
    /// <summary>
    /// When true the writing document owns this node's properties (a paper its Paper node, a registry
    /// record its Trial node) and they are overwritten; otherwise the node is created if missing and left alone.
    /// </summary>
    public bool Authoritative { get; init; }

    public string Category => GraphSchema.CategoryOf(Label);
}

/// <summary>One sentence that supports an edge, with where it was found.</summary>
/// <param name="DocumentId">The paper (or registry record) the sentence is from.</param>
/// <param name="Start">Offset of the first matched mention in <paramref name="Text"/> (character index).</param>
/// <param name="End">Offset just past the last matched mention in <paramref name="Text"/>.</param>
/// <param name="Polarity">For outcome edges: improved, worsened, unchanged, not_achieved, or null.</param>
/// <param name="Weight">Evidence weight: lower for methods-only or hedged sentences.</param>
/// <param name="Subject">For findings: how the subject was chosen, <c>named</c> (the sentence names the cell type) or
/// <c>document</c> (the sentence names none; the document's intervention); null otherwise.</param>
public sealed record EvidenceSentence(
    string DocumentId,
    string Text,
    int Start,
    int End,
    string Section,
    string ExtractorVersion,
    string? Polarity = null,
    string? Value = null,
    bool Negated = false,
    bool Speculative = false,
    double Weight = 1.0,
    string? Subject = null);

/// <summary>
/// One document's contribution to one edge. A store keeps contributions per document so that a changed
/// document replaces only its own evidence and a deleted one removes only what it alone supported.
/// </summary>
/// <param name="Properties">Per-document values: <c>count</c> for MENTIONS, <c>primary</c> for MEASURES.</param>
public sealed record GraphEdge(
    string From,
    string Type,
    string To,
    string AgentType,
    IReadOnlyList<EvidenceSentence> Evidence,
    IReadOnlyDictionary<string, object?> Properties)
{
    public const string TextMiningAgent = "text_mining_agent";
    public const string ManualAgent = "manual_agent";
}

/// <summary>
/// Everything one document adds to the graph: the idempotent unit of writing. Writing the same batch twice
/// changes nothing (same <see cref="ContentHash"/>); a batch with a new hash replaces the document's earlier one.
/// </summary>
/// <param name="DocumentId">The paper id (or registry record id); the key its contributions are stored under.</param>
/// <param name="Publications">Biolink CURIEs for this document (<c>PMID:1</c>, <c>DOI:x</c>, <c>clinicaltrials:NCT..</c>).</param>
public sealed record GraphBatch(
    string DocumentId,
    string ContentHash,
    string Source,
    IReadOnlyList<string> Publications,
    IReadOnlyList<GraphNode> Nodes,
    IReadOnlyList<GraphEdge> Edges);

/// <summary>An edge as stored: the aggregate of every document's contribution, in one direction only.</summary>
/// <param name="Properties">Aggregates: <c>count</c> (mentions), <c>polarity</c> (dominant), <c>positiveCount</c>,
/// <c>negativeCount</c>, <c>primary</c>, <c>confidence</c> (0..1).</param>
public sealed record GraphRelationship(
    string From,
    string Type,
    string To,
    string AgentType,
    int EvidenceCount,
    int PaperCount,
    IReadOnlyList<string> Publications,
    IReadOnlyList<string> PrimarySources,
    IReadOnlyDictionary<string, object?> Properties);
