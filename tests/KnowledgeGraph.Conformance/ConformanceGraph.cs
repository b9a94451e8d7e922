using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Conformance;

/// <summary>
/// A small fixed graph written by hand (not by extraction) so expected query results are exact:
/// two papers, two registry records, two trials. Findings carry the per-paper <c>vote</c> and <c>value</c> properties the
/// extractor gives them; <c>celltype:msc REPORTS_OUTCOME outcome:safety</c> is an absent harm in paper A ("no serious
/// adverse events", improved) and a harm in paper B (worsened), so the two papers disagree.
/// </summary>
public static class ConformanceGraph
{
    public const string PaperA = "paper:pmid:1001";
    public const string PaperB = "paper:doi:10.1000/b";
    public const string RegistryTreg = "registry:NCT01210664";
    public const string RegistryIslet = "registry:NCT04786262";
    public const string TrialTreg = "trial:NCT01210664";
    public const string TrialIslet = "trial:NCT04786262";

    public static IReadOnlyList<GraphBatch> All => [PaperABatch(), PaperBBatch(), RegistryTregBatch(), RegistryIsletBatch()];

    public static GraphBatch PaperABatch(bool withCPeptide = true)
    {
        const string s1 = "Polyclonal Tregs were infused in NCT01210664.";
        const string s2 = "Treg therapy preserved C-peptide in NCT01210664 participants.";
        const string s3 = "No serious adverse events followed MSC co-infusion.";
        var edges = new List<GraphEdge>
        {
            Text("celltype:msc", "REPORTS_OUTCOME", "outcome:safety", PaperA, [Ev(PaperA, s3, 3, 50, "improved", negated: true)], ("vote", "improved")),
            Text(PaperA, "MENTIONS", "celltype:treg", PaperA, [Ev(PaperA, s1, 11, 16)], ("count", 3L)),
            Text(PaperA, "MENTIONS", "condition:t1d", PaperA, [], ("count", 1L)),
            Text(PaperA, "MENTIONS", TrialTreg, PaperA, [Ev(PaperA, s1, 33, 44)], ("count", 2L)),
            Text(PaperA, "REPORTS_ON", TrialTreg, PaperA, [Ev(PaperA, s1, 33, 44)]),
            Text(TrialTreg, "TESTS", "celltype:treg", PaperA, [Ev(PaperA, s1, 11, 44)]),
        };
        if (withCPeptide)
        {
            edges.Add(Text(PaperA, "MENTIONS", "outcome:c-peptide", PaperA, [Ev(PaperA, s2, 23, 32)], ("count", 1L)));
            edges.Add(Text(TrialTreg, "REPORTS_OUTCOME", "outcome:c-peptide", PaperA, [Ev(PaperA, s2, 23, 44, "improved")], ("vote", "improved")));
            edges.Add(Text("celltype:treg", "REPORTS_OUTCOME", "outcome:c-peptide", PaperA, [Ev(PaperA, s2, 0, 32, "improved")], ("vote", "improved")));
        }
        return new GraphBatch(PaperA, withCPeptide ? "hash-a-1" : "hash-a-2", "a.json", ["PMID:1001"],
            [Paper(PaperA, "Tregs in new-onset T1D"), Trial(TrialTreg, authoritative: false)], edges);
    }

    public static GraphBatch PaperBBatch()
    {
        const string s1 = "SC-islets (VX-880, NCT04786262) led to insulin independence in 10 of 12 participants.";
        const string s2 = "SC-islets did not achieve insulin independence without immunosuppression.";
        const string s3 = "Tregs may also preserve C-peptide.";
        const string s4 = "Two MSC recipients developed infusion reactions.";
        return new GraphBatch(PaperB, "hash-b-1", "b.md", ["DOI:10.1000/b"],
            [Paper(PaperB, "Stem cell-derived islets"), Trial(TrialIslet, authoritative: false)],
            [
                Text(PaperB, "MENTIONS", "celltype:sc-islet", PaperB, [Ev(PaperB, s1, 0, 9)], ("count", 2L)),
                Text(PaperB, "MENTIONS", "outcome:insulin-independence", PaperB, [Ev(PaperB, s1, 44, 66)], ("count", 2L)),
                Text(PaperB, "MENTIONS", TrialIslet, PaperB, [Ev(PaperB, s1, 19, 30)], ("count", 1L)),
                Text(PaperB, "REPORTS_ON", TrialIslet, PaperB, [Ev(PaperB, s1, 19, 30)]),
                Text(TrialIslet, "TESTS", "celltype:sc-islet", PaperB, [Ev(PaperB, s1, 0, 30)]),
                Text(TrialIslet, "REPORTS_OUTCOME", "outcome:insulin-independence", PaperB, [Ev(PaperB, s1, 19, 66, "improved", "10 of 12")],
                    ("vote", "improved"), ("value", "10 of 12")),
                Text("celltype:sc-islet", "REPORTS_OUTCOME", "outcome:insulin-independence", PaperB,
                    [Ev(PaperB, s1, 0, 66, "improved", "10 of 12"), Ev(PaperB, s2, 0, 46, "not_achieved", negated: true)],
                    ("vote", "improved"), ("value", "10 of 12")),
                Text("celltype:msc", "REPORTS_OUTCOME", "outcome:safety", PaperB, [Ev(PaperB, s4, 4, 47, "worsened", "Two")], ("vote", "worsened")),
                Text("celltype:treg", "REPORTS_OUTCOME", "outcome:c-peptide", PaperB, [Ev(PaperB, s3, 0, 33, "improved", speculative: true)]),
            ]);
    }

    public static GraphBatch RegistryTregBatch() => new(RegistryTreg, "hash-r-treg", "NCT01210664.json", ["clinicaltrials:NCT01210664"],
        [Trial(TrialTreg, authoritative: true, phase: "PHASE1", status: "COMPLETED", title: "Treg therapy in T1D")],
        [
            Registry(TrialTreg, "TESTS", "celltype:treg", RegistryTreg),
            Registry(TrialTreg, "STUDIES", "condition:t1d", RegistryTreg),
        ]);

    public static GraphBatch RegistryIsletBatch() => new(RegistryIslet, "hash-r-islet", "NCT04786262.json", ["clinicaltrials:NCT04786262"],
        [Trial(TrialIslet, authoritative: true, phase: "PHASE1/PHASE2", status: "RECRUITING", title: "VX-880 in T1D")],
        [
            Registry(TrialIslet, "TESTS", "celltype:sc-islet", RegistryIslet),
            Registry(TrialIslet, "MEASURES", "outcome:insulin-independence", RegistryIslet, ("primary", true)),
            Registry(TrialIslet, "STUDIES", "condition:t1d", RegistryIslet),
        ]);

    internal static GraphNode Paper(string id, string title) => new(id, "Paper", title,
        new Dictionary<string, object?> { ["title"] = title, ["year"] = 2024L, ["category"] = "biolink:Publication" }) { Authoritative = true };

    internal static GraphNode Trial(string id, bool authoritative, string? phase = null, string? status = null, string? title = null)
    {
        var props = new Dictionary<string, object?> { ["category"] = "biolink:ClinicalTrial", ["registryId"] = id["trial:".Length..] };
        if (phase is not null) props["phase"] = phase;
        if (status is not null) props["status"] = status;
        if (title is not null) props["title"] = title;
        return new GraphNode(id, "Trial", id["trial:".Length..], props) { Authoritative = authoritative };
    }

    internal static EvidenceSentence Ev(string doc, string text, int start, int end, string? polarity = null, string? value = null,
        bool negated = false, bool speculative = false) =>
        new(doc, text, start, end, "Abstract", "test/1", polarity, value, negated, speculative);

    internal static GraphEdge Text(string from, string type, string to, string doc, IReadOnlyList<EvidenceSentence> evidence,
        params (string Key, object? Value)[] props) =>
        new(from, type, to, GraphEdge.TextMiningAgent, evidence, props.ToDictionary(p => p.Key, p => p.Value));

    internal static GraphEdge Registry(string from, string type, string to, string doc, params (string Key, object? Value)[] props) =>
        new(from, type, to, GraphEdge.ManualAgent, [], props.ToDictionary(p => p.Key, p => p.Value));
}
