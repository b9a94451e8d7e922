using KnowledgeGraph.Core.Extraction;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Vocabulary;
using static KnowledgeGraph.Core.Tests.Extraction.TestDocuments;

namespace KnowledgeGraph.Core.Tests.Extraction;

/// <summary>
/// The findings rules on sentences written for these tests (none is a sentence of the evaluation sets): each row is one
/// general phenomenon, checked on what the graph shows (the document's edge rolled up as a store rolls it up).
/// </summary>
public class FindingsTests
{
    private static readonly GraphBatchBuilder Builder = new(ConceptVocabulary.Default);

    /// <summary>REPORTS_OUTCOME edges from cell types as a store shows them for this document alone: (from, to) -> (polarity, value).</summary>
    private static Dictionary<(string From, string To), (string Polarity, string? Value)> Findings(string text, string title = "")
    {
        var batch = Builder.Build(Extract(text, title));
        return batch.Edges
            .Where(e => e.Type == GraphSchema.Relationships.ReportsOutcome && e.From.StartsWith("celltype:", StringComparison.Ordinal))
            .Select(e => RelationshipAggregator.Aggregate(e.From, e.Type, e.To,
                [new EdgeContribution(batch.DocumentId, e.AgentType, batch.Publications, e.Evidence, e.Properties)]))
            .ToDictionary(r => (r.From, r.To), r => ((string)r.Properties["polarity"]!, r.Properties.GetValueOrDefault("value") as string));
    }

    private static void AssertFinding(string text, string from, string to, string polarity, string? value = null, string title = "")
    {
        var found = Findings(text, title);
        Assert.True(found.TryGetValue((from, to), out var f), $"no {from} -> {to} in: {string.Join("; ", found.Keys)}");
        Assert.Equal(polarity, f.Polarity);
        if (value is not null) Assert.Equal(value, f.Value);
    }

    [Theory]
    [InlineData("Seven of 11 islet recipients remained insulin independent at three years.", "celltype:islet", "outcome:insulin-independence", "positive", "Seven of 11")]
    [InlineData("After AHSCT, 9 of 13 patients were off insulin for a median of two years.", "celltype:hsc", "outcome:insulin-independence", "positive", "9 of 13")]
    [InlineData("Severe hypoglycaemia was eliminated in all nine recipients of donor islets.", "celltype:islet", "outcome:severe-hypoglycemia", "positive", "all nine")]
    public void A_result_stated_as_a_state_is_an_improvement(string text, string from, string to, string polarity, string value) =>
        AssertFinding(text, from, to, polarity, value);

    [Theory]
    [InlineData("None of the seven children given cord blood achieved insulin independence.", "outcome:insulin-independence", "negative")]
    [InlineData("No participant who received cord blood lost C-peptide during follow-up.", "outcome:c-peptide", "positive")]
    [InlineData("No recipient of cord blood developed alloantibodies.", "outcome:immune-response", "positive")]
    public void A_negative_quantifier_negates_the_predicate_and_an_absent_harm_is_good_news(string text, string to, string polarity) =>
        AssertFinding(text, "celltype:cord-blood", to, polarity);

    [Theory]
    [InlineData("Autologous MSCs did not increase serious adverse events compared with placebo.", "outcome:safety", "neutral")]
    [InlineData("There were no serious adverse events after MSC infusion.", "outcome:safety", "positive")]
    [InlineData("MSC infusion had no effect on HbA1c.", "outcome:hba1c", "neutral")]
    [InlineData("MSC infusion failed to preserve C-peptide.", "outcome:c-peptide", "negative")]
    public void Negation_scope_separates_no_harm_no_difference_and_not_achieved(string text, string to, string polarity) =>
        AssertFinding(text, "celltype:msc", to, polarity);

    [Fact]
    public void A_concessive_clause_keeps_its_own_negation_and_the_main_clause_its_result()
    {
        var found = Findings("Even without insulin independence, all five recipients of stem cell-derived islets reached an HbA1c below 7%.");
        Assert.Equal("negative", found[("celltype:sc-islet", "outcome:insulin-independence")].Polarity);
        Assert.Equal("positive", found[("celltype:sc-islet", "outcome:hba1c")].Polarity);
    }

    [Theory]
    [InlineData("In Treg recipients, HbA1c went from 8.4% at baseline to 7.1% at one year.", "outcome:hba1c", "7.1%")]
    [InlineData("Daily insulin dose fell from 0.7 to 0.3 U/kg/day after Treg infusion.", "outcome:insulin-dose", "0.3 U/kg/day")]
    public void The_value_of_a_change_is_its_result_not_its_baseline(string text, string to, string value) =>
        AssertFinding(text, "celltype:treg", to, "positive", value);

    [Fact]
    public void A_sentence_that_names_no_therapy_is_about_the_documents_intervention()
    {
        var x = Extract("Eighteen adults received a single infusion of Wharton's jelly MSCs. At one year, 12 of the 18 had stable C-peptide, and no infusion reactions occurred.");
        var finding = Assert.Single(x.Relations, r => r is { Type: "REPORTS_OUTCOME", To: "outcome:c-peptide" });
        Assert.Equal(("celltype:msc", RelationExtractor.SubjectDocument), (finding.From, finding.Subject));
        Assert.Equal(RelationExtractor.SubjectDocument, Assert.Single(x.Relations, r => r.To == "outcome:safety").Subject);
        var evidence = Builder.Build(x).Edges.Single(e => e is { Type: "REPORTS_OUTCOME", To: "outcome:c-peptide" }).Evidence.Single();
        Assert.Equal((RelationExtractor.SubjectDocument, ConceptExtractor.Version), (evidence.Subject, evidence.ExtractorVersion));
    }

    [Fact]
    public void A_measured_cell_population_is_never_the_subject()
    {
        var found = Findings("After cord blood infusion, circulating Treg frequencies increased and HbA1c fell.");
        Assert.DoesNotContain(found.Keys, k => k.From == "celltype:treg");
        Assert.Equal("positive", found[("celltype:cord-blood", "outcome:hba1c")].Polarity);
    }

    [Fact]
    public void A_comparator_arm_gets_no_finding_and_gives_the_therapy_none_of_its_values()
    {
        var found = Findings("C-peptide declined by 35% in the control arm but remained stable in patients treated with tolerogenic dendritic cells.");
        var f = found[("celltype:toldc", "outcome:c-peptide")];
        Assert.Equal("neutral", f.Polarity);
        Assert.Null(f.Value);
        Assert.Single(found);
    }

    [Theory]
    [InlineData("We hypothesise that hypoimmune islet cells will restore insulin independence without immunosuppression.")]
    [InlineData("The aim of this trial is to preserve C-peptide with polyclonal Tregs.")]
    [InlineData("The primary outcome is insulin independence one year after islet transplantation.")]
    [InlineData("Rejection and the side effects of immunosuppression remain barriers to islet transplantation.")]
    [InlineData("Larger trials will be needed to show whether MSCs preserve C-peptide.")]
    [InlineData("In diabetic mice, tolerogenic dendritic cells preserved C-peptide.")]
    public void Aims_endpoints_hurdles_future_work_and_animal_results_are_not_findings(string text) => Assert.Empty(Findings(text));

    [Fact]
    public void A_registry_id_alone_in_its_sentence_tests_the_documents_cell_therapy()
    {
        var x = Extract("Encapsulated stem cell-derived islets were implanted in ten adults. Trial registration: NCT09876543.");
        var tests = Assert.Single(x.Relations, r => r.Type == "TESTS");
        Assert.Equal(("trial:NCT09876543", "celltype:sc-islet", RelationExtractor.SubjectDocument), (tests.From, tests.To, tests.Subject));
    }

    [Fact]
    public void Two_therapies_in_one_sentence_each_get_their_own_polarity()
    {
        var found = Findings("Insulin independence was reached by four of six islet recipients, whereas none of the five recipients of hypoimmune islet cells did.");
        Assert.Equal("positive", found[("celltype:islet", "outcome:insulin-independence")].Polarity);
        Assert.Equal("negative", found[("celltype:hypoimmune-islet", "outcome:insulin-independence")].Polarity);
    }

    [Fact]
    public void Several_sentences_of_one_paper_are_one_vote_read_from_its_results()
    {
        const string text = "BACKGROUND: Earlier MSC studies reported that HbA1c worsened. RESULTS: After MSC infusion HbA1c improved, " +
                            "and HbA1c remained improved at two years.";
        var batch = Builder.Build(Extract(text));
        var edge = batch.Edges.Single(e => e is { From: "celltype:msc", To: "outcome:hba1c" });
        Assert.Equal("improved", edge.Properties["vote"]);
        var rel = RelationshipAggregator.Aggregate(edge.From, edge.Type, edge.To,
            [new EdgeContribution(batch.DocumentId, edge.AgentType, batch.Publications, edge.Evidence, edge.Properties)]);
        Assert.Equal((1L, 0L), ((long)rel.Properties["improvedPapers"]!, (long)rel.Properties["worsenedPapers"]!));
        Assert.Equal("positive", rel.Properties["polarity"]);
    }
}
