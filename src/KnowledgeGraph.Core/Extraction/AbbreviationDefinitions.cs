namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// Abbreviations a document defines for a concept: "mesenchymal stromal cells (MSCs)" (long form, then the
/// short form in brackets, Schwartz-Hearst style: the short form's first letter starts a word of the long form
/// and its other letters follow in order) or "MSCs (mesenchymal stromal cells)". Later uses of the short form
/// in the same document then count as the concept.
/// </summary>
internal static class AbbreviationDefinitions
{
    /// <summary>Short forms defined in <paramref name="sentence"/>, given the concept spans found in it, appended to
    /// <paramref name="into"/> in the order they stand. Brackets are read
    /// as spans of the sentence: a string is made only for a short form that is defined (most brackets hold a P value or
    /// a registry id, and the word before them is no short form).</summary>
    public static void Find(string sentence, IReadOnlyList<MentionSpan> spans, List<(string ShortForm, MentionSpan Concept)> into)
    {
        var open = -1;
        while ((open = sentence.IndexOf('(', open + 1)) >= 0)
        {
            var close = sentence.IndexOf(')', open + 1);
            if (close < 0) return;
            var inner = sentence.AsSpan((open + 1)..close);
            var cut = inner.IndexOfAny(';', ',');
            var candidate = (cut >= 0 ? inner[..cut] : inner).Trim();

            if (IsShortForm(candidate))
            {
                // Long form first: a concept span ending just before the bracket.
                var before = open;
                while (before > 0 && char.IsWhiteSpace(sentence[before - 1])) before--;
                foreach (var span in spans)
                {
                    if (span.End != before || span.ConceptId is null) continue;
                    var shortForm = candidate.ToString();
                    if (LongFormFits(sentence, span.Start, span.End, shortForm)) into.Add((shortForm, span));
                    break;
                }
            }
            else
            {
                // Short form first: "MSCs (mesenchymal stromal cells)".
                var wordEnd = open;
                while (wordEnd > 0 && char.IsWhiteSpace(sentence[wordEnd - 1])) wordEnd--;
                var wordStart = wordEnd;
                while (wordStart > 0 && !char.IsWhiteSpace(sentence[wordStart - 1])) wordStart--;
                if (!IsShortForm(sentence.AsSpan(wordStart, wordEnd - wordStart)) || Overlaps(spans, wordStart, wordEnd)) continue;
                var shortForm = sentence[wordStart..wordEnd];
                var innerStart = open + 1 + (inner.Length - inner.TrimStart().Length);
                var innerEnd = close - (inner.Length - inner.TrimEnd().Length);
                foreach (var span in spans)
                    if (span.ConceptId is not null && span.Start == innerStart && span.End == innerEnd
                        && LongFormFits(sentence, span.Start, span.End, shortForm))
                        into.Add((shortForm, span));
            }
        }
    }

    private static bool Overlaps(IReadOnlyList<MentionSpan> spans, int start, int end)
    {
        foreach (var s in spans)
            if (s.Start < end && s.End > start) return true;
        return false;
    }

    /// <summary>2-10 characters, no spaces, a letter first or second, at least one capital.</summary>
    internal static bool IsShortForm(ReadOnlySpan<char> s)
    {
        if (s.Length is < 2 or > 10 || !(char.IsLetter(s[0]) || char.IsLetter(s[1]))) return false;
        var upper = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c) || !(char.IsLetterOrDigit(c) || c is '-' or '+' or '/' or '\'')) return false;
            upper |= char.IsUpper(c);
        }
        return upper;
    }

    // The long form may start up to three words before the concept span ("purified human pancreatic islets (PHPI)").
    private static bool LongFormFits(string sentence, int spanStart, int spanEnd, string shortForm)
    {
        var letters = new string([.. shortForm.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);
        if (letters.Length > 1 && letters[^1] == 's' && char.IsUpper(shortForm[^2])) letters = letters[..^1];
        if (letters.Length == 0) return false;
        var start = spanStart;
        for (var back = 0; back <= 3 && start >= 0; back++)
        {
            var longForm = sentence[start..spanEnd].ToLowerInvariant().Replace("β", "b", StringComparison.Ordinal);
            if (Fits(longForm, letters)) return true;
            // Step to the previous word.
            var k = start - 1;
            while (k > 0 && char.IsWhiteSpace(sentence[k])) k--;
            while (k > 0 && !char.IsWhiteSpace(sentence[k - 1])) k--;
            if (k < 0 || k == start) break;
            start = k;
        }
        return false;
    }

    private static bool Fits(string longForm, string letters)
    {
        if (longForm.Length == 0 || longForm[0] != letters[0]) return false;
        var j = 1;
        for (var i = 1; i < longForm.Length && j < letters.Length; i++)
            if (longForm[i] == letters[j]) j++;
        return j == letters.Length;
    }
}
