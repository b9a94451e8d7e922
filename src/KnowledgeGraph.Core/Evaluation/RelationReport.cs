namespace KnowledgeGraph.Core.Evaluation;

/// <summary>
/// Scores of the findings (<c>expected.relations</c>) on what the graph shows for each document: P/R/F1 per scored
/// relationship type (REPORTS_OUTCOME from a cell type, TESTS from a trial), polarity accuracy over matched
/// REPORTS_OUTCOME edges, sign errors among them, and value accuracy over matched edges whose expected finding has a value.
/// </summary>
public sealed record RelationReport(
    Score Overall,
    IReadOnlyDictionary<string, Score> ByType,
    Ratio Polarity,
    int SignErrors,
    Ratio Value,
    IReadOnlyList<RelationErrors> PerDocument)
{
    /// <summary>The scored types in reporting order.</summary>
    public static readonly IReadOnlyList<string> Types = ["REPORTS_OUTCOME", "TESTS"];
}

/// <summary>How many of <see cref="Scored"/> items were right; 1 when none were scored (nothing to get wrong).</summary>
public sealed record Ratio(int Correct, int Scored)
{
    public double Accuracy => Scored == 0 ? 1.0 : (double)Correct / Scored;
}

/// <summary>One document's finding mistakes: edges shown but not expected, expected but not shown, and matched edges
/// whose polarity or value is not the expected one (each as "from TYPE to: expected ≠ shown").</summary>
public sealed record RelationErrors(
    string Id,
    IReadOnlyList<string> FalsePositives,
    IReadOnlyList<string> FalseNegatives,
    IReadOnlyList<string> PolarityMisses,
    IReadOnlyList<string> ValueMisses)
{
    public bool Any => FalsePositives.Count + FalseNegatives.Count + PolarityMisses.Count + ValueMisses.Count > 0;
}
