using System.Globalization;
using System.Text;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Api;

/// <summary>
/// Writes the graph as a Cypher script that <c>cypher-shell -f</c> (or Neo4j Browser) loads into an empty or existing
/// database: the schema statements, then one MERGE per node and per relationship. Values are literals (a script has
/// no parameters), so every string is escaped and labels/types come only from the <see cref="GraphSchema"/> allow-list.
/// </summary>
public static class CypherScript
{
    public static async Task WriteAsync(IGraphStore store, Stream output, CancellationToken ct)
    {
        var graph = await store.ExportAsync(ct);
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\n" };
        await writer.WriteLineAsync("// KnowledgeGraph export: schema, nodes, relationships. Load with: cypher-shell -f <file>");
        if (SchemaFiles.Find(SchemaFiles.SchemaRelativePath) is { } schemaPath)
        {
            var schema = (await File.ReadAllTextAsync(schemaPath, ct)).Trim();
            if (schema.Length > 0) await writer.WriteLineAsync(schema);
        }
        foreach (var node in graph.Nodes)
        {
            ct.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(NodeStatement(node));
        }
        foreach (var rel in graph.Relationships)
        {
            ct.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(RelationshipStatement(rel));
        }
        await writer.FlushAsync(ct);
    }

    public static string NodeStatement(GraphNode node)
    {
        var props = new List<KeyValuePair<string, object?>>
        {
            new("name", node.Name),
            new("category", node.Category),
        };
        props.AddRange(node.Properties.Where(p => p.Key is not ("id" or "name" or "category")).OrderBy(p => p.Key, StringComparer.Ordinal));
        return $"MERGE (n:Entity:{GraphSchema.RequireLabel(node.Label)} {{id: {Literal(node.Id)}}}) SET n += {Map(props)};";
    }

    public static string RelationshipStatement(GraphRelationship rel)
    {
        var props = new List<KeyValuePair<string, object?>>
        {
            new("agentType", rel.AgentType),
            new("evidenceCount", (long)rel.EvidenceCount),
            new("paperCount", (long)rel.PaperCount),
            new("publications", rel.Publications.ToArray()),
            new("primarySources", rel.PrimarySources.ToArray()),
        };
        // Only values Neo4j can store as properties: scalars and homogeneous string lists.
        props.AddRange(rel.Properties
            .Where(p => p.Value is string or bool or long or int or double or float or string[] && p.Key is not ("agentType" or "evidenceCount" or "paperCount" or "publications" or "primarySources"))
            .OrderBy(p => p.Key, StringComparer.Ordinal));
        return $"MATCH (a:Entity {{id: {Literal(rel.From)}}}), (b:Entity {{id: {Literal(rel.To)}}}) " +
               $"MERGE (a)-[r:{GraphSchema.RequireRelationship(rel.Type)}]->(b) SET r += {Map(props)};";
    }

    private static string Map(IEnumerable<KeyValuePair<string, object?>> props)
    {
        var parts = props
            .Select(p => (p.Key, Value: Value(GraphJson.Normalize(p.Value))))
            .Where(p => p.Value is not null)
            .Select(p => $"{Key(p.Key)}: {p.Value}");
        return "{" + string.Join(", ", parts) + "}";
    }

    /// <summary>A Cypher literal for a property value; null when it cannot be a property (then it is left out).</summary>
    private static string? Value(object? value) => value switch
    {
        null => null,
        string s => Literal(s),
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d when double.IsFinite(d) => Float(d),
        double => null,
        string[] list => "[" + string.Join(", ", list.Select(Literal)) + "]",
        // Mixed or nested values cannot be Neo4j properties; keep them as their JSON text.
        object[] or IReadOnlyDictionary<string, object?> => Literal(GraphJson.Serialize(value)),
        _ => Literal(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
    };

    private static string Float(double d)
    {
        var s = d.ToString("R", CultureInfo.InvariantCulture).Replace("E+", "E", StringComparison.Ordinal);
        // Without a point or exponent Cypher would read an integer.
        return s.Contains('.', StringComparison.Ordinal) || s.Contains('E', StringComparison.Ordinal) ? s : s + ".0";
    }

    /// <summary>A single-quoted Cypher string literal.</summary>
    public static string Literal(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('\'');
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\'': sb.Append(@"\'"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                case var _ when char.IsControl(c) || c is '\u2028' or '\u2029':
                    sb.Append(@"\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append('\'').ToString();
    }

    /// <summary>A property key: bare when it is a plain identifier, else backtick-quoted (backticks doubled).</summary>
    public static string Key(string key) =>
        key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] == '_') && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? key
            : "`" + key.Replace("`", "``", StringComparison.Ordinal) + "`";
}
