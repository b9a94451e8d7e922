using System.Text;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Core.Trials;

/// <summary>
/// The evidence table as CSV (RFC 4180) or a Markdown table, the same columns for <c>GET /api/evidence-table</c> and
/// <c>kg table</c>. A finding is written as its value (or its sentence, clipped) with its direction and, in brackets,
/// the document it comes from, so every number in the table names its source.
/// </summary>
public static class EvidenceTableFormat
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "trial", "title", "product", "cell type", "mechanism", "source", "site", "protection", "phase", "status", "enrollment",
        "dose", "patients", "follow-up", "outcome", "findings", "direction", "sources", "flags",
    ];

    /// <summary>Longest sentence text written for a finding without a value.</summary>
    public const int MaxFindingText = 160;

    public static IReadOnlyList<string> Cells(EvidenceRow r) =>
    [
        r.RegistryId,
        r.Title ?? "",
        Names(r.Products),
        Names(r.CellTypes),
        Names(r.Mechanisms),
        Names(r.CellSources),
        Names(r.DeliverySites),
        Names(r.Protections),
        r.Phase ?? "",
        r.Status ?? "",
        r.Enrollment is { } n ? $"{n}{(r.EnrollmentType is { } t ? $" ({t})" : "")}" : "",
        string.Join("; ", r.Doses),
        string.Join("; ", r.Patients),
        string.Join("; ", r.FollowUp),
        r.Outcome?.Name ?? "",
        string.Join("; ", r.Findings.Select(Describe)),
        r.Direction ?? "",
        string.Join("; ", r.Sources),
        string.Join("; ", r.Flags),
    ];

    /// <summary>"VX-880: 10 of 12 Participants [registry:NCT04786262]", "10 of 12 (improved) [paper:pmid:1]".</summary>
    public static string Describe(TrialFinding f)
    {
        var text = f.Value ?? (f.Text.Length <= MaxFindingText ? f.Text : f.Text[..(MaxFindingText - 3)] + "...");
        // The polarity already reads the sentence's negation ("no serious adverse events" is improved safety, "was not
        // achieved" is not_achieved): prefixing "not" for a negated sentence turned both into their opposite.
        var direction = f.Polarity is { } p ? $" ({p}{(f.Speculative ? ", hedged" : "")})" : "";
        return $"{text}{direction} [{f.DocumentId}]";
    }

    public static string Csv(IEnumerable<EvidenceRow> rows)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', Columns.Select(CsvCell)).Append("\r\n");
        foreach (var r in rows) sb.AppendJoin(',', Cells(r).Select(CsvCell)).Append("\r\n");
        return sb.ToString();
    }

    public static string Markdown(IEnumerable<EvidenceRow> rows)
    {
        var sb = new StringBuilder();
        sb.Append("| ").AppendJoin(" | ", Columns).Append(" |\n");
        sb.Append('|').AppendJoin('|', Columns.Select(_ => "---")).Append("|\n");
        foreach (var r in rows) sb.Append("| ").AppendJoin(" | ", Cells(r).Select(MarkdownCell)).Append(" |\n");
        return sb.ToString();
    }

    /// <summary>The matrix as a Markdown table: one row per mechanism, one column per outcome, each cell
    /// "trials / papers / patients, direction".</summary>
    public static string MatrixMarkdown(OutcomeMatrix matrix)
    {
        var sb = new StringBuilder();
        sb.Append("| mechanism | ").AppendJoin(" | ", matrix.Outcomes.Select(o => MarkdownCell(o.Name))).Append(" |\n");
        sb.Append("|---|").AppendJoin('|', matrix.Outcomes.Select(_ => "---")).Append("|\n");
        foreach (var m in matrix.Mechanisms)
        {
            sb.Append("| ").Append(MarkdownCell(m.Name)).Append(" | ");
            sb.AppendJoin(" | ", matrix.Outcomes.Select(o => matrix.Cells.FirstOrDefault(c => c.MechanismId == m.Id && c.OutcomeId == o.Id) is { } c
                ? $"{c.Trials} trials, {c.Papers} papers, {c.Patients} patients, {c.Direction}"
                : ""));
            sb.Append(" |\n");
        }
        return sb.ToString();
    }

    private static string Names(IEnumerable<ConceptRef> refs) => string.Join("; ", refs.Select(r => r.Name));

    // Quoted when needed; a cell a spreadsheet would run as a formula (=, +, @) is prefixed with an apostrophe.
    private static string CsvCell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    private static string MarkdownCell(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
