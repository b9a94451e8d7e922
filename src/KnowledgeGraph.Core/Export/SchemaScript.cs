using System.Text;

namespace KnowledgeGraph.Core.Export;

/// <summary>
/// <c>graph-schema/schema.cypher</c> (constraints and indexes), embedded in this assembly like the vocabulary so every
/// host has the same text: the Neo4j store applies it on first use, Cypher exports start with it, <c>kg schema show</c>
/// prints it.
/// </summary>
public static class SchemaScript
{
    private const string Resource = "KnowledgeGraph.schema.cypher";

    private static readonly Lazy<IReadOnlyList<string>> Cached = new(Load);

    /// <summary>The schema's statements, in file order, without comments or the closing semicolons.</summary>
    public static IReadOnlyList<string> Statements => Cached.Value;

    /// <summary>Splits a .cypher file into statements: drops <c>//</c> comment lines, splits at a <c>;</c> ending a line.</summary>
    public static IReadOnlyList<string> Split(string text)
    {
        var statements = new List<string>();
        var current = new StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith("//", StringComparison.Ordinal)) continue;
            var trimmed = line.TrimEnd();
            if (trimmed.EndsWith(';'))
            {
                current.AppendLine(trimmed[..^1]);
                Flush();
            }
            else
            {
                current.AppendLine(line);
            }
        }
        Flush();
        return statements;

        void Flush()
        {
            var s = current.ToString().Trim();
            if (s.Length > 0) statements.Add(s);
            current.Clear();
        }
    }

    private static IReadOnlyList<string> Load()
    {
        using var stream = typeof(SchemaScript).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"Embedded resource {Resource} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Split(reader.ReadToEnd());
    }
}
