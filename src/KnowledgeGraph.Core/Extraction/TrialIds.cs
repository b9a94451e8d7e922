using System.Text.RegularExpressions;

namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// Trial registry ids: finding them in text and their canonical form (upper case, no spaces).
/// Canonical forms: <c>NCT01210664</c>, <c>ISRCTN12345678</c>, <c>EUDRACT2019-001234-56</c> (EudraCT numbers
/// carry the registry prefix so the bare <c>YYYY-NNNNNN-CC</c> is not mistaken for a date range),
/// <c>CHICTR-IPR-15006183</c> / <c>CHICTR2000031234</c>, <c>ACTRN12614000123456</c>, <c>JRCT2033200075</c>,
/// <c>CTRI/2019/03/017890</c>, <c>DRKS00012345</c>, <c>IRCT2016070428786N1</c>.
/// </summary>
public static partial class TrialIds
{
    /// <summary>A registry id found in text at [<see cref="Start"/>, <see cref="End"/>).</summary>
    public readonly record struct Found(string Id, int Start, int End);

    // Separators people put inside ids: spaces, hyphens, non-breaking spaces, dashes.
    private const string Sep = @"[\s\-\u2010-\u2013\u00a0]?";

    [GeneratedRegex(
        @"\b(?:" +
        @"(?<nct>NCT" + Sep + @"\d{8})" +
        @"|(?<isrctn>ISRCTN" + Sep + @"\d{8})" +
        @"|(?<eudract>(?:EudraCT(?:[\s:]*(?:number|no\.?|n°|#|id|identifier)?[\s:]*))?(?:19|20)\d{2}-\d{6}-\d{2})" +
        @"|(?<chictr>ChiCTR(?:" + Sep + @"[A-Z]{2,4}" + Sep + @"\d{8}|" + Sep + @"\d{10})" + @")" +
        @"|(?<actrn>ACTRN" + Sep + @"\d{14})" +
        @"|(?<jrct>jRCT" + Sep + @"[a-z]?\d{10})" +
        @"|(?<ctri>CTRI" + Sep + @"/?\d{4}/\d{2,3}/\d{6})" +
        @"|(?<drks>DRKS" + Sep + @"\d{8})" +
        @"|(?<irct>IRCT" + Sep + @"\d{8,14}N\d{1,3})" +
        @")(?![\w-])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    /// <summary>The canonical form of a registry id, or null when <paramref name="raw"/> is not one.</summary>
    public static string? Normalize(string raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var m = IdPattern().Match(raw.Trim());
        return m.Success && m.Length == raw.Trim().Length ? Canonical(m) : null;
    }

    /// <summary>False when no registry id can be written in <paramref name="text"/>: every id form holds a run of at least
    /// six digits (NCT 8, EudraCT's 6-digit block, CTRI's 6-digit tail...). Tested once per section, it spares the
    /// sentences of a section without one even that scan (a sentence is a stretch of its section).</summary>
    public static bool MayHold(ReadOnlySpan<char> text) => HasDigitRun(text, 6);

    /// <summary>Every registry id written in <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<Found> Find(string text)
    {
        // Text without a six-digit run is skipped without running the regex (or allocating a list); most sentences have no id.
        var run = DigitRun(text, 0, 6);
        if (run < 0) return [];
        var found = new List<Found>();
        // The regex is started near the next six-digit run, not at the text's start or the last match's end: no match can
        // start earlier (see ScanStart), and leftmost matching then finds the same matches as Match/NextMatch over the whole
        // text, without trying the frequent letters of the prefixes (n, i, e, c, a, j, d) all along the sentence. Match with a
        // start position still reads the chars before it for \b.
        var from = 0;
        while (run >= 0)
        {
            var m = IdPattern().Match(text, ScanStart(text, from, run));
            if (!m.Success) break;
            if (Canonical(m) is { } id) found.Add(new Found(id, m.Index, m.Index + m.Length));
            from = m.Index + m.Length;
            run = DigitRun(text, from, 6);
        }
        return found;
    }

    /// <summary>The most chars any id form has before the first digit of its first run of six digits: CTRI's
    /// "CTRI-/2019/03/" (the prefix, a separator, a slash, four digits, a slash, three digits, a slash); the others have
    /// fewer (ChiCTR-IPR- 11, ISRCTN 7, EudraCT's bare year and hyphen 5). Only the optional "EudraCT ..." label before a
    /// year may be longer (any spaces and colons), see <see cref="ScanStart"/>.</summary>
    internal const int MaxCharsBeforeSixDigits = 15;

    /// <summary>Where to start the regex so that it finds the first match starting at or after <paramref name="from"/>: a
    /// match holds a run of six digits of its own, at or after <paramref name="run"/> (the first such run from
    /// <paramref name="from"/> on), so it starts at most <see cref="MaxCharsBeforeSixDigits"/> chars before it, unless it
    /// opens with the "EudraCT" label; then the scan starts at <paramref name="from"/> whenever that label may stand before.
    /// Only ASCII letters match the label's letters when case is ignored (TrialIdsTests pins it).</summary>
    private static int ScanStart(string text, int from, int run)
    {
        var start = Math.Max(from, run - MaxCharsBeforeSixDigits);
        // A label starting before `start` ends at most six chars after it.
        return start > from && text.AsSpan(from, Math.Min(text.Length, start + 6) - from).IndexOfAny(EudraCTLabel) >= 0
            ? from : start;
    }

    // Vectorised: a span's Contains(.., OrdinalIgnoreCase) goes char by char under InvariantGlobalization.
    private static readonly System.Buffers.SearchValues<string> EudraCTLabel =
        System.Buffers.SearchValues.Create(["eudract"], StringComparison.OrdinalIgnoreCase);

    // Digits as the regex's \d sees them (char.IsDigit); the search for the next digit and the next non-digit is
    // vectorised, and most sentences hold few digits.
    private static bool HasDigitRun(ReadOnlySpan<char> text, int length) => DigitRun(text, 0, length) >= 0;

    // The start of the first run of at least `length` digits in text[from..], or -1.
    private static int DigitRun(ReadOnlySpan<char> text, int from, int length)
    {
        var at = from;
        while (text[at..].IndexOfAny(CharSets.Digits) is var first and >= 0)
        {
            at += first;
            var run = text[at..].IndexOfAnyExcept(CharSets.Digits);
            if (run < 0) run = text.Length - at;
            if (run >= length) return at;
            at += run;
        }
        return -1;
    }

    private static string? Canonical(Match m)
    {
        var raw = m.ValueSpan;
        // Which alternative matched, read off the match's first two letters instead of m.Groups (which builds every group
        // of the match): the prefixes differ there (NCT, ISRCTN / IRCT, EudraCT, ChiCTR / CTRI, ACTRN, jRCT, DRKS; a char the
        // regex takes for a letter in any case lower-cases to it), and only EudraCT's may be left out (then a digit starts it).
        var first = char.ToLowerInvariant(raw[0]);
        var second = raw.Length > 1 ? char.ToLowerInvariant(raw[1]) : '\0';
        if (char.IsAsciiDigit(first) || first == 'e') return string.Concat("EUDRACT", raw[^14..]);
        // The id upper-cased without its separators, in a buffer on the stack (ids are short; the regex bounds all but
        // the spaces after "EudraCT", which is handled above).
        Span<char> buffer = raw.Length <= 128 ? stackalloc char[raw.Length] : new char[raw.Length];
        var length = 0;
        foreach (var c in raw)
        {
            if (char.IsWhiteSpace(c) || c is '\u00a0' or '\u2010' or '\u2011' or '\u2012' or '\u2013') continue;
            buffer[length++] = char.ToUpperInvariant(c);
        }
        ReadOnlySpan<char> id = buffer[..length];
        if (first == 'c' && second == 'h')
        {
            // ChiCTR-IPR-15006183 keeps its hyphens between parts; ChiCTR2000031234 has none.
            var rest = id[6..].Trim('-');
            var letters = 0;
            while (letters < rest.Length && char.IsLetter(rest[letters])) letters++;
            return letters > 0
                ? string.Concat("CHICTR-", rest[..letters], "-", rest[letters..].TrimStart('-'))
                : string.Concat("CHICTR", rest);
        }
        if (first == 'c' && second == 't') return string.Concat("CTRI/", id[4..].TrimStart("-/"));
        // A hyphen typed between prefix and digits ("NCT-01210664") is not part of the id.
        var prefixLength = 0;
        while (prefixLength < id.Length && char.IsLetter(id[prefixLength])) prefixLength++;
        return string.Concat(id[..prefixLength], id[prefixLength..].TrimStart('-'));
    }
}
