using System.Text;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Extraction;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Tests.Documents;
using KnowledgeGraph.Core.Trials;
using KnowledgeGraph.Core.Vocabulary;

namespace KnowledgeGraph.Core.Tests.Graph;

/// <summary>What a registry record and a paper add to the graph about their trials (issue 16).</summary>
public class TrialFactsBuilderTests
{
    private static readonly ConceptExtractor Extractor = new(ConceptVocabulary.Default);
    private static readonly GraphBatchBuilder Builder = new(ConceptVocabulary.Default);

    private static GraphBatch Batch(PaperDocument doc) => Builder.Build(Extractor.Extract(doc));

    private static GraphBatch BatchOf(string text, string name) =>
        Batch(Assert.Single(new DocumentReader().Read(Encoding.UTF8.GetBytes(text), name)));

    private static GraphBatch SampleBatch(string file) =>
        Batch(Assert.Single(new DocumentReader().Read(File.ReadAllBytes(Path.Combine(Repo.Root, "samples", "papers", file)), file)));

    private static IEnumerable<string> Targets(GraphBatch batch, string from, string type) =>
        batch.Edges.Where(e => e.From == from && e.Type == type).Select(e => e.To).Order(StringComparer.Ordinal);

    [Fact]
    public void Registry_trial_node_keeps_the_whole_record_and_flat_facts()
    {
        var doc = Fixtures.ReadOne("ctgov_v2_with_results_NCT02803307.json");
        var node = Batch(doc).Nodes.Single(n => n.Id == "trial:NCT02803307");

        var record = TrialNodeProperties.ReadRecord(node)!;
        Assert.Equal(GraphJson.Serialize(doc.Trial), GraphJson.Serialize(record));
        Assert.Equal("ClinicalTrialsJson", node.Properties[TrialNodeProperties.FormatProperty]);
        Assert.Equal(true, node.Properties["hasResults"]);
        Assert.Equal("2022-05-06", node.Properties["resultsFirstPosted"]);
        Assert.Equal("RANDOMIZED", node.Properties["allocation"]);
        Assert.Equal("ACTUAL", node.Properties["enrollmentType"]);
        Assert.Equal(new[] { "Taiwan" }, node.Properties["countries"]);
        Assert.True(node.Authoritative);
    }

    [Fact]
    public void Posted_results_become_findings_on_their_outcome_with_the_registry_as_source()
    {
        var batch = Batch(Fixtures.ReadOne("ctgov_v2_with_results_NCT02803307.json"));

        var safety = batch.Edges.Single(e => e.From == "trial:NCT02803307" && e.Type == "REPORTS_OUTCOME" && e.To == "outcome:safety");
        Assert.Equal(GraphEdge.ManualAgent, safety.AgentType);
        var results = safety.Evidence.Where(e => e.Section == "Registry results").ToList();
        Assert.Equal(2, results.Count);
        Assert.All(results, e => Assert.Equal("registry:NCT02803307", e.DocumentId));
        Assert.Equal("Primary outcome measure (registry results): Number of Participants With Treatment-Emergent Adverse Events (TEAEs) [time frame: up to 12 weeks after dosing]: 6 mg TLC599: 9 of 20 Participants; 12 mg TLC599: 9 of 20 Participants",
            results[0].Text);
        Assert.Equal("6 mg TLC599: 9 of 20 Participants; 12 mg TLC599: 9 of 20 Participants", results[0].Value);
        Assert.StartsWith("Adverse events (registry results) [time frame: 12 weeks]: 6 mg TLC599: deaths 0/20, serious 0/20, other 9/20; 12 mg TLC599: deaths 0/20, serious 0/20, other 9/20", results[1].Text);
    }

    [Fact]
    public void Registry_interventions_and_descriptions_give_product_source_site_and_protection()
    {
        var batch = SampleBatch("ctgov_v2_NCT04786262_vx880.json");
        const string t = "trial:NCT04786262";

        Assert.Equal(["product:vx-880"], Targets(batch, t, "USES_PRODUCT"));
        Assert.Equal(["source:allogeneic-donor", "source:stem-cell-derived"], Targets(batch, t, "SOURCED_FROM"));
        Assert.Equal(["site:hepatic-portal-vein"], Targets(batch, t, "DELIVERED_VIA"));
        Assert.Equal(["protection:immunosuppression"], Targets(batch, t, "PROTECTED_BY"));
        var product = batch.Edges.Single(e => e.From == t && e.Type == "USES_PRODUCT");
        Assert.Equal(GraphEdge.ManualAgent, product.AgentType);
        Assert.All(product.Evidence, e => Assert.Equal("registry:NCT04786262", e.DocumentId));
        Assert.Contains(batch.Nodes, n => n.Id == "product:vx-880" && n.Label == "Product" && !n.Authoritative);
    }

    [Fact]
    public void Result_and_derived_references_link_their_paper_to_the_trial_and_background_ones_do_not()
    {
        var json = """
            {"protocolSection": {"identificationModule": {"nctId": "NCT01210664", "briefTitle": "Tregs"},
              "referencesModule": {"references": [{"pmid": "26606968", "type": "RESULT", "citation": "Bluestone JA et al. Sci Transl Med. 2015."},
                                                  {"pmid": "111", "type": "BACKGROUND", "citation": "Reading."}]}}}
            """;

        var batch = BatchOf(json, "NCT01210664.json");

        var link = batch.Edges.Single(e => e.Type == "REPORTS_ON");
        Assert.Equal(("paper:pmid:26606968", "trial:NCT01210664", GraphEdge.ManualAgent), (link.From, link.To, link.AgentType));
        Assert.Equal("Registry reference (RESULT): Bluestone JA et al. Sci Transl Med. 2015.", Assert.Single(link.Evidence).Text);
        var paper = batch.Nodes.Single(n => n.Id == "paper:pmid:26606968");
        Assert.Equal(("Paper", "PMID 26606968", false), (paper.Label, paper.Name, paper.Authoritative));
        Assert.DoesNotContain(batch.Nodes, n => n.Id == "paper:pmid:111");
    }

    [Fact]
    public void A_paper_gives_its_trial_attributes_and_keeps_the_numbers_it_states()
    {
        var batch = SampleBatch("polyclonal_tregs_phase1.json");
        const string t = "trial:NCT01210664";

        Assert.Equal(["source:autologous"], Targets(batch, t, "SOURCED_FROM"));
        Assert.Equal(GraphEdge.TextMiningAgent, batch.Edges.Single(e => e.From == t && e.Type == "SOURCED_FROM").AgentType);
        var paper = batch.Nodes.Single(n => n.Id == "paper:pmid:26606968");
        var facts = TrialNodeProperties.ReadStatedFacts(paper);
        var patients = Assert.Single(facts, f => f.Kind == StatedFact.Patients);
        Assert.Equal(("fourteen adults", 14L, t), (patients.Value, patients.Number, patients.TrialId));
        Assert.Contains("received autologous, ex vivo expanded polyclonal", patients.Sentence);
        Assert.Equal("fourteen adults", patients.Sentence[patients.Start..patients.End]);
    }

    [Fact]
    public void A_paper_naming_no_trial_keeps_its_numbers_but_links_no_attributes()
    {
        var batch = SampleBatch("edmonton_protocol_islet_transplantation.md");

        Assert.DoesNotContain(batch.Edges, e => GraphSchema.AttributeRelationships.Values.Contains(e.Type));
        var facts = TrialNodeProperties.ReadStatedFacts(batch.Nodes.Single(n => n.Label == "Paper"));
        Assert.Contains(facts, f => f is { Kind: StatedFact.Patients, Value: "Seven patients", Number: 7, TrialId: null });
        Assert.Contains(facts, f => f is { Kind: StatedFact.FollowUp, Value: "first year" });
    }

    [Fact]
    public void Negated_attributes_are_left_out_and_no_immunosuppression_is_its_own_protection()
    {
        var batch = BatchOf("""
            {"title": "Encapsulated cells in NCT02239354", "abstract": "In NCT02239354, encapsulated pancreatic endoderm cells were implanted subcutaneously without immunosuppression. Patients did not receive tacrolimus."}
            """, "p.json");
        const string t = "trial:NCT02239354";

        Assert.Equal(["protection:encapsulation-device", "protection:none"], Targets(batch, t, "PROTECTED_BY"));
        Assert.Equal(["site:subcutaneous"], Targets(batch, t, "DELIVERED_VIA"));
    }

    [Fact]
    public void A_review_naming_many_trials_links_attributes_only_to_the_trial_its_sentence_names()
    {
        var batch = BatchOf("""
            {"title": "Review", "abstract": "VX-880 (NCT04786262) islets were infused into the hepatic portal vein. The VC-01 device (NCT02239354) was implanted subcutaneously. Many trials use tacrolimus."}
            """, "r.json");

        Assert.Equal(["site:hepatic-portal-vein"], Targets(batch, "trial:NCT04786262", "DELIVERED_VIA"));
        Assert.Equal(["site:subcutaneous"], Targets(batch, "trial:NCT02239354", "DELIVERED_VIA"));
        Assert.DoesNotContain(batch.Edges, e => e.Type == "PROTECTED_BY");
    }
}
