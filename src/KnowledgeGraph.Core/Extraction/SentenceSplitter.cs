using System.Buffers;
using KnowledgeGraph.Core.Documents;

namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// Splits section text into sentences. A sentence ends at a line break, or at '.', '!' or '?' followed by
/// white space and then a capital, digit, quote or bracket, unless the period closes a known abbreviation
/// ("e.g.", "vs.", "et al.", "Fig. 2"), an initial ("J. Smith") or a number. Decimals never split
/// because no white space follows their period.
/// </summary>
public static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "e.g", "i.e", "vs", "v", "al", "cf", "fig", "figs", "no", "nos", "approx", "ca", "dr", "prof", "mr", "mrs",
        "ms", "st", "jr", "sr", "inc", "ltd", "co", "corp", "resp", "incl", "ref", "refs", "eq", "tab", "vol",
        "pp", "p", "ed", "eds", "min", "max", "mo", "mos", "yr", "yrs", "wk", "wks", "hr", "hrs", "sec", "dept",
        "univ", "div", "est", "viz", "nb", "ph.d", "m.d", "u.s", "u.k", "e.u", "sp", "spp", "var", "subsp",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> AbbreviationLookup = Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>();

    // The chars that can end a sentence: line breaks and terminators.
    private static readonly SearchValues<char> Breaks = SearchValues.Create("\n\r.!?");

    /// <summary>Splits <paramref name="text"/>; a sentence longer than <paramref name="maxChars"/> is cut at the last space
    /// before the limit (or at the limit) into pieces, so no later step ever sees an unbounded sentence.</summary>
    public static IReadOnlyList<Sentence> Split(string text, SectionKind section, int firstIndex = 0, int maxChars = int.MaxValue)
    {
        var result = new List<Sentence>();
        SplitInto(result, text, section, firstIndex, maxChars);
        return result;
    }

    /// <summary><see cref="Split"/>, appending to <paramref name="into"/> (the document's list: no list per section and no
    /// copy). Indexes count from <paramref name="firstIndex"/> on, as there.</summary>
    internal static void SplitInto(List<Sentence> into, string text, SectionKind section, int firstIndex, int maxChars)
    {
        var result = into;
        var before = into.Count;
        var start = 0;
        // Jump from one candidate break to the next with a vectorised search instead of testing every char.
        for (var i = 0; i < text.Length; i++)
        {
            var next = text.AsSpan(i).IndexOfAny(Breaks);
            if (next < 0) break;
            i += next;
            var c = text[i];
            if (c is '\n' or '\r')
            {
                Add(start, i);
                start = i + 1;
            }
            else if (c is '.' or '!' or '?' && EndsSentence(text, i))
            {
                Add(start, i + 1);
                start = i + 1;
            }
        }
        Add(start, text.Length);

        void Add(int from, int to)
        {
            while (true)
            {
                while (from < to && char.IsWhiteSpace(text[from])) from++;
                var end = to;
                if (end - from > maxChars)
                {
                    end = text.LastIndexOf(' ', from + maxChars - 1, maxChars);
                    if (end <= from) end = from + maxChars;
                }
                var cut = end;
                while (end > from && char.IsWhiteSpace(text[end - 1])) end--;
                if (end > from) result.Add(new Sentence(firstIndex + result.Count - before, section, text[from..end], from));
                if (cut >= to) return;
                from = cut;
            }
        }
    }

    private static bool EndsSentence(string text, int i)
    {
        // Closing quotes or brackets right after the terminator belong to the sentence.
        var j = i + 1;
        while (j < text.Length && text[j] is ')' or ']' or '"' or '\'' or '\u201d' or '\u2019') j++;
        if (j >= text.Length) return true;
        if (!char.IsWhiteSpace(text[j])) return false;
        while (j < text.Length && text[j] is ' ' or '\t' or '\u00a0') j++;
        if (j >= text.Length || text[j] is '\n' or '\r') return true;
        var next = text[j];
        if (!(char.IsUpper(next) || char.IsDigit(next) || next is '(' or '[' or '"' or '\u201c' or '\'')) return false;
        if (text[i] != '.') return true;

        // The word the period closes: "e.g", "al", "Fig", "J".
        var w = i;
        while (w > 0 && !char.IsWhiteSpace(text[w - 1]) && text[w - 1] is not '(' and not '[') w--;
        var word = text.AsSpan(w, i - w); // a span, not a string: this runs at every sentence end
        if (word.Length == 1 && char.IsUpper(word[0])) return false;          // an initial: "J. Smith"
        if (AbbreviationLookup.Contains(word)) return false;
        if (word.Length > 2 && word.Contains('.') && IsDotsAndLetters(word)) return false; // dotted abbreviations: "U.S.A"
        return true;
    }

    private static bool IsDotsAndLetters(ReadOnlySpan<char> word)
    {
        foreach (var ch in word)
            if (ch != '.' && !char.IsLetter(ch)) return false;
        return true;
    }
}
