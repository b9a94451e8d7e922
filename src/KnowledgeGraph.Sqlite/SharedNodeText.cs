using System.Runtime.CompilerServices;
using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Sqlite;

/// <summary>
/// What a write derives from a node its batch does not own (a vocabulary concept, named by every paper that mentions it):
/// the node's JSON and key for <c>batch_nodes</c>, its properties' JSON and its search text. The batch builder hands every
/// batch the same instance of a concept's node (<see cref="GraphBatchBuilder"/>), so these are worked out once per
/// instance instead of once per paper (at a million papers, a sixth of what ingest allocated, and the synonym lists
/// lower-cased and serialised again for each paper). Keyed by reference, weakly: an entry goes with its node.
/// </summary>
internal sealed record SharedNodeText(string Json, string Hash, string Props, string Search)
{
    private static readonly ConditionalWeakTable<GraphNode, SharedNodeText> Cache = [];

    public static SharedNodeText Of(GraphNode node) => Cache.GetValue(node, Compute);

    private static SharedNodeText Compute(GraphNode node)
    {
        var json = GraphJson.Serialize(node);
        return new SharedNodeText(json, BatchCodec.NodeHash(json), GraphJson.Serialize(node.Properties), SqliteGraphStore.SearchText(node));
    }
}
