using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Conformance;

/// <summary>
/// More trials than a cell type summary lists (<see cref="Core.Storage.CellTypeSummary.MaxListedTrials"/>), one
/// registry record each: some test two cell types (of one mechanism or of both), phases vary (some have none), and
/// some report an outcome with evidence, so bounded lists and set-based totals can be checked against reading everything.
/// </summary>
public static class ManyTrialsGraph
{
    public const int Trials = 130;

    public static IReadOnlyList<GraphBatch> All => [.. Enumerable.Range(0, Trials).Select(i => Batch(i))];

    private static readonly string?[] Phases = ["PHASE1", "PHASE2", null, "PHASE1/PHASE2", "PHASE3"];

    /// <summary>Registry record <paramref name="i"/>; a later <paramref name="revision"/> of the same record tests other cell
    /// types, has another phase and reports other outcomes (its content as record i + revision's).</summary>
    public static GraphBatch Batch(int i) => Batch(i, 0);

    public static GraphBatch Batch(int id, int revision)
    {
        var trial = $"trial:NCT9{id:D7}";
        var doc = $"registry:NCT9{id:D7}";
        var i = id + revision;
        var edges = new List<GraphEdge> { ConformanceGraph.Registry(trial, "TESTS", i % 3 == 0 ? "celltype:sc-islet" : "celltype:treg", doc) };
        if (i % 4 == 1) edges.Add(ConformanceGraph.Registry(trial, "TESTS", "celltype:msc", doc));
        if (i % 7 == 2) edges.Add(ConformanceGraph.Registry(trial, "TESTS", "celltype:sc-islet", doc));
        if (i % 5 == 0)
        {
            var sentence = $"Trial {i} improved C-peptide.";
            edges.Add(ConformanceGraph.Text(trial, "REPORTS_OUTCOME", "outcome:c-peptide", doc,
                [ConformanceGraph.Ev(doc, sentence, 0, sentence.Length, i % 10 == 0 ? "improved" : "worsened")], ("vote", "improved")));
        }
        if (i % 6 == 0)
        {
            var sentence = $"Trial {i} was safe.";
            edges.Add(ConformanceGraph.Text(trial, "REPORTS_OUTCOME", "outcome:safety", doc,
                [ConformanceGraph.Ev(doc, sentence, 0, sentence.Length, "improved")]));
        }
        return new GraphBatch(doc, $"hash-many-{id}-{revision}", $"NCT9{id:D7}.json", [$"clinicaltrials:NCT9{id:D7}"],
            [ConformanceGraph.Trial(trial, authoritative: true, phase: Phases[i % Phases.Length], status: "COMPLETED", title: $"Trial {i}")],
            edges);
    }
}
