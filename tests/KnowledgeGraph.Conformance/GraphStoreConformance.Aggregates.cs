using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Conformance;

/// <summary>Bounded cell-type trial lists and set-based mechanism totals (issue 18) equal what reading everything gives.</summary>
public abstract partial class GraphStoreConformance
{
    private async Task<IGraphStore> ManyTrialsAsync()
    {
        var store = await LoadedAsync();
        await store.UpsertAsync(ManyTrialsGraph.All);
        return store;
    }

    [SkippableFact]
    public async Task A_cell_type_counts_every_trial_but_lists_only_the_first_in_id_order()
    {
        await using var store = await ManyTrialsAsync();

        var cellTypes = await store.GetCellTypesAsync(null);

        var bounded = 0;
        foreach (var c in cellTypes)
        {
            var all = (await store.GetEdgesAsync(new EdgeQuery([c.Id], ["TESTS"], Incoming: true, WithEvidence: false)))
                .Select(e => e.Relationship.From).Distinct().Order(StringComparer.Ordinal).ToList();
            Assert.Equal(all.Count, c.TrialCount);
            Assert.Equal(all.Take(CellTypeSummary.MaxListedTrials), c.Trials);
            Assert.Equal(c.Trials, (await store.GetCellTypeAsync(c.Id))!.Trials);
            if (all.Count > CellTypeSummary.MaxListedTrials) bounded++;
        }
        // The graph is made so that the bound is exercised, not just the short lists.
        Assert.True(bounded >= 2, $"only {bounded} cell types have more than {CellTypeSummary.MaxListedTrials} trials");
    }

    [SkippableFact]
    public async Task Mechanism_trial_totals_equal_totals_over_every_listed_trial()
    {
        await using var store = await ManyTrialsAsync();

        await MechanismTotals.AssertEqualListingAsync(store);
        var immuno = await store.GetMechanismTrialStatsAsync("mechanism:immunomodulation");
        Assert.True(immuno.TrialCount > CellTypeSummary.MaxListedTrials);
        Assert.True(immuno.TrialsByPhase.ContainsKey("unknown"));
        Assert.NotEmpty(immuno.Outcomes);
    }

    [SkippableFact]
    public async Task Mechanism_trial_totals_follow_replaced_reingested_and_deleted_records_and_papers()
    {
        await using var store = await ManyTrialsAsync();
        var before = await store.GetMechanismTrialStatsAsync("mechanism:replacement");

        // Registry records replaced: other cell types (a trial moves between mechanisms, gains or loses a second cell
        // type), other phases, outcomes added and removed.
        await store.UpsertAsync([.. Enumerable.Range(0, 40).Select(i => ManyTrialsGraph.Batch(i, revision: 1 + i % 3))]);
        await MechanismTotals.AssertEqualListingAsync(store);
        Assert.NotEqual(before, await store.GetMechanismTrialStatsAsync("mechanism:replacement"), TrialStatsComparer.Instance);

        // A paper adds evidence to trial outcome edges the records already hold, a new outcome edge and a cell type.
        await store.UpsertAsync([TrialsPaper(revision: 0)]);
        await MechanismTotals.AssertEqualListingAsync(store);
        // The same paper again (unchanged), then replaced by a version naming other trials.
        await store.UpsertAsync([TrialsPaper(revision: 0)]);
        await store.UpsertAsync([TrialsPaper(revision: 1)]);
        await MechanismTotals.AssertEqualListingAsync(store);

        // Records deleted (their trials stay while the paper still reports on them), then the paper.
        foreach (var i in new[] { 0, 5, 10, 12, 30, 31, 60 })
            Assert.True(await store.DeleteDocumentAsync($"registry:NCT9{i:D7}"));
        await MechanismTotals.AssertEqualListingAsync(store);
        Assert.True(await store.DeleteDocumentAsync(TrialsPaperId));
        await MechanismTotals.AssertEqualListingAsync(store);

        // Everything back as first written: the totals are the first ones again.
        await store.UpsertAsync(ManyTrialsGraph.All);
        Assert.Equal(before, await store.GetMechanismTrialStatsAsync("mechanism:replacement"), TrialStatsComparer.Instance);
    }

    private const string TrialsPaperId = "paper:pmid:777";

    /// <summary>A paper reporting outcomes of a few of <see cref="ManyTrialsGraph"/>'s trials and the cell type one tests.</summary>
    private static Core.Graph.GraphBatch TrialsPaper(int revision)
    {
        var edges = new List<Core.Graph.GraphEdge>();
        var nodes = new List<Core.Graph.GraphNode> { ConformanceGraph.Paper(TrialsPaperId, "Trials revisited") };
        foreach (var i in new[] { 0, 5, 10, 11, 12, 30 }.Select(i => i + revision))
        {
            var trial = $"trial:NCT9{i:D7}";
            nodes.Add(ConformanceGraph.Trial(trial, authoritative: false));
            var sentence = $"In trial {i}, C-peptide fell.";
            edges.Add(ConformanceGraph.Text(trial, "REPORTS_OUTCOME", "outcome:c-peptide", TrialsPaperId,
                [ConformanceGraph.Ev(TrialsPaperId, sentence, 0, sentence.Length, "worsened")], ("vote", "worsened")));
            edges.Add(ConformanceGraph.Text(TrialsPaperId, "REPORTS_ON", trial, TrialsPaperId, [ConformanceGraph.Ev(TrialsPaperId, sentence, 0, 14)]));
        }
        var tested = $"Trial {12 + revision} also gave islets.";
        edges.Add(ConformanceGraph.Text($"trial:NCT9{12 + revision:D7}", "TESTS", "celltype:islet", TrialsPaperId,
            [ConformanceGraph.Ev(TrialsPaperId, tested, 0, tested.Length)]));
        return new Core.Graph.GraphBatch(TrialsPaperId, $"hash-trials-paper-{revision}", "p777.json", ["PMID:777"],
            nodes, edges);
    }

    /// <summary>Trial totals compared by value (the record holds a dictionary and a list).</summary>
    private sealed class TrialStatsComparer : IEqualityComparer<TrialStats>
    {
        public static readonly TrialStatsComparer Instance = new();

        public bool Equals(TrialStats? x, TrialStats? y) =>
            x is not null && y is not null && x.TrialCount == y.TrialCount
            && x.TrialsByPhase.OrderBy(kv => kv.Key, StringComparer.Ordinal).SequenceEqual(y.TrialsByPhase.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            && x.Outcomes.SequenceEqual(y.Outcomes);

        public int GetHashCode(TrialStats obj) => obj.TrialCount;
    }
}

/// <summary>Mechanism totals as reading every trial of the mechanism gives them, page by page, and cell type trial counts as
/// reading their TESTS edges gives them.</summary>
public static class MechanismTotals
{
    public static async Task AssertEqualListingAsync(IGraphStore store)
    {
        // Each cell type's trial count is every trial testing it.
        foreach (var c in await store.GetCellTypesAsync(null))
        {
            var all = (await store.GetEdgesAsync(new EdgeQuery([c.Id], ["TESTS"], Incoming: true, WithEvidence: false)))
                .Select(e => e.Relationship.From).Distinct().Count();
            Assert.True(all == c.TrialCount, $"{c.Id}: {c.TrialCount} trials counted, {all} test it");
        }
        foreach (var mechanism in Core.Vocabulary.ConceptVocabulary.Default.OfKind("Mechanism").Select(m => m.Id).Append("mechanism:no-such"))
        {
            var trials = new List<TrialSummary>();
            string? cursor = null;
            for (var page = 0; page < 100; page++)
            {
                var p = await store.GetTrialsAsync(new TrialFilter(Mechanism: mechanism), 7, cursor);
                trials.AddRange(p.Items);
                if ((cursor = p.NextCursor) is null) break;
            }
            var expectedPhases = trials.GroupBy(t => t.Phase ?? "unknown", StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (g.Key, g.Count())).ToList();
            var expectedOutcomes = trials.SelectMany(t => t.Outcomes).GroupBy(o => o.OutcomeId, StringComparer.Ordinal)
                .Select(g => new OutcomeSummary(g.Key, g.First().Name, g.Sum(o => o.PositiveEvidence), g.Sum(o => o.NegativeEvidence), g.Sum(o => o.EvidenceCount)))
                .OrderByDescending(o => o.EvidenceCount).ThenBy(o => o.OutcomeId, StringComparer.Ordinal).ToList();

            var stats = await store.GetMechanismTrialStatsAsync(mechanism);

            Assert.Equal(trials.Count, stats.TrialCount);
            Assert.Equal(expectedPhases, stats.TrialsByPhase.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)));
            Assert.Equal(expectedOutcomes, stats.Outcomes);
        }
    }
}
