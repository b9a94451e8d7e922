using System.Collections;
using System.Text.Json;
using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Neo4j;

/// <summary>
/// Turns a <see cref="GraphBatch"/> into the <c>$docs</c> entry of <see cref="Neo4jStatements.UpsertDocuments"/>.
/// Node properties are flattened to values Neo4j can store (strings, numbers, booleans, string lists; anything
/// else as JSON text); per-document edge data travels as JSON strings so one relationship can hold one entry per document.
/// </summary>
internal static class Neo4jDocumentParameters
{
    /// <summary>Node property names the store owns; a batch's own properties of these names are not kept.</summary>
    public static readonly IReadOnlySet<string> ReservedKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "name", "label", "propertyKeys",
    };

    public static Dictionary<string, object?> ToParameter(GraphBatch batch)
    {
        // Checked first: labels and types end up in Cypher text, and an unknown label cannot even be serialised.
        foreach (var node in batch.Nodes) GraphSchema.RequireLabel(node.Label);
        foreach (var edge in batch.Edges) GraphSchema.RequireRelationship(edge.Type);
        var edges = MergeDuplicateEdges(batch.Edges);
        return new Dictionary<string, object?>
        {
            ["id"] = batch.DocumentId,
            ["hash"] = batch.ContentHash,
            ["source"] = batch.Source,
            ["publications"] = batch.Publications.ToArray(),
            ["batch"] = JsonSerializer.Serialize(batch, Neo4jJson.Options),
            ["nodes"] = batch.Nodes.Select(NodeParameter).ToList(),
            ["edges"] = edges.Select(e => EdgeParameter(e, batch.Publications)).ToList(),
        };
    }

    private static Dictionary<string, object?> NodeParameter(GraphNode node)
    {
        GraphSchema.RequireLabel(node.Label);
        var props = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Properties)
        {
            if (ReservedKeys.Contains(key) || Flatten(value) is not { } flat) continue;
            props[key] = flat;
        }
        // Keys as written, so reads return exactly the batch's properties and not the store's own (id, label...).
        props["propertyKeys"] = node.Properties.Keys.Where(k => !ReservedKeys.Contains(k) && props.ContainsKey(k))
            .Order(StringComparer.Ordinal).ToArray();
        props["id"] = node.Id;
        props["name"] = node.Name;
        props["label"] = node.Label;
        props.TryAdd("category", node.Category);
        return new Dictionary<string, object?>
        {
            ["id"] = node.Id,
            ["label"] = node.Label,
            ["authoritative"] = node.Authoritative,
            ["props"] = props,
        };
    }

    private static Dictionary<string, object?> EdgeParameter(GraphEdge edge, IReadOnlyList<string> publications)
    {
        GraphSchema.RequireRelationship(edge.Type);
        return new Dictionary<string, object?>
        {
            ["from"] = edge.From,
            ["type"] = edge.Type,
            ["to"] = edge.To,
            ["agent"] = edge.AgentType,
            ["publications"] = JsonSerializer.Serialize(publications, Neo4jJson.Options),
            ["evidence"] = JsonSerializer.Serialize(edge.Evidence, Neo4jJson.Options),
            ["properties"] = JsonSerializer.Serialize(edge.Properties, Neo4jJson.Options),
            ["evidenceCount"] = (long)edge.Evidence.Count,
        };
    }

    /// <summary>A document contributes once per edge: repeated (from, type, to) entries are combined.</summary>
    internal static List<GraphEdge> MergeDuplicateEdges(IReadOnlyList<GraphEdge> edges) =>
        [.. edges.GroupBy(e => (e.From, e.Type, e.To)).Select(g => g.Count() == 1 ? g.First() : g.First() with
        {
            AgentType = g.Any(e => e.AgentType == GraphEdge.ManualAgent) ? GraphEdge.ManualAgent : g.First().AgentType,
            Evidence = [.. g.SelectMany(e => e.Evidence)],
            Properties = g.SelectMany(e => e.Properties).GroupBy(p => p.Key)
                .ToDictionary(p => p.Key, p => p.Last().Value, StringComparer.Ordinal),
        })];

    /// <summary>A value Neo4j can hold as a property, or null to skip it.</summary>
    internal static object? Flatten(object? value) => value switch
    {
        null => null,
        string or bool or long or double => value,
        int or short or byte or sbyte or uint or ushort => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        float f => (double)f,
        decimal m => (double)m,
        JsonElement e => Flatten(Neo4jJson.ToPlain(e)),
        IEnumerable<string> strings => strings.ToArray(),
        IEnumerable list when value is not IDictionary && list.Cast<object?>().All(x => x is string) => list.Cast<string>().ToArray(),
        _ => JsonSerializer.Serialize(value, value.GetType(), Neo4jJson.Options),
    };
}
