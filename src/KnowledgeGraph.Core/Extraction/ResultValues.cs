using System.Collections.Frozen;
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
    internal readonly record struct Candidate(int Start, int End, Kind Kind, string? Text, double? From = null, double? To = null, int Bound = 0)
    {
        /// <summary>The value as written: <see cref="Text"/>, or the sentence's characters at [Start, End) (made only for the chosen value).</summary>
        public string TextIn(string sentence) => Text ?? sentence[Start..End];
    }

    private const string Words = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty";
    private const string Sd = @"(?:\s*(?:±|\+/-|\+-)\s*\d+(?:\.\d+)?)?";
    private const string UnitPart = @"(?:mL|ml|l|L|dl|dL|mol|kg|day|d|h|min|\d+\s?min)(?:\s?\(-?1\))?";
    private const string Unit = @"(?:\s?%|\s?(?:nmol|pmol|mmol|µmol|μmol|ng|pg|mg|µg|μg|U|IU|units?)(?:\s?(?:/|\*|per)\s?" + UnitPart + ")+)";
    private const string Measure = @"(?<![\d.,])\d+(?:\.\d+)?" + Sd + Unit;

    [GeneratedRegex(@"\bfrom\s+(?<a>\d+(?:\.\d+)?)" + Sd + Unit + @"?(?:\s*\([^()]{0,40}\))?[^;()]{0,50}?\s(?:to|reaching|reached)\s+(?<b>(?<bn>\d+(?:\.\d+)?)" + Sd + Unit + "?)" +
        @"|(?<a>\d+(?:\.\d+)?)" + Sd + Unit + @"?\s+to\s+(?<b>(?<bn>\d+(?:\.\d+)?)" + Sd + Unit + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChangePattern();

    [GeneratedRegex(@"(?<a>\d+(?:\.\d+)?)" + Sd + Unit + @"?\s+(?:at|before)\s+(?:diagnosis|baseline|entry|enrolment|enrollment|inclusion|transplant\w*|infusion|treatment|randomi[sz]ation)\s+and\s+(?<b>(?<bn>\d+(?:\.\d+)?)" + Sd + Unit + @"?(?:,\s*\d+(?:\.\d+)?" + Sd + Unit + @"?)*(?:,?\s+and\s+\d+(?:\.\d+)?" + Sd + Unit + "?)?)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SeriesPattern();


    [GeneratedRegex(@"(?<bound>[≥≤<>]\s?|\b(?:below|under|less\s+than|above|over|at\s+least|at\s+most|up\s+to)\s+)?" + Measure, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MeasurePattern();




    [GeneratedRegex(@"\bp\s*(?:=|>|≥)\s*(?<p>0?\.\d+|1(?:\.0+)?)|\bnot\s+(?:statistically\s+)?significant|\bn\.?s\.?(?=[\s,;)])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NotSignificantPattern();

    /// <summary>Every value in clause [<paramref name="fromWord"/>, <paramref name="toWord"/>) of <paramref name="a"/>, which spans
    /// characters [<paramref name="from"/>, <paramref name="to"/>); offsets are into the sentence. Counts, counted subjects,
    /// quantifiers and "half" are read from the words; changes and measures (decimals, units) by pattern, each only when
    /// the clause holds what the pattern needs, since most clauses hold no value of most kinds.</summary>
    public static void Find(SentenceAnalysis a, int fromWord, int toWord, int from, int to, List<Candidate> result)
    {
        if (!a.Any(WordFlags.NumberWord | WordFlags.Quantity) && a.Lower.Slice(from, to - from).IndexOfAny(CharSets.Digits) < 0) return;
        var text = a.Text;
        // One pass over the words says which patterns could match: a change needs "to"/"reaching" before a number or a
        // baseline time, a measure a number followed by '%' or a unit word.
        bool maybeChange = false, maybeMeasure = false;
        for (var k = fromWord; k < toWord; k++)
        {
            var (start, end) = a.Words[k];
            if (!char.IsAsciiDigit(text[start]))
            {
                if (a.Has(k, WordFlags.Baseline) && (a.Is(k - 1, "at") || a.Is(k - 1, "before"))) maybeChange = true;
                else if (k + 1 < toWord && char.IsAsciiDigit(text[a.Words[k + 1].Start])
                    && (a.Is(k, "to") || a.Is(k, "reaching") || a.Is(k, "reached"))) maybeChange = true;
                continue;
            }
            if ((end < text.Length && text[end] == '%') || (end + 1 < text.Length && text[end] == ' ' && text[end + 1] == '%')
                || a.Has(k + 1, WordFlags.Unit)) maybeMeasure = true;
        }
        if (maybeChange) AddChanges(text[from..to], from, result);
        if (maybeMeasure) AddMeasures(text[from..to], from, result);
        for (var k = fromWord; k < toWord; k++)
        {
            // Only numbers and the quantity words "all", "none", "no", "half" can start a value.
            if (!char.IsAsciiDigit(a.Text[a.Words[k].Start]) && !a.Has(k, WordFlags.NumberWord | WordFlags.Quantity)) continue;
            var w = a.Word(k);
            if (w.SequenceEqual("half"))
            {
                if (!a.Is(k + 1, "of")) result.Add(Word(a, k, k, Kind.Half));
                continue;
            }
            var isCount = IsCount(a, k);
            var isQuantifier = w.SequenceEqual("all") || w.SequenceEqual("none") || w.SequenceEqual("no");
            if (!isCount && !isQuantifier) continue;
            // "10 of 12", "Four of the six", "none of the four", "one of them"
            if (k + 2 < toWord && a.Is(k + 1, "of"))
            {
                var j = k + 2;
                if (a.Is(j, "the") || a.Is(j, "these") || a.Is(j, "those")) j++;
                if (j < toWord && (IsCount(a, j) || ((a.Is(j, "them") || a.Is(j, "these") || a.Is(j, "those")) && j > k + 2) || a.Is(j, "them")))
                {
                    result.Add(Word(a, k, j, Kind.Count));
                    continue;
                }
            }
            // "all six", "all the three"
            if (w.SequenceEqual("all"))
            {
                var j = a.Is(k + 1, "the") ? k + 2 : k + 1;
                if (j < toWord && IsCount(a, j)) result.Add(Word(a, k, j, Kind.Quantifier));
                continue;
            }
            if (!isCount) continue;
            // "15 were complicated", "one patient died", "in 44 patients"
            var people = k + 1 < toWord && a.Has(k + 1, WordFlags.People) && !a.Is(k + 1, "one");
            var verbAt = people ? k + 2 : k + 1;
            if ((verbAt < toWord && a.Has(verbAt, WordFlags.CountedVerb)) || (people && a.Is(k - 1, "in")))
                result.Add(Word(a, k, people ? k + 1 : k, Kind.CountedSubject));
        }
    }

    private static Candidate Word(SentenceAnalysis a, int first, int last, Kind kind) =>
        new(a.Words[first].Start, a.Words[last].End, kind, null);

    // A whole number written in digits ("15", not the parts of "0.03" or "11,910") or in words ("Four").
    private static bool IsCount(SentenceAnalysis a, int k)
    {
        var w = a.Word(k);
        if (w.Length == 0) return false;
        if (!char.IsAsciiDigit(w[0])) return a.Has(k, WordFlags.NumberWord);
        foreach (var c in w) if (!char.IsAsciiDigit(c)) return false;
        var (start, end) = a.Words[k];
        var text = a.Text;
        if (start > 0 && text[start - 1] is '.' or ',' && start > 1 && char.IsAsciiDigit(text[start - 2])) return false;
        if (end + 1 < text.Length && text[end] is '.' or ',' && char.IsAsciiDigit(text[end + 1])) return false;
        return true;
    }

    private static void AddChanges(string span, int from, List<Candidate> result)
    {
        foreach (Match m in ChangePattern().Matches(span))
            result.Add(new Candidate(from + m.Groups["b"].Index, from + m.Groups["b"].Index + m.Groups["b"].Length, Kind.Change,
                m.Groups["b"].Value.Trim(), Parse(m.Groups["a"].Value), Parse(m.Groups["bn"].Value)));
        foreach (Match m in SeriesPattern().Matches(span))
            result.Add(new Candidate(from + m.Groups["b"].Index, from + m.Groups["b"].Index + m.Groups["b"].Length, Kind.Change,
                m.Groups["b"].Value.Trim(), Parse(m.Groups["a"].Value), Parse(m.Groups["bn"].Value)));
    }

    private static void AddMeasures(string span, int from, List<Candidate> result)
    {
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
