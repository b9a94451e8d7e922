using KnowledgeGraph.Core.Storage;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite;

/// <summary>
/// Totals over the trials of a cell type or a mechanism, read set-based instead of by listing the trials (issue 18):
/// listing every trial of both mechanisms made the comparison cost about 0.1 ms per trial (350 ms at 200,000 papers),
/// and every cell-type read carried each cell type's full trial-id list.
/// </summary>
public sealed partial class SqliteGraphStore
{
    /// <summary>Per cell type: how many trials test it (COUNT over the (dst, type, src) index range, never the rows) and
    /// the first <paramref name="listed"/> trial ids in id order (a LIMIT on the same range).</summary>
    private static async Task<(Dictionary<string, int> Counts, Dictionary<string, List<string>> First)> CellTypeTrialsAsync(
        SqliteConnection connection, IReadOnlyList<string> cellTypes, int listed, CancellationToken ct)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var first = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using var count = Command(connection, "SELECT COUNT(*) FROM edges WHERE dst = $dst AND type = 'TESTS'", ("$dst", ""));
        await using var list = Command(connection, "SELECT src FROM edges WHERE dst = $dst AND type = 'TESTS' ORDER BY src LIMIT $limit",
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

    /// <summary>The distinct trial ids testing any of the cell types. Read from the (dst, type, src) range of each cell type:
    /// without statistics SQLite otherwise scans every TESTS edge through (type, src, dst).</summary>
    private static string MechanismTrialIds(SqliteCommand cmd, IReadOnlyList<string> cellTypes) =>
        $"SELECT DISTINCT src FROM edges INDEXED BY ix_edges_dst_type WHERE dst IN ({InList(cmd, cellTypes, "c")}) AND type = 'TESTS'";

    public async Task<TrialStats> GetMechanismTrialStatsAsync(string mechanism, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenReadAsync(cancellationToken);
        var cellTypes = await CellTypeIdsAsync(connection, mechanism, cancellationToken);
        if (cellTypes.Count == 0) return new TrialStats(0, new Dictionary<string, int>(StringComparer.Ordinal), []);

        // The distinct trials testing any of the cell types (a trial testing two of them counts once), as the trial
        // listing filters them: Trial nodes only. Phase as the listing reads it: text, else "unknown".
        var byPhase = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"""
                WITH t(id) AS ({MechanismTrialIds(cmd, cellTypes)})
                SELECT CASE WHEN typeof(p) = 'text' THEN p END AS phase, COUNT(*)
                FROM (SELECT {SqliteQuerySchema.Phase} AS p FROM t JOIN nodes n ON n.id = t.id WHERE n.label = 'Trial')
                GROUP BY phase
                """;
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
            {
                var phase = r.IsDBNull(0) ? "unknown" : r.GetString(0);
                var n = r.GetInt32(1);
                byPhase[phase] = byPhase.GetValueOrDefault(phase) + n;
                total += n;
            }
        }

        // Outcomes those trials report or measure, evidence summed per outcome from edge_stats (as the listing's).
        var outcomes = new List<OutcomeSummary>();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"""
                WITH t(id) AS ({MechanismTrialIds(cmd, cellTypes)})
                SELECT e.dst, o.name, SUM(s.evidence), SUM(s.positive), SUM(s.negative)
                FROM t JOIN nodes n ON n.id = t.id AND n.label = 'Trial'
                JOIN edges e ON e.src = t.id AND e.type IN ('REPORTS_OUTCOME', 'MEASURES')
                JOIN nodes o ON o.id = e.dst JOIN edge_stats s ON s.edge_id = e.id
                GROUP BY e.dst
                """;
            await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await r.ReadAsync(cancellationToken))
                outcomes.Add(new OutcomeSummary(r.GetString(0), r.GetString(1), r.GetInt32(3), r.GetInt32(4), r.GetInt32(2)));
        }
        outcomes.Sort((a, b) => b.EvidenceCount != a.EvidenceCount ? b.EvidenceCount.CompareTo(a.EvidenceCount) : string.CompareOrdinal(a.OutcomeId, b.OutcomeId));
        return new TrialStats(total, new Dictionary<string, int>(byPhase, StringComparer.Ordinal), outcomes);
    }
}
