using System.Globalization;
using KnowledgeGraph.Core.Evaluation;
using Spectre.Console;

namespace KnowledgeGraph.Cli;

/// <summary>Prints an evaluation report as a table (and, verbose, each document's mistakes).</summary>
public static class EvaluationPrinter
{
    public static void Print(EvaluationReport report, bool verbose)
    {
        var table = new Table().AddColumns("Kind", "Precision", "Recall", "F1", "TP", "FP", "FN");
        foreach (var kind in EvaluationReport.Kinds)
            if (report.ByKind.TryGetValue(kind, out var s)) table.AddRow(Row(kind, s));
        table.AddRow(Row("overall", report.Overall));
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"{report.Documents} documents");
        if (!verbose) return;
        foreach (var d in report.PerDocument.Where(d => d.FalsePositives.Count + d.FalseNegatives.Count > 0))
            AnsiConsole.MarkupLineInterpolated($"{d.Id}: FP [{string.Join(", ", d.FalsePositives)}] FN [{string.Join(", ", d.FalseNegatives)}]");
    }

    private static string[] Row(string kind, Score s) =>
    [
        kind, F(s.Precision), F(s.Recall), F(s.F1),
        s.TruePositives.ToString(CultureInfo.InvariantCulture), s.FalsePositives.ToString(CultureInfo.InvariantCulture), s.FalseNegatives.ToString(CultureInfo.InvariantCulture),
    ];

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
}
