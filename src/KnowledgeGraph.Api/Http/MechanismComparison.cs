using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Api.Http;

/// <summary>One mechanism's side of the comparison.</summary>
/// <param name="Outcomes">Outcomes reported for its cell types and trials, evidence counts summed per outcome over
/// those edges (a cell-type edge and a trial edge are separate aggregates, so both count).</param>
public sealed record MechanismSide(
    string Mechanism,
    string Name,
    IReadOnlyList<CellTypeSummary> CellTypes,
    int TrialCount,
    IReadOnlyDictionary<string, int> TrialsByPhase,
    IReadOnlyList<TrialSummary> Trials,
    IReadOnlyList<OutcomeSummary> Outcomes);

public sealed record MechanismComparisonResult(MechanismSide Replacement, MechanismSide Immunomodulation);

/// <summary>
/// Beta-cell replacement vs immunomodulation side by side, composed only from the store's cell-type and trial
/// queries (so every store answers the same way).
/// </summary>
public sealed class MechanismComparison(IGraphStore store)
{
    public const string Replacement = "mechanism:replacement";
    public const string Immunomodulation = "mechanism:immunomodulation";

    // Bounded paging: far above any real trial count, but never an endless loop on a misbehaving cursor.
    private const int MaxPages = 200;

    public async Task<MechanismComparisonResult> CompareAsync(CancellationToken ct) =>
        new(await SideAsync(Replacement, ct), await SideAsync(Immunomodulation, ct));

    public async Task<MechanismSide> SideAsync(string mechanism, CancellationToken ct)
    {
        var name = (await store.GetNodeAsync(mechanism, ct))?.Name ?? mechanism;
        var cellTypes = await store.GetCellTypesAsync(mechanism, ct);
        var trials = await AllTrialsAsync(store, new TrialFilter(Mechanism: mechanism), ct);
        var byPhase = trials.GroupBy(t => t.Phase ?? "unknown", StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var outcomes = cellTypes.SelectMany(c => c.Outcomes).Concat(trials.SelectMany(t => t.Outcomes))
            .GroupBy(o => o.OutcomeId, StringComparer.Ordinal)
            .Select(g => new OutcomeSummary(g.Key, g.First().Name, g.Sum(o => o.PositiveEvidence), g.Sum(o => o.NegativeEvidence), g.Sum(o => o.EvidenceCount)))
            .OrderByDescending(o => o.EvidenceCount).ThenBy(o => o.OutcomeId, StringComparer.Ordinal)
            .ToList();
        return new MechanismSide(mechanism, name, cellTypes, trials.Count, byPhase, trials, outcomes);
    }

    public static async Task<IReadOnlyList<TrialSummary>> AllTrialsAsync(IGraphStore store, TrialFilter filter, CancellationToken ct)
    {
        var all = new List<TrialSummary>();
        string? cursor = null;
        for (var i = 0; i < MaxPages; i++)
        {
            var page = await store.GetTrialsAsync(filter, 500, cursor, ct);
            all.AddRange(page.Items);
            if (page.NextCursor is null) break;
            cursor = page.NextCursor;
        }
        return all;
    }

    /// <summary>A mechanism id (bare or prefixed) that names a Mechanism node, else a 400.</summary>
    public static async Task<string> RequireMechanismAsync(IGraphStore store, string raw, CancellationToken ct)
    {
        var id = ApiQuery.WithPrefix(raw, "mechanism:");
        return await store.GetNodeAsync(id, ct) is { Label: GraphSchema.Labels.Mechanism }
            ? id
            : throw ApiProblemException.BadRequest($"'{raw}' is not a mechanism of the vocabulary.");
    }
}
