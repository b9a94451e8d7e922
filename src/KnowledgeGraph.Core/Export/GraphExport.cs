using System.Globalization;
using System.Text.Json;
using System.Xml;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Core.Export;

/// <summary>Export formats shared by <c>kg export</c> and <c>GET /api/export</c>.</summary>
public enum ExportFormat
{
    Json,
    GraphMl,
    Cypher,
}

/// <summary>Writes a whole graph as JSON (nodes + relationships) or GraphML (opens in Cytoscape, yEd, Gephi).</summary>
public static class GraphExport
{
    public static string ContentType(ExportFormat format) => format switch
    {
        ExportFormat.Json => "application/json",
        ExportFormat.GraphMl => "application/graphml+xml",
        _ => "text/plain; charset=utf-8",
    };

    public static string FileExtension(ExportFormat format) => format switch
    {
        ExportFormat.Json => "json",
        ExportFormat.GraphMl => "graphml",
        _ => "cypher",
    };

    public static bool TryParse(string? value, out ExportFormat format)
    {
        format = ExportFormat.Json;
        switch (value?.ToLowerInvariant())
        {
            case null or "" or "json": return true;
            case "graphml": format = ExportFormat.GraphMl; return true;
            case "cypher": format = ExportFormat.Cypher; return true;
            default: return false;
        }
    }

    public static async Task WriteJsonAsync(Subgraph graph, Stream output, CancellationToken cancellationToken = default) =>
        await JsonSerializer.SerializeAsync(output, new { nodes = graph.Nodes.Select(NodeView), relationships = graph.Relationships }, GraphJson.Options, cancellationToken);

    /// <summary>The node as exported: id, label, name, category and its properties.</summary>
    public static IReadOnlyDictionary<string, object?> NodeView(GraphNode n) => new Dictionary<string, object?>
    {
        ["id"] = n.Id,
        ["label"] = n.Label,
        ["name"] = n.Name,
        ["category"] = n.Category,
        ["properties"] = n.Properties,
    };

    public static async Task WriteGraphMlAsync(Subgraph graph, Stream output, CancellationToken cancellationToken = default)
    {
        await using var xml = XmlWriter.Create(output, new XmlWriterSettings { Async = true, Indent = true, Encoding = new System.Text.UTF8Encoding(false) });
        const string ns = "http://graphml.graphdrawing.org/xmlns";
        await xml.WriteStartDocumentAsync();
        await xml.WriteStartElementAsync(null, "graphml", ns);
        (string Id, string For, string Name, string Type)[] keys =
        [
            ("label", "node", "label", "string"), ("name", "node", "name", "string"), ("category", "node", "category", "string"),
            ("properties", "node", "properties", "string"),
            ("type", "edge", "type", "string"), ("agentType", "edge", "agentType", "string"), ("evidenceCount", "edge", "evidenceCount", "int"),
            ("paperCount", "edge", "paperCount", "int"), ("publications", "edge", "publications", "string"), ("edgeProperties", "edge", "properties", "string"),
        ];
        foreach (var k in keys)
        {
            await xml.WriteStartElementAsync(null, "key", ns);
            await xml.WriteAttributeStringAsync(null, "id", null, k.Id);
            await xml.WriteAttributeStringAsync(null, "for", null, k.For);
            await xml.WriteAttributeStringAsync(null, "attr.name", null, k.Name);
            await xml.WriteAttributeStringAsync(null, "attr.type", null, k.Type);
            await xml.WriteEndElementAsync();
        }
        await xml.WriteStartElementAsync(null, "graph", ns);
        await xml.WriteAttributeStringAsync(null, "id", null, "knowledge-graph");
        await xml.WriteAttributeStringAsync(null, "edgedefault", null, "directed");
        foreach (var n in graph.Nodes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await xml.WriteStartElementAsync(null, "node", ns);
            await xml.WriteAttributeStringAsync(null, "id", null, n.Id);
            await Data(xml, ns, "label", n.Label);
            await Data(xml, ns, "name", n.Name);
            await Data(xml, ns, "category", n.Category);
            await Data(xml, ns, "properties", GraphJson.Serialize(n.Properties));
            await xml.WriteEndElementAsync();
        }
        var i = 0;
        foreach (var r in graph.Relationships)
        {
            await xml.WriteStartElementAsync(null, "edge", ns);
            await xml.WriteAttributeStringAsync(null, "id", null, "e" + (i++).ToString(CultureInfo.InvariantCulture));
            await xml.WriteAttributeStringAsync(null, "source", null, r.From);
            await xml.WriteAttributeStringAsync(null, "target", null, r.To);
            await Data(xml, ns, "type", r.Type);
            await Data(xml, ns, "agentType", r.AgentType);
            await Data(xml, ns, "evidenceCount", r.EvidenceCount.ToString(CultureInfo.InvariantCulture));
            await Data(xml, ns, "paperCount", r.PaperCount.ToString(CultureInfo.InvariantCulture));
            await Data(xml, ns, "publications", string.Join('|', r.Publications));
            await Data(xml, ns, "edgeProperties", GraphJson.Serialize(r.Properties));
            await xml.WriteEndElementAsync();
        }
        await xml.WriteEndElementAsync();
        await xml.WriteEndElementAsync();
        await xml.WriteEndDocumentAsync();
    }

    private static async Task Data(XmlWriter xml, string ns, string key, string value)
    {
        await xml.WriteStartElementAsync(null, "data", ns);
        await xml.WriteAttributeStringAsync(null, "key", null, key);
        await xml.WriteStringAsync(value);
        await xml.WriteEndElementAsync();
    }
}
