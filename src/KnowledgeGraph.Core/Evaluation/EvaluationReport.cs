using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KnowledgeGraph.Core.Evaluation;

/// <summary>Scores of an evaluation run, overall and per kind (CellType, Mechanism, Outcome, Condition, Trial).</summary>
/// <param name="Documents">How many documents were scored.</param>
/// <param name="PerDocument">Every document with its false positives and false negatives (for <c>--verbose</c>).</param>
public sealed record EvaluationReport(
    int Documents,
    Score Overall,
    IReadOnlyDictionary<string, Score> ByKind,
    IReadOnlyList<DocumentErrors> PerDocument)
{
    /// <summary>Findings scores (<c>expected.relations</c>); null only for a report built without them.</summary>
    public RelationReport? Relations { get; init; }

    /// <summary>The kinds in reporting order.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["CellType", "Mechanism", "Outcome", "Condition", "Trial"];

    /// <summary>
    /// The machine form from the evaluation README:
    /// <c>{"documents": N, "overall": {"precision": p, "recall": r, "f1": f}, "byKind": {"CellType": {...}, ...},
    /// "relations": {"overall": {...}, "byType": {"REPORTS_OUTCOME": {...}, "TESTS": {...}}, "polarity": {"accuracy": a,
    /// "correct": n, "scored": m}, "signErrors": k, "value": {"accuracy": a, "correct": n, "scored": m}}}</c>.
    /// </summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("documents", Documents);
            w.WritePropertyName("overall");
            Write(w, Overall);
            w.WriteStartObject("byKind");
            foreach (var (kind, score) in OrderedKinds())
            {
                w.WritePropertyName(kind);
                Write(w, score);
            }
            w.WriteEndObject();
            if (Relations is { } rel)
            {
                w.WriteStartObject("relations");
                w.WritePropertyName("overall");
                Write(w, rel.Overall);
                w.WriteStartObject("byType");
                foreach (var type in RelationReport.Types)
                {
                    w.WritePropertyName(type);
                    Write(w, rel.ByType[type]);
                }
                w.WriteEndObject();
                Write(w, "polarity", rel.Polarity);
                w.WriteNumber("signErrors", rel.SignErrors);
                Write(w, "value", rel.Value);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A fixed-width table for people; with <paramref name="verbose"/> the per-document errors follow.</summary>
    public string ToTable(bool verbose = false)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{Documents} documents");
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"kind",-10} {"P",6} {"R",6} {"F1",6} {"tp",5} {"fp",5} {"fn",5}");
        foreach (var (kind, s) in OrderedKinds().Append(("overall", Overall)))
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"{kind,-10} {s.Precision,6:0.000} {s.Recall,6:0.000} {s.F1,6:0.000} {s.TruePositives,5} {s.FalsePositives,5} {s.FalseNegatives,5}");
        if (verbose)
            foreach (var d in PerDocument.Where(d => d.FalsePositives.Count + d.FalseNegatives.Count > 0))
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"{d.Id}: FP [{string.Join(", ", d.FalsePositives)}] FN [{string.Join(", ", d.FalseNegatives)}]");
        if (Relations is { } rel)
        {
            sb.AppendLine();
            sb.AppendLine("findings (relations, on the graph's edges)");
            sb.AppendLine(CultureInfo.InvariantCulture, $"{"type",-16} {"P",6} {"R",6} {"F1",6} {"tp",5} {"fp",5} {"fn",5}");
            foreach (var (type, s) in RelationReport.Types.Select(t => (t, rel.ByType[t])).Append(("overall", rel.Overall)))
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"{type,-16} {s.Precision,6:0.000} {s.Recall,6:0.000} {s.F1,6:0.000} {s.TruePositives,5} {s.FalsePositives,5} {s.FalseNegatives,5}");
            sb.AppendLine(CultureInfo.InvariantCulture, $"polarity accuracy {rel.Polarity.Accuracy:0.000} ({rel.Polarity.Correct}/{rel.Polarity.Scored})");
            sb.AppendLine(CultureInfo.InvariantCulture, $"sign errors       {rel.SignErrors}");
            sb.AppendLine(CultureInfo.InvariantCulture, $"value accuracy    {rel.Value.Accuracy:0.000} ({rel.Value.Correct}/{rel.Value.Scored})");
            if (verbose)
                foreach (var d in rel.PerDocument.Where(d => d.Any))
                {
                    sb.AppendLine(CultureInfo.InvariantCulture, $"{d.Id}:");
                    foreach (var x in d.FalsePositives) sb.AppendLine(CultureInfo.InvariantCulture, $"  FP {x}");
                    foreach (var x in d.FalseNegatives) sb.AppendLine(CultureInfo.InvariantCulture, $"  FN {x}");
                    foreach (var x in d.PolarityMisses) sb.AppendLine(CultureInfo.InvariantCulture, $"  polarity {x}");
                    foreach (var x in d.ValueMisses) sb.AppendLine(CultureInfo.InvariantCulture, $"  value {x}");
                }
        }
        return sb.ToString();
    }

    private IEnumerable<(string Kind, Score Score)> OrderedKinds() =>
        Kinds.Where(ByKind.ContainsKey).Select(k => (k, ByKind[k]))
            .Concat(ByKind.Where(kv => !Kinds.Contains(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)));

    private static void Write(Utf8JsonWriter w, string name, Ratio r)
    {
        w.WriteStartObject(name);
        w.WriteNumber("accuracy", Math.Round(r.Accuracy, 4));
        w.WriteNumber("correct", r.Correct);
        w.WriteNumber("scored", r.Scored);
        w.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter w, Score s)
    {
        w.WriteStartObject();
        w.WriteNumber("precision", Math.Round(s.Precision, 4));
        w.WriteNumber("recall", Math.Round(s.Recall, 4));
        w.WriteNumber("f1", Math.Round(s.F1, 4));
        w.WriteEndObject();
    }
}
