using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Extraction;
using static KnowledgeGraph.Core.Tests.Extraction.TestDocuments;

namespace KnowledgeGraph.Core.Tests.Extraction;

public class ConceptExtractorTests
{
    [Fact]
    public void An_abbreviation_defined_in_the_text_maps_later_uses_to_the_concept()
    {
        var x = Extract("We gave purified human pancreatic islets (PHPI) to patients. PHPI were well tolerated.");
        var later = Assert.Single(x.Mentions, m => m.Text == "PHPI" && m.SentenceIndex == 2);
        Assert.Equal("celltype:islet", later.ConceptId);
    }

    [Fact]
    public void A_short_form_first_definition_also_counts()
    {
        var x = Extract("Cells called ABCs (tolerogenic dendritic cells) were given. ABCs persisted.");
        Assert.Contains(x.Mentions, m => m.Text == "ABCs" && m.SentenceIndex == 2 && m.ConceptId == "celltype:toldc");
    }

    [Fact]
    public void An_abbreviation_defined_in_one_document_does_not_leak_into_another()
    {
        _ = Extract("We gave purified human pancreatic islets (PHPI) to patients.");
        Assert.DoesNotContain(Extract("PHPI were well tolerated.").Mentions, m => m.Text == "PHPI");
    }

    [Fact]
    public void Did_not_achieve_insulin_independence_is_negated_and_reported_as_not_achieved()
    {
        var x = Extract("Recipients of islets did not achieve insulin independence.");
        var m = Assert.Single(x.Mentions, m => m.ConceptId == "outcome:insulin-independence");
        Assert.True(m.Negated);
        var r = Assert.Single(x.Relations, r => r.To == "outcome:insulin-independence");
        Assert.Equal(("celltype:islet", "not_achieved", true), (r.From, r.Polarity, r.Negated));
    }

    [Fact]
    public void Negation_scope_ends_at_but_and_speculation_is_flagged()
    {
        var x = Extract("There were no adverse events but HbA1c rose. MSCs may preserve C-peptide.");
        Assert.True(x.Mentions.Single(m => m.ConceptId == "outcome:safety").Negated);
        Assert.False(x.Mentions.Single(m => m.ConceptId == "outcome:hba1c").Negated);
        Assert.True(x.Mentions.Single(m => m.ConceptId == "outcome:c-peptide").Speculative);
    }

    [Theory]
    [InlineData("Eight patients remained free of exogenous insulin.")]
    [InlineData("Two recipients achieved freedom from insulin injections.")]
    [InlineData("Three patients stopped insulin after the infusion.")]
    [InlineData("Four went a year without any exogenous insulin.")]
    [InlineData("Five were insulin-free at one year.")]
    public void Paraphrases_of_insulin_independence_are_recognised(string text) =>
        Assert.Contains("outcome:insulin-independence", Concepts(text));

    [Fact]
    public void Insulin_dose_changes_are_not_taken_for_independence() =>
        Assert.DoesNotContain("outcome:insulin-independence", Concepts("They continued without insulin dose changes."));

    [Fact]
    public void Stem_cell_derived_beta_cells_are_the_specific_type_not_beta_cells_in_general()
    {
        var ids = Concepts("We implanted human stem cell-derived insulin-producing beta cells.");
        Assert.Contains("celltype:sc-islet", ids);
        Assert.DoesNotContain("celltype:insulin-producing", ids);
        Assert.DoesNotContain("celltype:islet", ids);
    }

    [Fact]
    public void Beta_cell_function_is_an_outcome_not_a_cell_type()
    {
        var ids = Concepts("Treatment preserved β-cell function.");
        Assert.Contains("outcome:c-peptide", ids);
        Assert.DoesNotContain("celltype:insulin-producing", ids);
    }

    [Fact]
    public void A_cell_type_before_another_only_modifies_it() =>
        Assert.Equal(["celltype:insulin-producing"], Concepts("regeneration of pancreatic islet β cells").Order());

    [Theory]
    [InlineData("We aim to replace them with functional insulin-producing cells.", "mechanism:replacement")]
    [InlineData("The infusion dampened autoimmunity in all recipients.", "mechanism:immunomodulation")]
    [InlineData("The autoimmune process can be suppressed early.", "mechanism:immunomodulation")]
    [InlineData("Grafts were placed in macroencapsulation devices.", "mechanism:encapsulation")]
    [InlineData("All received immunosuppressive medications.", "mechanism:immunosuppression")]
    public void Mechanisms_are_recognised_when_named_or_plainly_described(string text, string expected) =>
        Assert.Contains(expected, Concepts(text));

    [Fact]
    public void A_mechanism_said_to_be_absent_is_not_counted_for_the_document()
    {
        Assert.DoesNotContain("mechanism:immunomodulation", Concepts("MSCs were given without any immunotherapy."));
        Assert.DoesNotContain("mechanism:replacement", Concepts("Repairing or replacing Tregs in T1D might reverse disease."));
    }

    [Fact]
    public void A_mechanism_is_not_inferred_from_a_cell_type() =>
        Assert.DoesNotContain("mechanism:immunomodulation", Concepts("Polyclonal Tregs were infused into adults with T1D."));

    [Fact]
    public void Every_mention_carries_sentence_evidence_with_offsets_into_the_sentence()
    {
        var x = Extract("Background text here. Autologous MSCs improved HbA1c in T1D.");
        Assert.Equal(ConceptExtractor.Version, x.ExtractorVersion);
        Assert.NotEmpty(x.Mentions);
        Assert.All(x.Mentions, m => Assert.Equal(m.Text, x.Sentences[m.SentenceIndex].Text[m.Start..m.End]));
        Assert.All(x.Sentences, s => Assert.Equal(s.Text,
            x.Document.Sections.Single(sec => sec.Kind == s.Section).Text.Substring(s.Offset, s.Text.Length)));
    }

    [Fact]
    public void A_trial_and_a_cell_type_in_one_sentence_make_a_tests_relation()
    {
        var x = Extract("The trial NCT 01210664 infused polyclonal Tregs.");
        Assert.Contains(x.Relations, r => r is { From: "trial:NCT01210664", Type: "TESTS", To: "celltype:treg" });
    }

    [Theory]
    [InlineData("MSC infusion reduced HbA1c to 5.9%.", "outcome:hba1c", "improved", "5.9%")]
    [InlineData("With MSCs, C-peptide declined by 40%.", "outcome:c-peptide", "worsened", "40%")]
    [InlineData("After islet transplantation 10 of 12 participants were insulin independent.", "outcome:insulin-independence", "improved", "10 of 12")]
    [InlineData("In Treg recipients HbA1c showed no change.", "outcome:hba1c", "unchanged", null)]
    public void Outcome_relations_carry_polarity_and_value(string text, string outcome, string polarity, string? value)
    {
        var r = Assert.Single(Extract(text).Relations, r => r.Type == "REPORTS_OUTCOME" && r.To == outcome);
        Assert.Equal((polarity, value), (r.Polarity, r.Value));
    }

    [Fact]
    public void A_registry_record_tests_its_intervention_cell_types_and_measures_its_outcomes()
    {
        var trial = new TrialRecord("NCT 01068951", "MSC in T1D", "Phase 1", "Completed", 20, "Uppsala", null, null, ["Type 1 diabetes"],
            [new TrialIntervention("Autologous mesenchymal stem cells", "Biological", null)],
            [new TrialOutcomeMeasure("Stimulated C-peptide", true, null, "1 year"), new TrialOutcomeMeasure("HbA1c", false, null, "1 year")]);
        var x = Extractor.Extract(Paper("MSC in T1D", "An open study.", trial));
        Assert.Contains(x.Relations, r => r is { From: "trial:NCT01068951", Type: "TESTS", To: "celltype:msc" });
        var primary = Assert.Single(x.Relations, r => r.Type == "MEASURES" && r.To == "outcome:c-peptide");
        Assert.Equal((true, null), (primary.Primary, primary.Value));
        Assert.False(x.Relations.Single(r => r.Type == "MEASURES" && r.To == "outcome:hba1c").Primary);
        Assert.Equal(SectionKind.Registry, x.Sentences[primary.SentenceIndex].Section);
    }

    [Fact]
    public void Extraction_is_safe_to_run_on_many_threads()
    {
        var texts = Enumerable.Range(0, 64).Select(i => $"Patient {i} received MSCs and HbA1c fell; NCT0{1000000 + i} followed.").ToArray();
        var results = new string[texts.Length];
        Parallel.For(0, texts.Length, i => results[i] = string.Join(",", Extract(texts[i]).Mentions.Select(m => m.ConceptId)));
        Assert.All(results, r => Assert.Equal("celltype:msc,outcome:hba1c,trial:NCT0" + r.Split("NCT0")[1], r));
        Assert.Equal(64, results.Distinct().Count());
    }
}
