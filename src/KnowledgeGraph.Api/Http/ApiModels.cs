using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Api.Http;

/// <summary>A node on the wire: its id, schema label, name, Biolink category and properties.</summary>
public sealed record ApiNode(string Id, string Label, string Name, string Category, IReadOnlyDictionary<string, object?> Properties)
{
    public static ApiNode From(GraphNode n) => new(n.Id, n.Label, n.Name, n.Category, n.Properties);
}

public sealed record ApiPage<T>(IReadOnlyList<T> Items, string? NextCursor);

public sealed record ApiSubgraph(IReadOnlyList<ApiNode> Nodes, IReadOnlyList<GraphRelationship> Relationships)
{
    public static ApiSubgraph From(Subgraph g) => new([.. g.Nodes.Select(ApiNode.From)], g.Relationships);
}

public sealed record ApiPath(int Length, IReadOnlyList<ApiNode> Nodes, IReadOnlyList<GraphRelationship> Relationships);

public sealed record HealthReport(string Status, string Store, long Nodes, long Relationships,
    IReadOnlyDictionary<string, long> NodesByLabel, IReadOnlyDictionary<string, long> RelationshipsByType);

public sealed record EvidencePage(GraphRelationship Relationship, IReadOnlyList<EvidenceSentence> Evidence, string? NextCursor);

public sealed record PaperDetail(string Id, string ContentHash, ApiNode? Node, IReadOnlyList<GraphRelationship> Relationships);

/// <summary>What a POST of a paper did: one entry per paper the body held.</summary>
public sealed record IngestResponse(string Name, string? Format, string Status, IReadOnlyList<UpsertResult> Papers);
