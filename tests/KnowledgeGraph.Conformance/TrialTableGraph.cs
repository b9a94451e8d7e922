using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Trials;
using static KnowledgeGraph.Conformance.ConformanceGraph;

namespace KnowledgeGraph.Conformance;

/// <summary>
/// The trial-table part of the fixed graph (issue 16), written by hand like <see cref="ConformanceGraph"/>: the VX-880
/// registry record again, now with posted results, intervention attributes and a RESULT reference; a completed VC-01
/// record with no results and no paper; a paper stating how many Treg trial participants were treated.
/// Loaded after <see cref="ConformanceGraph.All"/>.
/// </summary>
public static class TrialTableGraph
{
    public const string RegistryVc01 = "registry:NCT02239354";
    public const string TrialVc01 = "trial:NCT02239354";
    public const string PaperC = "paper:pmid:3003";
    public const string ReferencedPaper = "paper:pmid:2002";
    public const string IsletResultText = "Primary outcome measure (registry results): Insulin independence at Day 365: VX-880: 10 of 12 Participants";
    public const string TreatedSentence = "Fourteen adults received polyclonal Tregs in NCT01210664.";

    public static IReadOnlyList<GraphBatch> All => [IsletWithResultsBatch(), Vc01Batch(), PaperCBatch()];

    public static TrialRecord IsletRecord { get; } = new("NCT04786262", "VX-880 in T1D", "PHASE1/PHASE2", "ACTIVE_NOT_RECRUITING", 37, "Vertex",
        "2021-03-29", "2026-05", ["Type 1 Diabetes"], [new TrialIntervention("VX-880", "BIOLOGICAL", "Stem cell-derived islets into the hepatic portal vein")],
        [new TrialOutcomeMeasure("Insulin independence", true, null, "Day 365")])
    {
        Facts = new TrialRegistryFacts
        {
            BriefTitle = "VX-880 in T1D",
            Acronym = "FORWARD",
            Phases = ["PHASE1", "PHASE2"],
            StartDateType = "ACTUAL",
            EnrollmentType = "ESTIMATED",
            Allocation = "NA",
            Masking = "NONE",
            Countries = ["United States", "Canada"],
            References = [new TrialReference("2002", "RESULT", "Results paper."), new TrialReference("9", "BACKGROUND", "Reading.")],
            HasResults = true,
            ResultsFirstPostedDate = "2025-06-20",
            Results = new TrialResults(
                [new TrialOutcomeResult("PRIMARY", "Insulin independence at Day 365", null, "Day 365", "COUNT_OF_PARTICIPANTS", null, "Participants", "POSTED",
                    [new TrialResultGroup("OG000", "VX-880", null)], [new TrialDenominator("OG000", "Participants", "12")], [new TrialMeasurement("OG000", "10")])],
                new TrialAdverseEvents("1 year", null, "5", [new TrialEventGroup("EG000", "VX-880", null, 2, 14, 5, 14, 14, 14)], [], [])),
        },
    };

    public static GraphBatch IsletWithResultsBatch()
    {
        var props = new Dictionary<string, object?> { ["category"] = "biolink:ClinicalTrial", ["registryId"] = "NCT04786262", ["phase"] = "PHASE1/PHASE2",
            ["status"] = "ACTIVE_NOT_RECRUITING", ["title"] = "VX-880 in T1D" };
        TrialNodeProperties.Add(props, IsletRecord, DocumentFormat.ClinicalTrialsJson,
            [new StatedFact(StatedFact.Dose, "0.8 × 10^9 cells", null, TrialIslet, RegistryIslet, "VX-880: 0.8 × 10^9 cells", 8, 24, "Registry: Intervention")]);
        const string product = "VX-880 islets are infused into the hepatic portal vein with tacrolimus.";
        return new GraphBatch(RegistryIslet, "hash-r-islet-2", "NCT04786262.json", ["clinicaltrials:NCT04786262"],
            [new GraphNode(TrialIslet, "Trial", "NCT04786262", props) { Authoritative = true },
             new GraphNode(ReferencedPaper, "Paper", "PMID 2002", new Dictionary<string, object?> { ["pmid"] = "2002" })],
            [
                Manual(TrialIslet, "TESTS", "celltype:sc-islet"),
                Manual(TrialIslet, "MEASURES", "outcome:insulin-independence", ("primary", true)),
                Manual(TrialIslet, "STUDIES", "condition:t1d"),
                Manual(TrialIslet, "USES_PRODUCT", "product:vx-880", Ev(RegistryIslet, product, 0, 6)),
                Manual(TrialIslet, "DELIVERED_VIA", "site:hepatic-portal-vein", Ev(RegistryIslet, product, 35, 54)),
                Manual(TrialIslet, "PROTECTED_BY", "protection:tacrolimus", Ev(RegistryIslet, product, 60, 70)),
                Manual(TrialIslet, "REPORTS_OUTCOME", "outcome:insulin-independence",
                    new EvidenceSentence(RegistryIslet, IsletResultText, 0, IsletResultText.Length, "Registry results", "test/1", Value: "VX-880: 10 of 12 Participants")),
                Manual(TrialIslet, "REPORTS_OUTCOME", "outcome:safety",
                    new EvidenceSentence(RegistryIslet, "Adverse events (registry results): VX-880: deaths 2/14, serious 5/14, other 14/14", 0, 10, "Registry results", "test/1",
                        Value: "VX-880: deaths 2/14, serious 5/14, other 14/14")),
                Manual(ReferencedPaper, "REPORTS_ON", TrialIslet, Ev(RegistryIslet, "Registry reference (RESULT): Results paper.", 0, 10)),
            ]);
    }

    public static GraphBatch Vc01Batch()
    {
        var record = new TrialRecord("NCT02239354", "VC-01 combination product", "PHASE1/PHASE2", "COMPLETED", 19, "ViaCyte", "2014-09", "2018-01",
            ["Type 1 Diabetes"], [new TrialIntervention("VC-01", "COMBINATION_PRODUCT", null)], [new TrialOutcomeMeasure("C-peptide", false, null, null)])
        {
            Facts = new TrialRegistryFacts { Phases = ["PHASE1", "PHASE2"], EnrollmentType = "ACTUAL", HasResults = false },
        };
        var props = new Dictionary<string, object?> { ["category"] = "biolink:ClinicalTrial", ["registryId"] = "NCT02239354", ["phase"] = "PHASE1/PHASE2", ["status"] = "COMPLETED" };
        TrialNodeProperties.Add(props, record, DocumentFormat.ClinicalTrialsJson, []);
        const string s = "VC-01 is an encapsulated product implanted subcutaneously.";
        return new GraphBatch(RegistryVc01, "hash-r-vc01", "NCT02239354.json", ["clinicaltrials:NCT02239354"],
            [new GraphNode(TrialVc01, "Trial", "NCT02239354", props) { Authoritative = true }],
            [
                Manual(TrialVc01, "TESTS", "celltype:sc-islet"),
                Manual(TrialVc01, "MEASURES", "outcome:c-peptide", ("primary", false)),
                Manual(TrialVc01, "USES_PRODUCT", "product:vc-01", Ev(RegistryVc01, s, 0, 5)),
                Manual(TrialVc01, "PROTECTED_BY", "protection:encapsulation-device", Ev(RegistryVc01, s, 12, 24)),
                Manual(TrialVc01, "DELIVERED_VIA", "site:subcutaneous", Ev(RegistryVc01, s, 43, 57)),
            ]);
    }

    public static GraphBatch PaperCBatch()
    {
        var props = new Dictionary<string, object?> { ["title"] = "Treg follow-up", ["category"] = "biolink:Publication",
            [TrialFactsBuilder.StatedFactsProperty] = GraphJson.Serialize(new List<StatedFact>
            {
                new(StatedFact.Patients, "Fourteen adults", 14, TrialTreg, PaperC, TreatedSentence, 0, 15, "Abstract"),
                new(StatedFact.FollowUp, "one year", null, "trial:NCT09999999", PaperC, "Another study, NCT09999999, followed patients for one year.", 49, 57, "Abstract"),
            }) };
        return new GraphBatch(PaperC, "hash-c-1", "c.json", ["PMID:3003"],
            [new GraphNode(PaperC, "Paper", "Treg follow-up", props) { Authoritative = true }, new GraphNode(TrialTreg, "Trial", "NCT01210664", new Dictionary<string, object?>())],
            [
                new GraphEdge(PaperC, "REPORTS_ON", TrialTreg, GraphEdge.TextMiningAgent, [Ev(PaperC, TreatedSentence, 45, 56)], new Dictionary<string, object?>()),
                new GraphEdge(TrialTreg, "SOURCED_FROM", "source:autologous", GraphEdge.TextMiningAgent, [Ev(PaperC, TreatedSentence, 0, 10)], new Dictionary<string, object?>()),
            ]);
    }

    private static EvidenceSentence Ev(string doc, string text, int start, int end) => new(doc, text, start, end, "Registry", "test/1");

    private static GraphEdge Manual(string from, string type, string to, params (string Key, object? Value)[] props) =>
        new(from, type, to, GraphEdge.ManualAgent, [], props.ToDictionary(p => p.Key, p => p.Value));

    private static GraphEdge Manual(string from, string type, string to, EvidenceSentence evidence) =>
        new(from, type, to, GraphEdge.ManualAgent, [evidence], new Dictionary<string, object?>());
}

/// <summary>The paper the VX-880 registry record lists as its RESULT reference, ingested after the record: it names no
/// trial, so only the registry link ties its cell-type finding and its patient number to the trial.</summary>
public static class ReferencedPaperGraph
{
    public const string Sentence = "Stem cell-derived islets engrafted in all twelve recipients, who were treated with one infusion.";

    public static GraphBatch Batch()
    {
        var props = new Dictionary<string, object?> { ["title"] = "VX-880 results", ["pmid"] = "2002", ["category"] = "biolink:Publication",
            [TrialFactsBuilder.StatedFactsProperty] = GraphJson.Serialize(new List<StatedFact>
            {
                new(StatedFact.Patients, "twelve recipients", 12, null, TrialTableGraph.ReferencedPaper, Sentence, 44, 61, "Results"),
            }) };
        return new GraphBatch(TrialTableGraph.ReferencedPaper, "hash-2002", "2002.xml", ["PMID:2002"],
            [new GraphNode(TrialTableGraph.ReferencedPaper, "Paper", "VX-880 results", props) { Authoritative = true }],
            [
                new GraphEdge("celltype:sc-islet", "REPORTS_OUTCOME", "outcome:graft-function", GraphEdge.TextMiningAgent,
                    [new EvidenceSentence(TrialTableGraph.ReferencedPaper, Sentence, 0, 35, "Results", "test/1", "improved")], new Dictionary<string, object?>()),
            ]);
    }
}
