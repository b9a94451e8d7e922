using System.Text.Json;
using KnowledgeGraph.Core.Evaluation;
using KnowledgeGraph.Core.Extraction;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Vocabulary;

namespace KnowledgeGraph.Core.Tests.Evaluation;

public class ExtractionEvaluatorTests
{
    private static readonly ExtractionEvaluator Evaluator = new(new ConceptExtractor(ConceptVocabulary.Default));

    private static string Line(string id, string text, string concepts, string trials = "") =>
        $$$"""{"id": "{{{id}}}", "source": "s", "document": {"title": "T", "text": "{{{text}}}"}, "expected": {"concepts": [{{{concepts}}}], "trials": [{{{trials}}}]}}""";

    [Fact]
    public void Development_set_meets_the_required_floors()
    {
        using var reader = File.OpenText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "eval", "dev.jsonl"));
        var report = Evaluator.Evaluate(reader);
        Assert.Equal(25, report.Documents);
        Assert.True(report.Overall.F1 >= 0.96, report.ToTable(verbose: true));
        foreach (var kind in EvaluationReport.Kinds)
            Assert.True(report.ByKind[kind].F1 >= 0.92, $"{kind}: {report.ToTable(verbose: true)}");
    }

    [Fact]
    public void Development_findings_meet_the_issue_14_floors()
    {
        using var reader = File.OpenText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "eval", "dev.jsonl"));
        var report = Evaluator.Evaluate(reader);
        var r = report.Relations!;
        var table = report.ToTable(verbose: true);
        Assert.True(r.Overall.F1 >= 0.90, table);
        Assert.True(r.Polarity.Accuracy >= 0.95, table);
        Assert.True(r.SignErrors == 0, table);
    }

    [Fact]
    public void Every_findings_case_is_right()
    {
        using var reader = File.OpenText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "eval", "cases.jsonl"));
        var report = Evaluator.Evaluate(reader);
        var r = report.Relations!;
        Assert.Equal(30, report.Documents);
        var wrong = r.PerDocument.Where(d => d.Any).Select(d => d.Id).ToList();
        Assert.True(wrong.Count == 0, report.ToTable(verbose: true));
        Assert.Equal((1.0, 1.0, 0), (r.Overall.F1, r.Polarity.Accuracy, r.SignErrors));
    }

    [Fact]
    public void Scores_micro_averaged_pairs_per_kind_and_lists_errors_per_document()
    {
        var jsonl = string.Join("\n",
            Line("a", "Tregs were infused in type 1 diabetes (NCT 01210664).", "\"celltype:treg\", \"condition:t1d\", \"outcome:hba1c\"", "\"NCT01210664\""),
            Line("b", "MSCs were given.", "\"celltype:msc\""),
            "",
            Line("c", "HbA1c fell.", ""));
        var report = Evaluator.Evaluate(new StringReader(jsonl));
        Assert.Equal(3, report.Documents);
        Assert.Equal((4, 1, 1), (report.Overall.TruePositives, report.Overall.FalsePositives, report.Overall.FalseNegatives));
        Assert.Equal(4.0 / 5, report.Overall.Precision, 6);
        Assert.Equal((0, 1, 1), (report.ByKind["Outcome"].TruePositives, report.ByKind["Outcome"].FalsePositives, report.ByKind["Outcome"].FalseNegatives));
        Assert.Equal(1.0, report.ByKind["Trial"].F1);
        Assert.Equal(["outcome:hba1c"], report.PerDocument.Single(d => d.Id == "a").FalseNegatives);
        Assert.Equal(["outcome:hba1c"], report.PerDocument.Single(d => d.Id == "c").FalsePositives);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"id\": \"x\", \"document\": {\"title\": \"t\"}, \"expected\": {}}")]
    [InlineData("{\"id\": \"x\", \"document\": {\"text\": \"t\"}, \"expected\": {\"concepts\": \"celltype:msc\"}}")]
    public void A_malformed_line_is_a_format_error_naming_its_line_number(string bad)
    {
        var jsonl = Line("a", "MSCs.", "\"celltype:msc\"") + "\n\n" + bad;
        var e = Assert.Throws<FormatException>(() => Evaluator.Evaluate(new StringReader(jsonl)));
        Assert.StartsWith("Line 3:", e.Message);
    }

    [Fact]
    public void Json_has_the_shape_of_the_evaluation_readme()
    {
        var report = Evaluator.Evaluate(new StringReader(Line("a", "MSCs in T1D.", "\"celltype:msc\", \"condition:t1d\"")));
        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        Assert.Equal(["documents", "overall", "byKind", "relations"], root.EnumerateObject().Select(p => p.Name));
        var relations = root.GetProperty("relations");
        Assert.Equal(["overall", "byType", "polarity", "signErrors", "value"], relations.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["REPORTS_OUTCOME", "TESTS"], relations.GetProperty("byType").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["accuracy", "correct", "scored"], relations.GetProperty("polarity").EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, root.GetProperty("documents").GetInt32());
        Assert.Equal(["precision", "recall", "f1"], root.GetProperty("overall").EnumerateObject().Select(p => p.Name));
        Assert.Equal(EvaluationReport.Kinds, root.GetProperty("byKind").EnumerateObject().Select(p => p.Name));
        Assert.Equal(1.0, root.GetProperty("byKind").GetProperty("CellType").GetProperty("f1").GetDouble());
    }

    private static string Case(string id, string text, string relations) =>
        $$$"""{"id": "{{{id}}}", "document": {"title": "", "text": "{{{text}}}"}, "expected": {"concepts": [], "relations": [{{{relations}}}]}}""";

    private static string Rel(string from, string type, string to, string? polarity = null, string? value = null, string? extra = null) =>
        $$$"""{"from": "{{{from}}}", "type": "{{{type}}}", "to": "{{{to}}}"{{{(polarity is null ? "" : $", \"polarity\": \"{polarity}\"")}}}{{{(value is null ? "" : $", \"value\": \"{value}\"")}}}{{{extra ?? ""}}}}""";

    private static ExpectedRelation Gold(string from, string to, string? polarity = null, string? value = null, string? context = null,
        string type = "REPORTS_OUTCOME", params string[] alsoAccept) => new(from, type, to, polarity, alsoAccept, value, context);

    private static GraphRelationship Shown(string from, string to, string? polarity = null, string? value = null, string type = "REPORTS_OUTCOME")
    {
        var props = new Dictionary<string, object?>();
        if (polarity is not null) props["polarity"] = polarity;
        if (value is not null) props["value"] = value;
        return new GraphRelationship(from, type, to, GraphEdge.TextMiningAgent, 1, 1, [], ["d"], props);
    }

    [Fact]
    public void Findings_count_matched_edges_polarity_sign_errors_and_values_leaving_preclinical_out_on_both_sides()
    {
        var scorer = new RelationScorer();
        scorer.Add("a",
            [Gold("celltype:islet", "outcome:insulin-independence", "improved", "10 of 12"),
             Gold("trial:NCT00014911", "celltype:islet", type: "TESTS"),
             Gold("celltype:islet", "outcome:hba1c", "improved"),
             Gold("celltype:toldc", "outcome:c-peptide", "improved", context: "preclinical")],
            [Shown("celltype:islet", "outcome:insulin-independence", "positive", "Ten of 12"),
             Shown("trial:NCT00014911", "celltype:islet", type: "TESTS"),
             Shown("celltype:toldc", "outcome:c-peptide", "positive"),
             Shown("trial:NCT00014911", "outcome:hba1c", "positive"), // Trial -> Outcome: not scored
             Shown("celltype:islet", "outcome:safety", "negative")]);
        scorer.Add("b",
            [Gold("celltype:cord-blood", "outcome:insulin-independence", "not_achieved", "None of the nine", null, "REPORTS_OUTCOME", "unchanged"),
             Gold("celltype:msc", "outcome:hba1c", "unchanged"),
             Gold("celltype:msc", "outcome:safety", "worsened", "one patient died")],
            [Shown("celltype:cord-blood", "outcome:insulin-independence", "neutral", "none of the 9"),
             Shown("celltype:msc", "outcome:hba1c", "mixed"),
             Shown("celltype:msc", "outcome:safety", "positive", "two deaths")]);
        var report = scorer.Report();

        var ro = report.ByType["REPORTS_OUTCOME"];
        Assert.Equal((4, 1, 1), (ro.TruePositives, ro.FalsePositives, ro.FalseNegatives));
        Assert.Equal((1, 0, 0), (report.ByType["TESTS"].TruePositives, report.ByType["TESTS"].FalsePositives, report.ByType["TESTS"].FalseNegatives));
        Assert.Equal(new Ratio(2, 4), report.Polarity); // mixed for unchanged and positive for worsened are misses
        Assert.Equal(1, report.SignErrors);             // only the positive safety edge where a harm is expected
        Assert.Equal(new Ratio(2, 3), report.Value);
        var a = report.PerDocument.Single(d => d.Id == "a");
        Assert.Equal(["celltype:islet REPORTS_OUTCOME outcome:safety (negative)"], a.FalsePositives);
        Assert.Equal(["celltype:islet REPORTS_OUTCOME outcome:hba1c (improved)"], a.FalseNegatives);
        var b = report.PerDocument.Single(d => d.Id == "b");
        Assert.Equal(2, b.PolarityMisses.Count);
        Assert.Contains(b.PolarityMisses, m => m.Contains("outcome:safety") && m.Contains("SIGN ERROR"));
        Assert.Equal(["celltype:msc REPORTS_OUTCOME outcome:safety: expected \"one patient died\", shown \"two deaths\""], b.ValueMisses);
    }

    [Fact]
    public void Findings_of_the_development_set_are_scored_and_listed_in_the_verbose_table()
    {
        using var reader = File.OpenText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "eval", "dev.jsonl"));
        var report = Evaluator.Evaluate(reader);
        Assert.NotNull(report.Relations);
        Assert.Equal(25, report.Relations.PerDocument.Count);
        var table = report.ToTable(verbose: true);
        Assert.Contains("polarity accuracy", table);
        Assert.Contains("sign errors", table);
        Assert.Contains("value accuracy", table);
    }

    [Theory]
    [InlineData("Four of the six", "4 of 6", true)]
    [InlineData("roughly 80%", "80%", true)]
    [InlineData("6.4%", "8.1%", false)]
    [InlineData("13.6 ± 8.1 pmol/mL/180 min", "13.6", false)]
    [InlineData("13.6 ± 8.1 pmol/mL/180 min", "13.6 ± 8.1 pmol/mL/180 min", true)]
    [InlineData("None of the nine", "none of the 9", true)]
    [InlineData("half", null, false)]
    public void Values_match_on_their_quantities_in_order(string expected, string? shown, bool match) =>
        Assert.Equal(match, FindingValues.Match(expected, shown));

    [Fact]
    public void A_malformed_relation_is_a_format_error_naming_its_line_number()
    {
        var jsonl = Case("a", "x", Rel("celltype:msc", "REPORTS_OUTCOME", "outcome:safety")) + "\n"
            + Case("b", "x", "{\"from\": \"celltype:msc\", \"type\": \"TESTS\"}");
        var e = Assert.Throws<FormatException>(() => Evaluator.Evaluate(new StringReader(jsonl)));
        Assert.StartsWith("Line 2:", e.Message);
    }
}
