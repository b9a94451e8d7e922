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

        foreach (var mechanism in Vocabulary.OfKind("Mechanism").Select(m => m.Id).Append("mechanism:no-such"))
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
        var immuno = await store.GetMechanismTrialStatsAsync("mechanism:immunomodulation");
        Assert.True(immuno.TrialCount > CellTypeSummary.MaxListedTrials);
        Assert.True(immuno.TrialsByPhase.ContainsKey("unknown"));
        Assert.NotEmpty(immuno.Outcomes);
    }
}
