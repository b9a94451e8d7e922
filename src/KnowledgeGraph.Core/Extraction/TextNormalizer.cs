namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// Text folded for matching: lower-case, Greek letters spelled out (β -> beta), every run of spaces,
/// hyphens, dashes, slashes and underscores collapsed to one space, curly quotes made straight.
/// <see cref="Map"/> gives, for each folded character, the index of the original character it came from,
/// so that matches found in the folded text are reported at their original offsets.
/// </summary>
public sealed class NormalizedText
{
    internal NormalizedText(string original, char[] chars, int[] map, int length)
    {
        Original = original;
        Chars = chars;
        Map = map;
        Length = length;
    }

    public string Original { get; }

    /// <summary>The folded characters; only the first <see cref="Length"/> are meaningful.</summary>
    internal char[] Chars { get; }

    /// <summary>Original index of each folded character (same length as <see cref="Chars"/>).</summary>
    internal int[] Map { get; }

    public int Length { get; }

    public string Folded => new(Chars, 0, Length);

    /// <summary>Original start offset of the folded character at <paramref name="index"/>.</summary>
    public int OriginalStart(int index) => Map[index];

    /// <summary>Original end offset (exclusive) of a folded span ending just before <paramref name="end"/>.</summary>
    /// <remarks>An expanded Greek letter maps every folded char to the same original char, so this ends after it.</remarks>
    public int OriginalEnd(int end) => Map[end - 1] + 1;
}

/// <summary>Folds text once into a char buffer (see <see cref="NormalizedText"/>); allocation-light for throughput.</summary>
public static class TextNormalizer
{
    public static NormalizedText Normalize(string text)
    {
        // Greek expansions add at most 4 chars each; size generously once instead of growing.
        var capacity = text.Length + 16;
        foreach (var c in text)
            if (c >= '\u0370') capacity += 4;
        var chars = new char[capacity];
        var map = new int[capacity];
        var n = 0;
        var pendingSpace = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 128)
            {
                if (c is >= 'a' and <= 'z' or >= '0' and <= '9') { Emit(c, i); continue; }
                if (c is >= 'A' and <= 'Z') { Emit((char)(c + 32), i); continue; }
                if (c is ' ' or '-' or '/' or '_' or '\t' or '\n' or '\r') { pendingSpace = n > 0; continue; }
                Emit(c, i);
                continue;
            }
            switch (c)
            {
                case 'β' or 'ß' or 'Β': EmitWord("beta", i); break;
                case 'α' or 'Α': EmitWord("alpha", i); break;
                case 'γ' or 'Γ': EmitWord("gamma", i); break;
                case 'κ' or 'Κ': EmitWord("kappa", i); break;
                case 'δ' or 'Δ': EmitWord("delta", i); break;
                case '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212' or '\u00a0' or '\u2009' or '\u202f':
                    pendingSpace = n > 0;
                    break;
                case '\u2018' or '\u2019' or '\u2032': Emit('\'', i); break;
                case '\u201c' or '\u201d': Emit('"', i); break;
                default: Emit(char.ToLowerInvariant(c), i); break;
            }
        }
        return new NormalizedText(text, chars, map, n);

        void Emit(char c, int at)
        {
            if (pendingSpace)
            {
                chars[n] = ' ';
                map[n++] = at - 1;
                pendingSpace = false;
            }
            chars[n] = c;
            map[n++] = at;
        }

        void EmitWord(string word, int at)
        {
            foreach (var c in word) Emit(c, at);
        }
    }

    /// <summary>Folds a synonym the same way the text is folded.</summary>
    public static string Fold(string phrase) => Normalize(phrase.Trim()).Folded;

    internal static bool IsWordChar(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9' || (c >= 128 && char.IsLetterOrDigit(c));
}
