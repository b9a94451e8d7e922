using System.Text.Json;
using KnowledgeGraph.Core.Evaluation;
using KnowledgeGraph.Core.Extraction;
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
        Assert.Equal(["documents", "overall", "byKind"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, root.GetProperty("documents").GetInt32());
        Assert.Equal(["precision", "recall", "f1"], root.GetProperty("overall").EnumerateObject().Select(p => p.Name));
        Assert.Equal(EvaluationReport.Kinds, root.GetProperty("byKind").EnumerateObject().Select(p => p.Name));
        Assert.Equal(1.0, root.GetProperty("byKind").GetProperty("CellType").GetProperty("f1").GetDouble());
    }
}
