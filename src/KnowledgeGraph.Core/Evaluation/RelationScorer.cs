using KnowledgeGraph.Core.Extraction;
using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Core.Evaluation;

/// <summary>
/// Accumulates the findings scores of <c>shared/eval/README.md</c> document by document. Per document it is given the
/// relationships the graph would show for that document alone (its batch rolled up by <see cref="RelationshipAggregator"/>,
/// the same code both stores use), and compares:
/// <list type="bullet">
/// <item>(from, type, to) for REPORTS_OUTCOME from a CellType and TESTS from a Trial; Trial -> Outcome edges are not
/// scored; an expected edge marked <c>context: preclinical</c> is left out, and so is the same edge in the graph;</item>
/// <item>polarity of matched REPORTS_OUTCOME edges: the edge's <c>polarity</c> property against the expected reading
/// (improved -> positive, worsened and not_achieved -> negative, unchanged -> neutral) or any <c>alsoAccept</c> reading;</item>
/// <item>sign errors: shown positive where only a negative reading is expected, or the reverse;</item>
/// <item>value: the edge's <c>value</c> against the expected value (<see cref="FindingValues.Match"/>).</item>
/// </list>
/// </summary>
public sealed class RelationScorer
{
    private readonly Dictionary<string, (int Tp, int Fp, int Fn)> _counts = new(StringComparer.Ordinal);
    private readonly List<RelationErrors> _perDocument = [];
    private int _polarityCorrect, _polarityScored, _signErrors, _valueCorrect, _valueScored;

    public RelationScorer()
    {
        foreach (var type in RelationReport.Types) _counts[type] = (0, 0, 0);
    }

    /// <summary>The edge sign a curator's polarity reading maps to.</summary>
    public static string? SignOf(string? polarity) => polarity switch
    {
        RelationExtractor.Improved => RelationshipAggregator.Positive,
        RelationExtractor.Worsened or RelationExtractor.NotAchieved => RelationshipAggregator.Negative,
        RelationExtractor.Unchanged => RelationshipAggregator.Neutral,
        _ => null,
    };

    /// <summary>Whether a relationship of the graph is scored: REPORTS_OUTCOME from a cell type to an outcome, TESTS from a trial.</summary>
    public static bool IsScored(string from, string type, string to) => type switch
    {
        GraphSchema.Relationships.ReportsOutcome => from.StartsWith("celltype:", StringComparison.Ordinal) && to.StartsWith("outcome:", StringComparison.Ordinal),
        GraphSchema.Relationships.Tests => from.StartsWith(GraphBatchBuilder.TrialPrefix, StringComparison.Ordinal),
        _ => false,
    };

    public void Add(string documentId, IReadOnlyList<ExpectedRelation> expected, IEnumerable<GraphRelationship> shown)
    {
        var preclinical = expected.Where(e => e.IsPreclinical).Select(Key).ToHashSet();
        var gold = new Dictionary<(string, string, string), ExpectedRelation>();
        foreach (var e in expected.Where(e => !e.IsPreclinical && IsScored(e.From, e.Type, e.To)))
            gold.TryAdd(Key(e), e);
        var graph = new Dictionary<(string, string, string), GraphRelationship>();
        foreach (var r in shown.Where(r => IsScored(r.From, r.Type, r.To)))
            if (!preclinical.Contains((r.From, r.Type, r.To))) graph.TryAdd((r.From, r.Type, r.To), r);

        List<string> fp = [], fn = [], polarityMisses = [], valueMisses = [];
        foreach (var key in gold.Keys.Union(graph.Keys).OrderBy(k => k.Item2, StringComparer.Ordinal).ThenBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item3, StringComparer.Ordinal))
        {
            var type = key.Item2;
            var c = _counts[type];
            var inGold = gold.TryGetValue(key, out var e);
            var inGraph = graph.TryGetValue(key, out var r);
            if (inGold && inGraph)
            {
                _counts[type] = (c.Tp + 1, c.Fp, c.Fn);
                ScoreMatch(e!, r!, polarityMisses, valueMisses);
            }
            else if (inGraph)
            {
                _counts[type] = (c.Tp, c.Fp + 1, c.Fn);
                fp.Add(Describe(key) + Shown(r!));
            }
            else
            {
                _counts[type] = (c.Tp, c.Fp, c.Fn + 1);
                fn.Add(Describe(key) + (e!.Polarity is { } p ? $" ({p})" : ""));
            }
        }
        _perDocument.Add(new RelationErrors(documentId, fp, fn, polarityMisses, valueMisses));
    }

    private void ScoreMatch(ExpectedRelation e, GraphRelationship r, List<string> polarityMisses, List<string> valueMisses)
    {
        if (e.Type != GraphSchema.Relationships.ReportsOutcome) return;
        var shownPolarity = r.Properties.GetValueOrDefault("polarity") as string;
        if (SignOf(e.Polarity) is not null)
        {
            var accepted = e.AlsoAccept.Prepend(e.Polarity).Select(SignOf).OfType<string>().ToHashSet(StringComparer.Ordinal);
            _polarityScored++;
            if (shownPolarity is not null && accepted.Contains(shownPolarity)) _polarityCorrect++;
            else
            {
                var opposite = shownPolarity == RelationshipAggregator.Positive ? RelationshipAggregator.Negative
                    : shownPolarity == RelationshipAggregator.Negative ? RelationshipAggregator.Positive : null;
                var signError = opposite is not null && accepted.Contains(opposite);
                if (signError) _signErrors++;
                polarityMisses.Add($"{Describe((e.From, e.Type, e.To))}: expected {string.Join("|", e.AlsoAccept.Prepend(e.Polarity))}, shown {shownPolarity ?? "none"}{(signError ? " (SIGN ERROR)" : "")}");
            }
        }
        if (e.Value is not null)
        {
            _valueScored++;
            var shownValue = r.Properties.GetValueOrDefault("value") as string;
            if (FindingValues.Match(e.Value, shownValue)) _valueCorrect++;
            else valueMisses.Add($"{Describe((e.From, e.Type, e.To))}: expected \"{e.Value}\", shown {(shownValue is null ? "none" : $"\"{shownValue}\"")}");
        }
    }

    public RelationReport Report()
    {
        var byType = _counts.ToDictionary(kv => kv.Key, kv => Score.From(kv.Value.Tp, kv.Value.Fp, kv.Value.Fn), StringComparer.Ordinal);
        var overall = Score.From(_counts.Values.Sum(c => c.Tp), _counts.Values.Sum(c => c.Fp), _counts.Values.Sum(c => c.Fn));
        return new RelationReport(overall, byType, new Ratio(_polarityCorrect, _polarityScored), _signErrors,
            new Ratio(_valueCorrect, _valueScored), [.. _perDocument]);
    }

    private static (string, string, string) Key(ExpectedRelation e) => (e.From, e.Type, e.To);

    private static string Describe((string From, string Type, string To) k) => $"{k.From} {k.Type} {k.To}";

    private static string Shown(GraphRelationship r) =>
        r.Type == GraphSchema.Relationships.ReportsOutcome && r.Properties.GetValueOrDefault("polarity") is string p ? $" ({p})" : "";
}
