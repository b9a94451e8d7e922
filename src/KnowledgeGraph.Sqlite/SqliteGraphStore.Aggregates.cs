using KnowledgeGraph.Core.Storage;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite;

/// <summary>
/// Totals over the trials of a cell type or a mechanism, read set-based instead of by listing the trials (issue 18):
/// listing every trial of both mechanisms made the comparison cost about 0.1 ms per trial (350 ms at 200,000 papers),
/// and every cell-type read carried each cell type's full trial-id list. A mechanism's totals are read from running totals
/// per mechanism set (<see cref="SqliteTrialTotalsSchema"/>), so their cost does not grow with the trials at all.
/// </summary>
public sealed partial class SqliteGraphStore
{
    /// <summary>Per cell type: how many trials test it (its running count of TESTS edges, SqliteTrialTotalsSchema) and
    /// the first <paramref name="listed"/> trial ids in id order (a LIMIT on the same range).</summary>
    private static async Task<(Dictionary<string, int> Counts, Dictionary<string, List<string>> First)> CellTypeTrialsAsync(
        SqliteConnection connection, IReadOnlyList<string> cellTypes, int listed, CancellationToken ct)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var first = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using var count = Command(connection, "SELECT COALESCE((SELECT trials FROM celltype_trial_counts WHERE cell_type = $dst), 0)", ("$dst", ""));
        await using var list = Command(connection, "SELECT src FROM edges WHERE dst = $dst AND type = 'TESTS'" + SqliteSchema.NotMentionsTerm + " ORDER BY src LIMIT $limit",
            ("$dst", ""), ("$limit", listed));
        foreach (var cellType in cellTypes)
        {
            count.Parameters["$dst"].Value = cellType;
            var n = Convert.ToInt32(await count.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
            counts[cellType] = n;
            if (n == 0) continue;
            list.Parameters["$dst"].Value = cellType;
            var ids = new List<string>(Math.Min(n, listed));
            await using var r = await list.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) ids.Add(r.GetString(0));
            first[cellType] = ids;
        }
        return (counts, first);
    }

    public async Task<TrialStats> GetMechanismTrialStatsAsync(string mechanism, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        // The mechanism and every narrower one: a trial counts when one of its cell types acts via one of them, as the
        // trial listing's filter (CellTypeIdsAsync) has it.
        var mechanisms = await NarrowerAsync(connection, mechanism, cancellationToken);

        // The running totals per mechanism set (SqliteTrialTotalsSchema): a few rows whatever the number of trials. A set
        // counts when it meets those mechanisms; each trial is in one set, so a trial testing two cell types counts once.
        var meets = new Dictionary<string, bool>(StringComparer.Ordinal);
        bool Meets(string set)
        {
            if (!meets.TryGetValue(set, out var m))
                meets[set] = m = set.Split('\n').Any(mechanisms.Contains);
            return m;
        }

        var byPhase = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        await using (var cmd = Command(connection, SqliteTrialTotalsSchema.ReadPhases))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                if (!Meets(r.GetString(0))) continue;
                var n = r.GetInt32(2);
                byPhase[r.GetString(1)] = byPhase.GetValueOrDefault(r.GetString(1)) + n;
                total += n;
            }
        }

        // Outcomes those trials report or measure, evidence summed per outcome from their edges' totals.
        var byOutcome = new Dictionary<string, OutcomeSummary>(StringComparer.Ordinal);
        await using (var cmd = Command(connection, SqliteTrialTotalsSchema.ReadOutcomes))
        await using (var r = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await r.ReadAsync(cancellationToken))
            {
                if (!Meets(r.GetString(0))) continue;
                var id = r.GetString(1);
                var prev = byOutcome.GetValueOrDefault(id);
                byOutcome[id] = new OutcomeSummary(id, r.GetString(2), (prev?.PositiveEvidence ?? 0) + r.GetInt32(4),
                    (prev?.NegativeEvidence ?? 0) + r.GetInt32(5), (prev?.EvidenceCount ?? 0) + r.GetInt32(3));
            }
        }
        var outcomes = byOutcome.Values.ToList();
        outcomes.Sort((a, b) => b.EvidenceCount != a.EvidenceCount ? b.EvidenceCount.CompareTo(a.EvidenceCount) : string.CompareOrdinal(a.OutcomeId, b.OutcomeId));
        return new TrialStats(total, new Dictionary<string, int>(byPhase, StringComparer.Ordinal), outcomes);
    }
}
