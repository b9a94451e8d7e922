namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// All lexicon phrases compiled into one deterministic trie (a dense transition table over a small alphabet)
/// and run over folded text (<see cref="TextNormalizer"/>). From every word start it follows the trie as far
/// as the text allows and keeps the longest phrase that ends on a word boundary (a plural "s" is allowed),
/// then resumes after it: leftmost-longest, whole-word, non-overlapping. One table lookup per character
/// visited and no per-phrase work, so throughput does not depend on the number of phrases.
/// Immutable after construction, hence safe to share between threads.
/// </summary>
public sealed class LexiconMatcher
{
    private const int Dead = 0;
    private const int Root = 1;

    private readonly ushort[] _class;      // char -> alphabet class (0 = not in any phrase)
    private readonly int _alphabet;
    private readonly int[] _next;          // state * _alphabet + class -> state
    private readonly int[] _terminal;      // state -> index into _payloads, or -1
    private readonly Payload[] _payloads;

    private sealed record Payload(LexiconEntry Entry, bool RequiresCapitals);

    public LexiconMatcher(IEnumerable<LexiconEntry> entries, Func<LexiconEntry, bool>? allowSingular = null)
    {
        var keys = new Dictionary<string, Payload>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var folded = TextNormalizer.Fold(entry.Phrase);
            if (folded.Length == 0) continue;
            var capitals = IsAcronym(entry.Phrase);
            foreach (var key in SynonymVariants.Expand(folded, allowSingular?.Invoke(entry) ?? true))
            {
                if (!keys.TryGetValue(key, out var existing))
                    keys[key] = new Payload(entry, capitals);
                else if (existing.RequiresCapitals && !capitals && existing.Entry.ConceptId == entry.ConceptId)
                    keys[key] = existing with { RequiresCapitals = false }; // "Treg" also written as an ordinary word
            }
        }
        PhraseCount = keys.Count;

        _class = new ushort[char.MaxValue + 1];
        ushort classes = 1;
        foreach (var c in keys.Keys.SelectMany(k => k).Distinct().Order())
            _class[c] = classes++;
        _alphabet = classes;

        var transitions = new List<int[]> { new int[_alphabet], new int[_alphabet] };
        var terminal = new List<int> { -1, -1 };
        var payloads = new List<Payload>();
        foreach (var (key, payload) in keys.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            var state = Root;
            foreach (var c in key)
            {
                var cls = _class[c];
                if (transitions[state][cls] == Dead)
                {
                    transitions.Add(new int[_alphabet]);
                    terminal.Add(-1);
                    transitions[state][cls] = transitions.Count - 1;
                }
                state = transitions[state][cls];
            }
            terminal[state] = payloads.Count;
            payloads.Add(payload);
        }
        _next = new int[transitions.Count * _alphabet];
        for (var s = 0; s < transitions.Count; s++)
            Array.Copy(transitions[s], 0, _next, s * _alphabet, _alphabet);
        _terminal = [.. terminal];
        _payloads = [.. payloads];
        StateCount = transitions.Count;
    }

    /// <summary>Distinct folded phrases compiled (after variant expansion).</summary>
    public int PhraseCount { get; }

    public int StateCount { get; }

    public IReadOnlyList<LexiconMatch> Match(string text) => Match(TextNormalizer.Normalize(text));

    public IReadOnlyList<LexiconMatch> Match(NormalizedText text)
    {
        var found = new List<LexiconMatch>();
        Match(text, found);
        return found;
    }

    /// <summary>Appends the matches in <paramref name="text"/> to <paramref name="into"/>, in text order.</summary>
    public void Match(NormalizedText text, List<LexiconMatch> into)
    {
        var buf = text.Chars;
        var n = text.Length;
        var i = 0;
        while (i < n)
        {
            if (!TextNormalizer.IsWordChar(buf[i]) || (i > 0 && TextNormalizer.IsWordChar(buf[i - 1]))) { i++; continue; }
            int bestEnd = -1, bestPayload = -1;
            var state = Root;
            for (var j = i; j < n; j++)
            {
                var cls = _class[buf[j]];
                if (cls == 0) break;
                state = _next[state * _alphabet + cls];
                if (state == Dead) break;
                var p = _terminal[state];
                if (p < 0) continue;
                var end = BoundaryEnd(buf, n, j + 1);
                if (end > 0 && (!_payloads[p].RequiresCapitals || WrittenInCapitals(text, i, end)))
                {
                    bestEnd = end;
                    bestPayload = p;
                }
            }
            if (bestPayload < 0) { i++; continue; }
            into.Add(new LexiconMatch(_payloads[bestPayload].Entry, text.OriginalStart(i), text.OriginalEnd(bestEnd)));
            i = bestEnd;
        }
    }

    // The end of a whole-word match ending at `end`, allowing one plural "s"; -1 when the match is inside a word.
    private static int BoundaryEnd(char[] buf, int n, int end)
    {
        if (end >= n || !TextNormalizer.IsWordChar(buf[end]) || !TextNormalizer.IsWordChar(buf[end - 1])) return end;
        if (buf[end] == 's' && (end + 1 >= n || !TextNormalizer.IsWordChar(buf[end + 1])) && char.IsLetter(buf[end - 1])) return end + 1;
        return -1;
    }

    // Short all-capital abbreviations (MSC, TIR, SHEs) count only when written in capitals, so "tir" or "she" do not.
    private static bool WrittenInCapitals(NormalizedText text, int start, int end)
    {
        var from = text.OriginalStart(start);
        var to = text.OriginalEnd(end);
        var s = text.Original;
        if (to - from > 1 && s[to - 1] == 's') to--;
        for (var k = from; k < to; k++)
            if (char.IsLower(s[k])) return false;
        return true;
    }

    internal static bool IsAcronym(string phrase)
    {
        var p = phrase.Trim();
        if (p.Length > 1 && p[^1] == 's') p = p[..^1];
        var letters = 0;
        foreach (var c in p)
        {
            if (!char.IsLetter(c)) continue;
            if (!char.IsUpper(c)) return false;
            letters++;
        }
        return letters >= 2;
    }
}
