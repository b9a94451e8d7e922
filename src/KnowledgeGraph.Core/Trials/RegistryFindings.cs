using System.Text;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Extraction;

namespace KnowledgeGraph.Core.Trials;

/// <summary>
/// A posted result tied to the outcome concept it measures: <see cref="Text"/> renders the measure and its values
/// for people (it becomes the evidence sentence of the trial's REPORTS_OUTCOME edge), <see cref="Value"/> is the
/// values alone, <see cref="Field"/> the record field it came from.
/// </summary>
public sealed record RegistryFinding(string OutcomeId, string Text, string Value, string Field);

/// <summary>Turns a registry record's posted results into findings on outcome concepts.</summary>
public static class RegistryFindings
{
    /// <summary>Most groups' values written into one finding's text (a measure can have many arms).</summary>
    public const int MaxGroupsInText = 12;

    /// <summary>
    /// One finding per outcome concept a posted measure names (in its title, else its description), and one for
    /// safety from the adverse events module. Measures that name no outcome of the vocabulary give none.
    /// </summary>
    public static List<RegistryFinding> From(TrialRecord trial, InterventionLexicon lexicon)
    {
        var results = trial.Facts.Results;
        var findings = new List<RegistryFinding>();
        if (results is null) return findings;
        for (var i = 0; i < results.OutcomeMeasures.Count; i++)
        {
            var m = results.OutcomeMeasures[i];
            var outcomes = OutcomeIds(lexicon, m.Title);
            if (outcomes.Count == 0 && m.Description is not null) outcomes = OutcomeIds(lexicon, m.Description);
            if (outcomes.Count == 0) continue;
            var values = DescribeValues(m);
            var text = $"{Title(m.Type)} outcome measure (registry results): {m.Title}{(m.TimeFrame is null ? "" : $" [time frame: {m.TimeFrame}]")}: {values}";
            foreach (var outcome in outcomes)
                findings.Add(new RegistryFinding(outcome, text, values, $"resultsSection.outcomeMeasuresModule.outcomeMeasures[{i}]"));
        }

        if (results.AdverseEvents is { Groups.Count: > 0 } ae)
        {
            var values = DescribeAdverseEvents(ae);
            findings.Add(new RegistryFinding("outcome:safety",
                $"Adverse events (registry results){(ae.TimeFrame is null ? "" : $" [time frame: {ae.TimeFrame}]")}: {values}", values,
                "resultsSection.adverseEventsModule"));
        }
        return findings;
    }

    /// <summary>Outcome concept ids named in <paramref name="text"/>, in order of first mention.</summary>
    public static List<string> OutcomeIds(InterventionLexicon lexicon, string text) =>
        [.. lexicon.Outcomes.Match(text).Select(m => m.Entry.ConceptId).OfType<string>().Distinct(StringComparer.Ordinal)];

    /// <summary>"VX-880: 10 of 12 Participants; Placebo: NA (Not analysed)": each group's values with dispersion, limits and denominators.</summary>
    public static string DescribeValues(TrialOutcomeResult m)
    {
        var titles = m.Groups.ToDictionary(g => g.Id, g => g.Title ?? g.Id, StringComparer.Ordinal);
        var denominators = m.Denominators.GroupBy(d => d.GroupId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var counts = m.ParamType is "COUNT_OF_PARTICIPANTS" or "COUNT_OF_UNITS";
        var parts = new List<string>();
        foreach (var group in m.Measurements.GroupBy(x => x.GroupId, StringComparer.Ordinal).Take(MaxGroupsInText))
        {
            var sb = new StringBuilder(titles.GetValueOrDefault(group.Key) ?? group.Key).Append(": ");
            var first = true;
            foreach (var x in group)
            {
                if (!first) sb.Append(", ");
                first = false;
                var label = string.Join(" / ", new[] { x.ClassTitle, x.CategoryTitle }.OfType<string>());
                if (label.Length > 0) sb.Append(label).Append(' ');
                sb.Append(x.Value ?? "(no value)");
                if (counts && denominators.TryGetValue(group.Key, out var d)) sb.Append(" of ").Append(d.Value);
                if (m.Unit is not null && x.Value is not ("NA" or "NR" or null)) sb.Append(' ').Append(m.Unit);
                if (x.Spread is not null) sb.Append(" (").Append(Dispersion(m.DispersionType)).Append(' ').Append(x.Spread).Append(')');
                if (x.LowerLimit is not null || x.UpperLimit is not null)
                    sb.Append(" (").Append(Dispersion(m.DispersionType)).Append(' ').Append(x.LowerLimit ?? "?").Append(" to ").Append(x.UpperLimit ?? "?").Append(')');
                if (x.Comment is not null) sb.Append(" [").Append(x.Comment).Append(']');
            }
            if (!counts && denominators.TryGetValue(group.Key, out var n)) sb.Append(", n=").Append(n.Value);
            parts.Add(sb.ToString());
        }
        var more = m.Measurements.Select(x => x.GroupId).Distinct(StringComparer.Ordinal).Count() - MaxGroupsInText;
        if (more > 0) parts.Add($"and {more} more groups");
        return parts.Count == 0 ? "no values posted" : string.Join("; ", parts);
    }

    /// <summary>"VX-880: deaths 2/14, serious 5/14, other 14/14; serious events: Neutropenia (Blood...) 2/14".</summary>
    public static string DescribeAdverseEvents(TrialAdverseEvents ae)
    {
        var titles = ae.Groups.ToDictionary(g => g.Id, g => g.Title ?? g.Id, StringComparer.Ordinal);
        var parts = ae.Groups.Take(MaxGroupsInText).Select(g =>
            $"{g.Title ?? g.Id}: deaths {Ratio(g.DeathsAffected, g.DeathsAtRisk)}, serious {Ratio(g.SeriousAffected, g.SeriousAtRisk)}, other {Ratio(g.OtherAffected, g.OtherAtRisk)}").ToList();
        var serious = ae.Serious.Where(e => e.Stats.Any(s => s.NumAffected > 0)).Take(MaxGroupsInText)
            .Select(e => $"{e.Term}{(e.OrganSystem is null ? "" : $" ({e.OrganSystem})")} " +
                string.Join(", ", e.Stats.Where(s => s.NumAffected > 0).Select(s => $"{titles.GetValueOrDefault(s.GroupId) ?? s.GroupId} {Ratio(s.NumAffected, s.NumAtRisk)}")))
            .ToList();
        if (serious.Count > 0) parts.Add("serious events: " + string.Join("; ", serious));
        return string.Join("; ", parts);
    }

    private static string Ratio(int? affected, int? atRisk) => $"{affected?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}/{atRisk?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}";

    private static string Title(string type) => type switch
    {
        "PRIMARY" => "Primary",
        "SECONDARY" => "Secondary",
        "OTHER_PRE_SPECIFIED" => "Other pre-specified",
        "POST_HOC" => "Post-hoc",
        _ => type,
    };

    private static string Dispersion(string? type) => type switch
    {
        "STANDARD_DEVIATION" => "SD",
        "STANDARD_ERROR" => "SE",
        "INTER_QUARTILE_RANGE" => "IQR",
        "FULL_RANGE" => "range",
        "GEOMETRIC_COEFFICIENT" => "geometric CV",
        null => "",
        _ => type.Replace('_', ' ').ToLowerInvariant(),
    };
}
