using System.Globalization;
using System.Text.RegularExpressions;

namespace KnowledgeGraph.Core.Trials;

/// <summary>
/// A number a paper or registry text states about a trial, with the sentence that states it: the dose
/// (<c>dose</c>: "0.5 × 10^6 cells/kg", "10,000 IEQ/kg"), how many patients were treated (<c>patients</c>:
/// "fourteen adults", <see cref="Number"/> 14) or how long they were followed (<c>followUp</c>: "one year").
/// <see cref="Value"/> is the text as written; <see cref="TrialId"/> is the trial the sentence (or the document's
/// only trial) names, or null.
/// </summary>
public sealed record StatedFact(
    string Kind,
    string Value,
    long? Number,
    string? TrialId,
    string DocumentId,
    string Sentence,
    int Start,
    int End,
    string Section)
{
    public const string Dose = "dose";
    public const string Patients = "patients";
    public const string FollowUp = "followUp";
}

/// <summary>
/// Finds doses, patient numbers and follow-up durations in sentences with a few anchored patterns. Conservative by
/// design: a patient number counts only in a sentence that says they were enrolled, treated, randomised..., so
/// "16 of the 36 subjects reached the end point" gives no patient count while "Thirty-six subjects were enrolled" does.
/// </summary>
public static partial class StatedFacts
{
    /// <summary>Most facts of one kind kept per document (the first ones, in text order).</summary>
    public const int MaxPerKind = 5;

    private const string NumberWord =
        "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety";

    private const string Number = $@"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|(?:{NumberWord})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)";

    private const string Scientific = @"\d+(?:\.\d+)?\s*(?:[x×]|\*)\s*10\s*(?:\^\s*[-−]?\d+|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+|[-−]?\d+)";

    private const string Amount = $@"(?:{Scientific}|\d+(?:[.,]\d+)*(?:\s*(?:million|billion))?)";

    [GeneratedRegex($@"(?<v>{Amount}(?:\s*(?:to|-|–|and)\s*{Amount})?)\s*(?<u>(?:IEQ|IE|islet equivalents?)\s*(?:/|per)\s*(?:kg|kilogram)(?:\s+(?:of\s+)?(?:body|recipient)\s+weight)?|(?:[A-Za-z0-9+]+\s+)?cells\s*(?:/|per)\s*(?:kg|kilogram)(?:\s+(?:of\s+)?body\s+weight)?)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex DosePattern();

    [GeneratedRegex($@"\b(?<v>{Number})\s+(?:(?:adult|adults|pediatric|paediatric|consecutive|eligible|evaluable|additional|newly|diagnosed|new-onset|recent-onset|[a-z]+-onset)\s+){{0,3}}(?:patients|participants|subjects|recipients|children|adults|adolescents|individuals|volunteers)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex PatientsPattern();

    [GeneratedRegex(@"\b(?:enrolled|enrol+ment|received|receiving|were treated|treated|underwent|were included|included|randomi[sz]ed|transplanted|infused|recruited|were dosed|dosed|participated)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex TreatedVerb();

    [GeneratedRegex($@"\b(?:(?:median|mean)\s+)?follow-?up\s+(?:of|period\s+of|duration\s+of|was|lasted|for)?\s*(?:up\s+to\s+|about\s+|approximately\s+)?(?<v>{Number}\s*(?:days?|weeks?|months?|years?))\b|\b(?<v>{Number})[- ](?:day|week|month|year)[- ]follow-?up\b|\bfollowed(?:\s+up)?\s+for\s+(?:up\s+to\s+|about\s+|a\s+median\s+of\s+|a\s+mean\s+of\s+)?(?<v>{Number}\s*(?:days?|weeks?|months?|years?))\b|\b(?:during|over|in)\s+the\s+(?<v>first\s+(?:year|month|two\s+years|\d+\s+(?:months|years)))\s+of\s+follow-?up\b|\b(?:at|after)\s+(?<v>{Number}\s*(?:days?|weeks?|months?|years?))\s+of\s+follow-?up\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex FollowUpPattern();

    private static readonly System.Buffers.SearchValues<string> DoseCue =
        System.Buffers.SearchValues.Create(["kg", "kilogram"], StringComparison.OrdinalIgnoreCase);

    private static readonly System.Buffers.SearchValues<string> PeopleCue = System.Buffers.SearchValues.Create(
        ["patient", "participant", "subject", "recipient", "children", "adult", "adolescent", "individual", "volunteer"], StringComparison.OrdinalIgnoreCase);

    private static readonly System.Buffers.SearchValues<string> FollowCue =
        System.Buffers.SearchValues.Create(["follow"], StringComparison.OrdinalIgnoreCase);

    /// <summary>The facts one sentence states. <paramref name="trialId"/> is attached to each. A pattern that runs out
    /// of its time budget on a hostile sentence gives no facts for that sentence rather than failing the document.</summary>
    public static List<StatedFact> Find(string sentence, string documentId, string section, string? trialId)
    {
        var found = new List<StatedFact>();
        // Cheap vectorised probes first: most sentences name no dose unit, no patients and no follow-up, and the
        // patterns below are run on every sentence of every paper.
        var span = sentence.AsSpan();
        var dose = span.IndexOfAny(DoseCue) >= 0;
        var people = span.IndexOfAny(PeopleCue) >= 0;
        var follow = span.IndexOfAny(FollowCue) >= 0;
        if (!dose && !people && !follow) return found;
        try
        {
            if (dose)
                foreach (Match m in DosePattern().Matches(sentence))
                    found.Add(Fact(StatedFact.Dose, m.Value.Trim(), null, m));
            if (people && TreatedVerb().IsMatch(sentence))
            {
                foreach (Match m in PatientsPattern().Matches(sentence))
                {
                    // "16 of the 36 subjects" is a result, not an enrolment.
                    var before = sentence[..m.Index].TrimEnd();
                    if (before.EndsWith(" of", StringComparison.OrdinalIgnoreCase) || before.EndsWith(" of the", StringComparison.OrdinalIgnoreCase)) continue;
                    if (ParseNumber(m.Groups["v"].Value) is { } n && n is > 0 and < 100_000)
                        found.Add(Fact(StatedFact.Patients, m.Value.Trim(), n, m));
                }
            }
            if (follow)
                foreach (Match m in FollowUpPattern().Matches(sentence))
                    found.Add(Fact(StatedFact.FollowUp, m.Groups["v"].Value.Trim(), null, m));
        }
        catch (RegexMatchTimeoutException)
        {
            return [];
        }
        return found;

        StatedFact Fact(string kind, string value, long? number, Match m) =>
            new(kind, value, number, trialId, documentId, sentence, m.Index, m.Index + m.Length, section);
    }

    /// <summary>"14", "fourteen", "thirty-six", "1,200" as a number; null for anything else.</summary>
    public static long? ParseNumber(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (long.TryParse(t.Replace(",", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
        long total = 0;
        foreach (var part in t.Split(['-', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            var i = Array.IndexOf(Words, part);
            if (i < 0) return null;
            total += i < 20 ? i : (i - 18) * 10;
        }
        return total > 0 ? total : null;
    }

    // Index = value for zero..nineteen; then twenty (20) .. ninety (90) at 20.. 27 map to (i - 18) * 10.
    private static readonly string[] Words =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty",
        "seventy", "eighty", "ninety",
    ];
}
