using System.Reflection;
using System.Text;

namespace KnowledgeGraph.Core.Vocabulary;

/// <summary>
/// The concept vocabulary from <c>graph-schema/vocabulary.tsv</c> (embedded in this assembly).
/// Columns: id, kind, name, synonyms (|-separated), broader, acts_via (|-separated), xrefs (|-separated).
/// </summary>
public sealed class ConceptVocabulary
{
    private readonly Dictionary<string, Concept> _byId;

    public ConceptVocabulary(IEnumerable<Concept> concepts)
    {
        Concepts = [.. concepts];
        _byId = Concepts.ToDictionary(c => c.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<Concept> Concepts { get; }

    /// <summary>The vocabulary shipped with the project.</summary>
    public static ConceptVocabulary Default { get; } = LoadEmbedded();

    public Concept? Find(string id) => _byId.GetValueOrDefault(id);

    public Concept Get(string id) =>
        _byId.TryGetValue(id, out var c) ? c : throw new KeyNotFoundException($"Unknown concept id '{id}'.");

    public IEnumerable<Concept> OfKind(string kind) => Concepts.Where(c => c.Kind == kind);

    public static ConceptVocabulary Parse(TextReader reader)
    {
        var concepts = new List<Concept>();
        var header = reader.ReadLine() ?? throw new FormatException("Vocabulary is empty.");
        var columns = header.Split('\t');
        int Col(string name) => Array.IndexOf(columns, name) is var i and >= 0
            ? i : throw new FormatException($"Vocabulary header lacks column '{name}'.");
        int id = Col("id"), kind = Col("kind"), name = Col("name"), syn = Col("synonyms"),
            broader = Col("broader"), actsVia = Col("acts_via"), xrefs = Col("xrefs");
        var lineNo = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var f = line.Split('\t');
            string Field(int i) => i < f.Length ? f[i].Trim() : "";
            static string[] List(string s) => s.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (Field(id).Length == 0 || Field(kind).Length == 0)
                throw new FormatException($"Vocabulary line {lineNo}: id and kind are required.");
            concepts.Add(new Concept(
                Field(id), Field(kind), Field(name), List(Field(syn)),
                Field(broader) is { Length: > 0 } b ? b : null, List(Field(actsVia)), List(Field(xrefs))));
        }
        return new ConceptVocabulary(concepts);
    }

    private static ConceptVocabulary LoadEmbedded()
    {
        using var stream = typeof(ConceptVocabulary).Assembly.GetManifestResourceStream("KnowledgeGraph.vocabulary.tsv")
            ?? throw new InvalidOperationException("The embedded vocabulary is missing from KnowledgeGraph.Core.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader);
    }
}
