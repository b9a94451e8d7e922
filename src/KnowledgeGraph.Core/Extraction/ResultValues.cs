using System.Globalization;
using System.Text.RegularExpressions;

namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// Values a result states: a change "from 8.1% to 6.4%" (the result is 6.4%, and the change has a direction), a value
/// after a baseline ("10.9% at diagnosis and 5.9%, 6.4% ... after"), a count of people ("10 of 12", "Four of the six",
/// "none of the four", "15 were", "in 44 patients"), a measure with its unit ("6.4%", "0.50 ng/ml", "13.6 ± 8.1
/// pmol/mL/180 min", "0.1 U/kg"), a quantifier ("all six") or "half". P values and bare numbers (times, ages, doses
/// of cells) are not values. <see cref="Find"/> lists them in a stretch of text with a priority: a change first, then
/// a count, a measure, a counted subject, a quantifier.
/// </summary>
internal static partial class ResultValues
{
    internal enum Kind : byte { Change = 0, Count = 1, Measure = 2, CountedSubject = 3, Quantifier = 4, Half = 5 }

    /// <summary>A value at [Start, End) of the text, with its priority; for a change, <see cref="From"/> and <see cref="To"/>
    /// are the two numbers; for a measure, <see cref="Bound"/> says whether it is stated as below (-1) or above (+1) a level.</summary>
    internal readonly record struct Candidate(int Start, int End, Kind Kind, string Text, double? From = null, double? To = null, int Bound = 0);

    private const string Words = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty";
    private const string Num = @"(?:(?<![\d.,])\d+(?:[.,]\d+)*|" + Words + ")";
    private const string Sd = @"(?:\s*(?:±|\+/-|\+-)\s*\d+(?:\.\d+)?)?";
    private const string UnitPart = @"(?:mL|ml|l|L|dl|dL|mol|kg|day|d|h|min|\d+\s?min)(?:\s?\(-?1\))?";
    private const string Unit = @"(?:\s?%|\s?(?:nmol|pmol|mmol|µmol|μmol|ng|pg|mg|µg|μg|U|IU|units?)(?:\s?(?:/|\*|per)\s?" + UnitPart + ")+)";
    private const string Measure = @"(?<![\d.,])\d+(?:\.\d+)?" + Sd + Unit;
    private const string People = "patients?|subjects?|participants?|recipients?|children|child|adults?|individuals?";

    [GeneratedRegex(@"\bfrom\s+(?<a>\d+(?:\.\d+)?)" + Sd + Unit + @"?(?:\s*\([^()]{0,40}\))?[^;()]{0,50}?\s(?:to|reaching|reached)\s+(?<b>(?<bn>\d+(?:\.\d+)?)" + Sd + Unit + "?)" +
        @"|(?<a>\d+(?:\.\d+)?)" + Sd + Unit + @"?\s+to\s+(?<b>(?<bn>\d+(?:\.\d+)?)" + Sd + Unit + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChangePattern();

    [GeneratedRegex(@"(?<a>\d+(?:\.\d+)?)" + Sd + Unit + @"?\s+(?:at|before)\s+(?:diagnosis|baseline|entry|enrolment|enrollment|inclusion|transplant\w*|infusion|treatment|randomi[sz]ation)\s+and\s+(?<b>(?<bn>\d+(?:\.\d+)?)" + Sd + Unit + @"?(?:,\s*\d+(?:\.\d+)?" + Sd + Unit + @"?)*(?:,?\s+and\s+\d+(?:\.\d+)?" + Sd + Unit + "?)?)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SeriesPattern();

    [GeneratedRegex(@"\b(?:" + Num + @"|all|none|no)\s+of\s+(?:the\s+|these\s+|those\s+)?(?:" + Num + @"\b|them\b|these\b|those\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CountPattern();

    [GeneratedRegex(@"(?<bound>[≥≤<>]\s?|\b(?:below|under|less\s+than|above|over|at\s+least|at\s+most|up\s+to)\s+)?" + Measure, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MeasurePattern();

    [GeneratedRegex(@"\b(?<v>" + Num + @"(?:\s+(?:" + People + @"))?)\s+(?:were|was|had|developed|died|became|remained|achieved|reached|needed|experienced|required)\b" +
        @"|\bin\s+(?<v>" + Num + @"\s+(?:" + People + @"))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CountedSubjectPattern();

    [GeneratedRegex(@"\ball\s+(?:the\s+)?(?:" + Num + @")\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuantifierPattern();

    [GeneratedRegex(@"\bhalf\b(?!\s+of\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HalfPattern();

    [GeneratedRegex(@"\bp\s*(?:=|>|≥)\s*(?<p>0?\.\d+|1(?:\.0+)?)|\bnot\s+(?:statistically\s+)?significant|\bn\.?s\.?(?=[\s,;)])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotSignificantPattern();

    /// <summary>Every value in <paramref name="text"/>[<paramref name="from"/>..<paramref name="to"/>), offsets into <paramref name="text"/>.</summary>
    public static List<Candidate> Find(string text, int from, int to)
    {
        var result = new List<Candidate>();
        var span = text[from..to];
        foreach (Match m in ChangePattern().Matches(span))
            result.Add(new Candidate(from + m.Groups["b"].Index, from + m.Groups["b"].Index + m.Groups["b"].Length, Kind.Change,
                m.Groups["b"].Value.Trim(), Parse(m.Groups["a"].Value), Parse(m.Groups["bn"].Value)));
        foreach (Match m in SeriesPattern().Matches(span))
            result.Add(new Candidate(from + m.Groups["b"].Index, from + m.Groups["b"].Index + m.Groups["b"].Length, Kind.Change,
                m.Groups["b"].Value.Trim(), Parse(m.Groups["a"].Value), Parse(m.Groups["bn"].Value)));
        foreach (Match m in CountPattern().Matches(span))
            result.Add(new Candidate(from + m.Index, from + m.Index + m.Length, Kind.Count, m.Value));
        foreach (Match m in MeasurePattern().Matches(span))
        {
            var bound = m.Groups["bound"].Value.Trim().ToLowerInvariant() switch
            {
                "" => 0,
                "≥" or ">" or "above" or "over" or "at least" => 1,
                _ => -1, // ≤ < below under "less than" "at most" "up to"
            };
            result.Add(new Candidate(from + m.Index, from + m.Index + m.Length, Kind.Measure, m.Value.Trim(), Bound: bound));
        }
        foreach (Match m in CountedSubjectPattern().Matches(span))
        {
            var g = m.Groups["v"];
            result.Add(new Candidate(from + g.Index, from + g.Index + g.Length, Kind.CountedSubject, g.Value));
        }
        foreach (Match m in QuantifierPattern().Matches(span))
            result.Add(new Candidate(from + m.Index, from + m.Index + m.Length, Kind.Quantifier, m.Value));
        foreach (Match m in HalfPattern().Matches(span))
            result.Add(new Candidate(from + m.Index, from + m.Index + m.Length, Kind.Half, m.Value));
        return result;
    }

    /// <summary>The value for an outcome whose own stretch is [<paramref name="afterFrom"/>, <paramref name="afterTo"/>) after its
    /// mention and [<paramref name="beforeFrom"/>, <paramref name="beforeTo"/>) before it: the best value after the mention
    /// (a change before a count before a measure ..., the first of equals), else the best before it (the nearest of equals).</summary>
    public static Candidate? Choose(List<Candidate> candidates, int beforeFrom, int beforeTo, int afterFrom, int afterTo)
    {
        Candidate? best = null;
        foreach (var c in candidates)
            if (c.Start >= afterFrom && c.Start < afterTo && (best is null || c.Kind < best.Value.Kind || (c.Kind == best.Value.Kind && c.Start < best.Value.Start)))
                best = c;
        if (best is not null) return best;
        foreach (var c in candidates)
            if (c.Start >= beforeFrom && c.End <= beforeTo && (best is null || c.Kind < best.Value.Kind || (c.Kind == best.Value.Kind && c.Start > best.Value.Start)))
                best = c;
        return best;
    }

    /// <summary>True when [from, to) states that a difference was not significant (P ≥ 0.05, "not significant", "NS").</summary>
    public static bool NotSignificant(string text, int from, int to)
    {
        if (to <= from) return false;
        foreach (Match m in NotSignificantPattern().Matches(text[from..to]))
        {
            if (!m.Groups["p"].Success) return true;
            if (double.TryParse(m.Groups["p"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && p >= 0.05) return true;
        }
        return false;
    }

    private static double? Parse(string s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
}
