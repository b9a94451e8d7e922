using System.Text;

namespace KnowledgeGraph.Core.Graph;

/// <summary>
/// Normalises trial phases and statuses so filters match however a registry or paper spells them:
/// "PHASE1/PHASE2", "Phase 1/Phase 2", "phase 1-2" all hold phases 1 and 2; "Active, not recruiting" is ACTIVE_NOT_RECRUITING.
/// </summary>
public static class TrialFacets
{
    /// <summary>The phases named in <paramref name="phase"/>: "1".."4", "EARLY1", "NA".</summary>
    public static IReadOnlySet<string> Phases(string? phase)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(phase)) return set;
        var s = phase.ToUpperInvariant().Replace("PHASE", " ", StringComparison.Ordinal);
        if (s.Contains("EARLY", StringComparison.Ordinal)) set.Add("EARLY1");
        if (s.Contains("N/A", StringComparison.Ordinal) || s.Trim() is "NA" or "NOT APPLICABLE") set.Add("NA");
        foreach (var token in s.Split([' ', '/', '-', ',', '|', '_'], StringSplitOptions.RemoveEmptyEntries))
        {
            var t = token.TrimStart('0');
            var roman = t switch { "I" => "1", "II" => "2", "III" => "3", "IV" => "4", _ => t };
            if (roman is "1" or "2" or "3" or "4" && !(set.Contains("EARLY1") && roman == "1"))
                set.Add(roman);
        }
        return set;
    }

    /// <summary>True when the trial's phase includes every phase the filter names ("2" matches "PHASE1/PHASE2").</summary>
    public static bool PhaseMatches(string? trialPhase, string filter)
    {
        var wanted = Phases(filter);
        if (wanted.Count == 0) return false;
        var have = Phases(trialPhase);
        return wanted.All(have.Contains);
    }

    public static string NormalizeStatus(string status)
    {
        var sb = new StringBuilder(status.Length);
        foreach (var ch in status.Trim().ToUpperInvariant())
        {
            if (char.IsLetterOrDigit(ch)) sb.Append(ch);
            else if (sb.Length > 0 && sb[^1] != '_') sb.Append('_');
        }
        return sb.ToString().TrimEnd('_');
    }

    public static bool StatusMatches(string? trialStatus, string filter) =>
        trialStatus is not null && NormalizeStatus(trialStatus) == NormalizeStatus(filter);
}
