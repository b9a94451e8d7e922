using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Neo4j.Tests;

/// <summary>Small paper batches in the shape the extraction produces.</summary>
internal static class TestBatches
{
    public static GraphBatch Paper(string pmid, string hash = "h1", string outcomePolarity = "improved", string trial = "trial:NCT01234567")
    {
        var paperId = $"paper:PMID{pmid}";
        var sentence = new EvidenceSentence(paperId, "Tregs preserved C-peptide at one year.", 0, 5, "abstract", "test-1",
            Polarity: outcomePolarity, Value: "AUC +12%", Weight: 1.0);
        return new GraphBatch(paperId, hash, "test", [$"PMID:{pmid}"],
            [
                new GraphNode(paperId, GraphSchema.Labels.Paper, $"Paper {pmid}", new Dictionary<string, object?>
                {
                    ["year"] = 2024L,
                    ["score"] = 1.0,
                    ["authors"] = new[] { "A. Author", "B. Author" },
                    ["openAccess"] = true,
                }) { Authoritative = true },
                new GraphNode("celltype:treg", GraphSchema.Labels.CellType, "Regulatory T cells", new Dictionary<string, object?>()),
                new GraphNode("outcome:c-peptide", GraphSchema.Labels.Outcome, "C-peptide", new Dictionary<string, object?>()),
                new GraphNode(trial, GraphSchema.Labels.Trial, trial, new Dictionary<string, object?> { ["phase"] = "PHASE2" }),
            ],
            [
                new GraphEdge(paperId, GraphSchema.Relationships.Mentions, "celltype:treg", GraphEdge.TextMiningAgent, [sentence],
                    new Dictionary<string, object?> { ["count"] = 2L }),
                new GraphEdge(paperId, GraphSchema.Relationships.ReportsOn, trial, GraphEdge.TextMiningAgent, [], new Dictionary<string, object?>()),
                new GraphEdge("celltype:treg", GraphSchema.Relationships.ReportsOutcome, "outcome:c-peptide", GraphEdge.TextMiningAgent, [sentence],
                    new Dictionary<string, object?>()),
            ]);
    }
}
