using System.Globalization;
using System.Text;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Core.Export;

/// <summary>
/// The graph as a Cypher script for <c>cypher-shell -f</c>: the schema's constraints and indexes first, then
/// idempotent MERGE statements (the same shapes the Neo4j store writes: every node also carries <c>:Entity</c>,
/// relationships are merged between nodes found by id), so loading it twice changes nothing.
/// </summary>
public static class CypherScript
{
    public static async Task WriteAsync(Subgraph graph, Stream output, CancellationToken cancellationToken = default)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        await writer.WriteLineAsync("// KnowledgeGraph export: load with  cypher-shell -f graph.cypher");
        foreach (var statement in SchemaScript.Statements)
            await writer.WriteLineAsync(statement.TrimEnd().TrimEnd(';') + ";");
        foreach (var n in graph.Nodes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var label = GraphSchema.RequireLabel(n.Label);
            var props = new Dictionary<string, object?>(n.Properties) { ["name"] = n.Name, ["category"] = n.Category, ["label"] = label };
            await writer.WriteLineAsync($"MERGE (n:Entity {{id: {Literal(n.Id)}}}) SET n:{label} SET n += {Map(props)};");
        }
        foreach (var r in graph.Relationships)
        {
            var type = GraphSchema.RequireRelationship(r.Type);
            var props = new Dictionary<string, object?>(r.Properties)
            {
                ["agentType"] = r.AgentType,
                ["evidenceCount"] = (long)r.EvidenceCount,
                ["paperCount"] = (long)r.PaperCount,
                ["publications"] = r.Publications.ToArray(),
                ["primarySources"] = r.PrimarySources.ToArray(),
            };
            await writer.WriteLineAsync(
                $"MATCH (a:Entity {{id: {Literal(r.From)}}}), (b:Entity {{id: {Literal(r.To)}}}) MERGE (a)-[r:{type}]->(b) SET r += {Map(props)};");
        }
    }

    /// <summary>A Cypher literal; strings use single quotes with backslash escapes as the Cypher grammar defines.</summary>
    public static string Literal(object? value) => value switch
    {
        null => "null",
        string s => "'" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "'",
        bool b => b ? "true" : "false",
        long or int => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list => "[" + string.Join(", ", list.Cast<object?>().Select(Literal)) + "]",
        _ => Literal(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    private static string Map(IReadOnlyDictionary<string, object?> props) =>
        "{" + string.Join(", ", props.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"`{p.Key.Replace("`", "``", StringComparison.Ordinal)}`: {Literal(p.Value)}")) + "}";
}
