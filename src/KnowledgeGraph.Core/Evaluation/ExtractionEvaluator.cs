using System.Text.Json;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Extraction;
using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Core.Evaluation;

/// <summary>
/// Runs the real extractor over the evaluation JSONL (see <c>shared/eval/README.md</c>) and scores it:
/// micro P/R/F1 over (document, id) pairs, overall and per kind. A document is its title (Title section) and
/// text (Abstract section); its found ids are <see cref="DocumentConcepts"/>. Findings (<c>expected.relations</c>) are
/// scored on what the graph shows: the document's <see cref="GraphBatchBuilder"/> batch, each edge rolled up by
/// <see cref="RelationshipAggregator"/> as a store would show it with this document alone (<see cref="RelationScorer"/>).
/// </summary>
public sealed class ExtractionEvaluator
{
    private readonly ConceptExtractor _extractor;
    private readonly GraphBatchBuilder _builder;

    public ExtractionEvaluator(ConceptExtractor extractor)
    {
        _extractor = extractor;
        _builder = new GraphBatchBuilder(extractor.Vocabulary);
    }

    /// <exception cref="FormatException">A line is not a well-formed case; the message names its line number.</exception>
    public EvaluationReport Evaluate(TextReader jsonl)
    {
        var counts = new Dictionary<string, (int Tp, int Fp, int Fn)>(StringComparer.Ordinal);
        foreach (var kind in EvaluationReport.Kinds) counts[kind] = (0, 0, 0);
        var perDocument = new List<DocumentErrors>();
        var relations = new RelationScorer();
        var lineNumber = 0;
        while (jsonl.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var evalCase = EvaluationCase.Parse(line, lineNumber);
            var extraction = _extractor.Extract(evalCase.ToDocument());

            var found = DocumentConcepts.Concepts(extraction).Select(id => (Id: id, Kind: KindOf(id)))
                .Concat(DocumentConcepts.Trials(extraction).Select(id => (Id: id, Kind: GraphSchema.Labels.Trial)))
                .ToHashSet();
            var expected = evalCase.Concepts.Select(id => (Id: id, Kind: KindOf(id)))
                .Concat(evalCase.Trials.Select(id => (Id: TrialIds.Normalize(id) ?? id, Kind: GraphSchema.Labels.Trial)))
                .ToHashSet();

            foreach (var item in found.Union(expected))
            {
                var c = counts.GetValueOrDefault(item.Kind);
                var inFound = found.Contains(item);
                var inExpected = expected.Contains(item);
                counts[item.Kind] = inFound && inExpected ? (c.Tp + 1, c.Fp, c.Fn)
                    : inFound ? (c.Tp, c.Fp + 1, c.Fn) : (c.Tp, c.Fp, c.Fn + 1);
            }
            perDocument.Add(new DocumentErrors(evalCase.Id,
                [.. found.Except(expected).Select(x => x.Id).Order(StringComparer.Ordinal)],
                [.. expected.Except(found).Select(x => x.Id).Order(StringComparer.Ordinal)]));
            relations.Add(evalCase.Id, evalCase.Relations, Shown(extraction));
        }

        var byKind = counts.ToDictionary(kv => kv.Key, kv => Score.From(kv.Value.Tp, kv.Value.Fp, kv.Value.Fn), StringComparer.Ordinal);
        var overall = Score.From(counts.Values.Sum(c => c.Tp), counts.Values.Sum(c => c.Fp), counts.Values.Sum(c => c.Fn));
        return new EvaluationReport(perDocument.Count, overall, byKind, perDocument) { Relations = relations.Report() };
    }

    /// <summary>The scored relationships the graph would show for this document alone, rolled up as the stores do.</summary>
    private IEnumerable<GraphRelationship> Shown(DocumentExtraction extraction)
    {
        var batch = _builder.Build(extraction);
        foreach (var edge in batch.Edges)
        {
            if (!RelationScorer.IsScored(edge.From, edge.Type, edge.To)) continue;
            yield return RelationshipAggregator.Aggregate(edge.From, edge.Type, edge.To,
                [new EdgeContribution(batch.DocumentId, edge.AgentType, batch.Publications, edge.Evidence, edge.Properties)]);
        }
    }

    // The vocabulary knows each id's kind; an unknown id still counts, under the kind its prefix names.
    private string KindOf(string id) =>
        _extractor.Vocabulary.Find(id)?.Kind ?? id.Split(':')[0] switch
        {
            "celltype" => GraphSchema.Labels.CellType,
            "mechanism" => GraphSchema.Labels.Mechanism,
            "outcome" => GraphSchema.Labels.Outcome,
            "condition" => GraphSchema.Labels.Condition,
            "trial" => GraphSchema.Labels.Trial,
            var other => other,
        };
}

/// <summary>One line of the evaluation file.</summary>
internal sealed record EvaluationCase(string Id, string Source, string Title, string Text, IReadOnlyList<string> Concepts, IReadOnlyList<string> Trials,
    IReadOnlyList<ExpectedRelation> Relations)
{
    public static EvaluationCase Parse(string line, int lineNumber)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Fail("expected a JSON object");
            var id = RequiredString(root, "id");
            var document = Required(root, "document", JsonValueKind.Object);
            var expected = Required(root, "expected", JsonValueKind.Object);
            return new EvaluationCase(
                id,
                root.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "",
                document.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "",
                RequiredString(document, "text"),
                Strings(expected, "concepts"),
                Strings(expected, "trials"),
                Relations(expected));
        }
        catch (JsonException e)
        {
            throw new FormatException($"Line {lineNumber}: not valid JSON ({e.Message}).", e);
        }

        FormatException Fail(string why) => new($"Line {lineNumber}: {why}.");

        JsonElement Required(JsonElement parent, string name, JsonValueKind kind) =>
            parent.TryGetProperty(name, out var v) && v.ValueKind == kind ? v : throw Fail($"'{name}' is missing or not {kind.ToString().ToLowerInvariant()}");

        string RequiredString(JsonElement parent, string name) => Required(parent, name, JsonValueKind.String).GetString()!;

        IReadOnlyList<string> Strings(JsonElement parent, string name)
        {
            if (!parent.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return [];
            if (v.ValueKind != JsonValueKind.Array || v.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
                throw Fail($"'{name}' must be an array of strings");
            return [.. v.EnumerateArray().Select(x => x.GetString()!)];
        }

        IReadOnlyList<ExpectedRelation> Relations(JsonElement parent)
        {
            if (!parent.TryGetProperty("relations", out var v) || v.ValueKind == JsonValueKind.Null) return [];
            if (v.ValueKind != JsonValueKind.Array) throw Fail("'relations' must be an array");
            return [.. v.EnumerateArray().Select(x => ExpectedRelation.Parse(x, Fail))];
        }
    }

    public PaperDocument ToDocument() =>
        new(Id, Title, [], null, null, null, null, Source, DocumentFormat.Json,
            [new DocumentSection(SectionKind.Title, Title), new DocumentSection(SectionKind.Abstract, Text)], "");
}
