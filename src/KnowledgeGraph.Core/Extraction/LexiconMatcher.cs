using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.InteropServices;

namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// All lexicon phrases compiled into one deterministic trie (a dense transition table over a small alphabet),
/// folded like <see cref="TextNormalizer"/>, and run straight over the original text through a char-class table
/// that does the same folding. From every word start it follows the trie as far
/// as the text allows and keeps the longest phrase that ends on a word boundary (a plural "s" is allowed),
/// then resumes after it: leftmost-longest, whole-word, non-overlapping. One table lookup per character
/// visited and no per-phrase work, so throughput does not depend on the number of phrases.
/// Immutable after construction, hence safe to share between threads.
/// </summary>
public sealed class LexiconMatcher
{
    private const int Dead = 0;
    private const int Root = 1;

    private const ushort SeparatorClass = ushort.MaxValue;     // space, hyphen, slash, dash: runs fold to one space
    private const ushort ExpansionClass = ushort.MaxValue - 1; // Greek letters spelled out: β -> "beta"

    private readonly ushort[] _class;      // folded char -> alphabet class (0 = not in any phrase)
    private readonly ushort[] _rawClass;   // text char -> class after folding, or one of the markers above
    private readonly ushort _spaceClass;
    private readonly Dictionary<char, string> _expansions = [];
    private readonly int _alphabet;
    // One row of _alphabet ints per state, addressed by the row's offset (state * _alphabet), so a step is one load with no
    // multiply: _next[row + class] is the next state's row (0 = dead). Class 0 never labels a transition (it is "in no
    // phrase", where the walk stops), so column 0 holds the state's payload index instead (-1 when none): the row a
    // step lands on already holds its answer.
    private readonly int[] _next;
    private readonly Payload[] _payloads;

    // Entry is null for a state that only ends a mark word (see the constructor's markWords). IsMark: the state ends a mark
    // word; ContainsMark: the phrase may hold a mark word as a word of the text it matches.
    private sealed record Payload(LexiconEntry? Entry, bool RequiresCapitals, bool IsMark = false, bool ContainsMark = false);

    // False when the marks cannot be trusted (see MarksExact): Match then reports a mark at every sentence it could not rule out.
    private readonly bool _marksExact;

    /// <param name="markWords">Lower-case ASCII words (a-z) that <see cref="Match(string, List{LexiconMatch}, List{int})"/>
    /// reports where they stand as a word: walked in the same trie as the phrases, at no extra pass over the text. They
    /// never change which phrases match (no phrase is spelled by a mark word's states, and they carry no entry).</param>
    public LexiconMatcher(IEnumerable<LexiconEntry> entries, Func<LexiconEntry, bool>? allowSingular = null, IEnumerable<string>? markWords = null)
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
                else if (existing.RequiresCapitals && !capitals && existing.Entry!.ConceptId == entry.ConceptId)
                    keys[key] = existing with { RequiresCapitals = false }; // "Treg" also written as an ordinary word
            }
        }
        PhraseCount = keys.Count;
        var marks = (markWords ?? []).ToHashSet(StringComparer.Ordinal);
        if (marks.Any(m => m.Length == 0 || m.Any(c => c is < 'a' or > 'z')))
            throw new ArgumentException("mark words are lower-case ASCII letters", nameof(markWords));

        _class = new ushort[char.MaxValue + 1];
        ushort classes = 1;
        foreach (var c in keys.Keys.SelectMany(k => k).Concat(marks.SelectMany(m => m)).Distinct().Order())
            _class[c] = classes++;
        _alphabet = classes;
        _spaceClass = _class[' '];
        _rawClass = new ushort[char.MaxValue + 1];
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var folded = TextNormalizer.Normalize(((char)c).ToString());
            _rawClass[c] = folded.Length == 0 ? SeparatorClass
                : folded.Length == 1 ? _class[folded.Folded[0]]
                : folded.Folded.All(ch => _class[ch] != 0) ? ExpansionClass : (ushort)0;
            if (_rawClass[c] == ExpansionClass) _expansions[(char)c] = folded.Folded;
        }

        // Folded chars that a char outside words (not IsWord) folds to, and the space separators fold to: in a phrase, a mark
        // word between such chars (or the phrase's ends) may be a word of the matched text.
        var outside = new HashSet<char> { ' ' };
        for (var c = 0; c <= char.MaxValue; c++)
            if (!IsWord((char)c) && _rawClass[c] is not (0 or SeparatorClass))
                foreach (var f in TextNormalizer.Normalize(((char)c).ToString()).Folded) outside.Add(f);
        // Marks are exact only when every ASCII letter folds to its own lower case (so a mark word written in any case walks
        // its states).
        _marksExact = marks.Count > 0 && Enumerable.Range(0, 128).Select(c => (char)c).Where(char.IsAsciiLetter)
            .All(c => _rawClass[c] == _class[char.ToLowerInvariant(c)]);

        var transitions = new List<int[]> { new int[_alphabet], new int[_alphabet] };
        var terminal = new List<int> { -1, -1 };
        var payloads = new List<Payload>();
        // The state a key ends in, adding the states it needs (phrases and marks share one trie).
        int Insert(string key)
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
            return state;
        }
        foreach (var (key, payload0) in keys.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            var payload = marks.Any(m => HoldsAsWord(key, m, outside)) ? payload0 with { ContainsMark = true } : payload0;
            var state = Insert(key);
            terminal[state] = payloads.Count;
            payloads.Add(payload);
        }
        foreach (var mark in marks.Order(StringComparer.Ordinal))
        {
            var state = Insert(mark);
            if (terminal[state] >= 0) payloads[terminal[state]] = payloads[terminal[state]] with { IsMark = true };
            else
            {
                terminal[state] = payloads.Count;
                payloads.Add(new Payload(null, false, IsMark: true));
            }
        }
        _next = new int[transitions.Count * _alphabet];
        for (var s = 0; s < transitions.Count; s++)
        {
            var row = s * _alphabet;
            _next[row] = terminal[s];
            for (var c = 1; c < _alphabet; c++) _next[row + c] = transitions[s][c] * _alphabet;
        }
        _payloads = [.. payloads];
        StateCount = transitions.Count;
    }

    private string Expansion(char c) => _expansions[c];

    /// <summary>Distinct folded phrases compiled (after variant expansion).</summary>
    public int PhraseCount { get; }

    public int StateCount { get; }

    public IReadOnlyList<LexiconMatch> Match(string text)
    {
        var found = new List<LexiconMatch>();
        Match(text, found);
        return found;
    }

    /// <summary>
    /// Appends the matches in <paramref name="text"/> to <paramref name="into"/>, in text order. Folding happens
    /// on the fly through a raw-char class table (case, separators, Greek letters), so the text is never copied
    /// and offsets are the original ones.
    /// </summary>
    public void Match(string text, List<LexiconMatch> into) => Match(text, into, null);

    /// <summary>As <see cref="Match(string, List{LexiconMatch})"/>, and also appends to <paramref name="marks"/> (when given)
    /// a position at or before every mark word (see the constructor) that stands in <paramref name="text"/> as a word: a
    /// run of letters and digits with neither before or after it. A position is also reported where it is not certain
    /// (a phrase match that may hold one); when none is reported in a stretch of text that has no apostrophe, no char that
    /// lower-cases to an ASCII letter without being one (<see cref="MarkUnsafeChars"/>) and starts and ends at word
    /// boundaries, no mark word stands in it. Positions come in increasing order.</summary>
    internal void Match(string text, List<LexiconMatch> into, List<int>? marks)
    {
        if (marks is not null && !_marksExact)
        {
            // Nothing can be ruled out: one mark at every char (callers look up stretches).
            for (var k = 0; k < text.Length; k++) marks.Add(k);
            marks = null;
        }
        var n = text.Length;
        var span = text.AsSpan();
        // The tables are read without bounds checks (this loop runs once per character): _rawClass has an entry for every
        // char, every row offset is that of a state below StateCount, and every class below _alphabet, so each index is in
        // range by construction.
        ref var rawClass = ref MemoryMarshal.GetArrayDataReference(_rawClass);
        ref var next = ref MemoryMarshal.GetArrayDataReference(_next);
        var rootRow = Root * _alphabet;
        // Word starts come from a mask of the word chars of each 64-char block (vectorised), one bit per word start, instead
        // of a test per char and a search for the end of each word that starts no phrase. A walk may read past its block;
        // the starts inside a match are passed over (resume).
        var resume = 0;
        var previousIsWord = 0UL;
        for (var block = 0; block < n; block += 64)
        {
            var length = Math.Min(64, n - block);
            var words = WordMask(span.Slice(block, length));
            var starts = words & ~((words << 1) | previousIsWord);
            previousIsWord = (words >> (length - 1)) & 1;
            for (; starts != 0; starts &= starts - 1)
            {
                var i = block + BitOperations.TrailingZeroCount(starts);
                if (i < resume) continue;
                int bestEnd = -1, bestPayload = -1;
                var row = rootRow;
                var previousWasSeparator = false;
                for (var j = i; j < span.Length; j++)
                {
                    var c = span[j];
                    var cls = Unsafe.Add(ref rawClass, c);
                    int p;
                    if ((uint)(cls - 1) < ExpansionClass - 1)
                    {
                        // The common step (a char of some phrase's alphabet, neither separator nor expansion) in one test: the
                        // general path below does the same for it.
                        previousWasSeparator = false;
                        row = Unsafe.Add(ref next, row + cls);
                        if (row == Dead) break;
                        p = Unsafe.Add(ref next, row);
                        if (p < 0) continue;
                    }
                    else
                    {
                        if (cls == SeparatorClass)
                        {
                            if (previousWasSeparator) continue;
                            previousWasSeparator = true;
                            cls = _spaceClass;
                        }
                        else previousWasSeparator = false;
                        if (cls == 0) break;
                        if (cls == ExpansionClass)
                        {
                            foreach (var e in Expansion(c))
                                if (row != Dead) row = _next[row + _class[e]];
                        }
                        else row = Unsafe.Add(ref next, row + cls);
                        if (row == Dead) break;
                        if (previousWasSeparator) continue;
                        p = Unsafe.Add(ref next, row);
                        if (p < 0) continue;
                    }
                    var payload = _payloads[p];
                    if (payload.IsMark && marks is not null && (j + 1 >= n || !IsWord(text[j + 1])) && (marks.Count == 0 || marks[^1] != i)) marks.Add(i);
                    if (payload.Entry is null) continue;
                    var end = BoundaryEnd(text, n, j + 1);
                    if (end > 0 && (!payload.RequiresCapitals || WrittenInCapitals(text, i, end)))
                    {
                        bestEnd = end;
                        bestPayload = p;
                    }
                }
                if (bestPayload < 0) continue; // no phrase starts here: on to the next word start
                into.Add(new LexiconMatch(_payloads[bestPayload].Entry!, i, bestEnd));
                // A mark word inside the phrase is at a word start the walk skips: every word start of the match is reported.
                if (marks is not null && _payloads[bestPayload].ContainsMark)
                    for (var k = i; k < bestEnd; k++)
                        if (IsWord(span[k]) && (k == 0 || !IsWord(span[k - 1])) && (marks.Count == 0 || marks[^1] != k)) marks.Add(k);
                resume = bestEnd;
            }
        }
    }

    /// <summary>Bit k set when <paramref name="chars"/>[k] is a word char (<see cref="IsWord"/>); at most 64 chars. ASCII
    /// letters and digits are found 16 chars at a time; a non-ASCII char is judged on its own, as IsWord does.</summary>
    internal static ulong WordMask(ReadOnlySpan<char> chars)
    {
        var mask = 0UL;
        var k = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            ref var at = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(chars));
            for (; k + 16 <= chars.Length; k += 16)
            {
                var a = Vector128.LoadUnsafe(ref at, (nuint)k);
                var b = Vector128.LoadUnsafe(ref at, (nuint)(k + 8));
                var word = Vector128.Narrow(AsciiWord(a), AsciiWord(b)).ExtractMostSignificantBits();
                var other = Vector128.Narrow(Vector128.GreaterThan(a, Vector128.Create((ushort)127)),
                    Vector128.GreaterThan(b, Vector128.Create((ushort)127))).ExtractMostSignificantBits();
                for (; other != 0; other &= other - 1)
                {
                    var bit = BitOperations.TrailingZeroCount(other);
                    if (char.IsLetterOrDigit(chars[k + bit])) word |= 1u << bit;
                }
                mask |= (ulong)word << k;
            }
        }
        for (; k < chars.Length; k++)
            if (IsWord(chars[k])) mask |= 1UL << k;
        return mask;
    }

    // All ones in a lane holding an ASCII letter or digit. Setting bit 5 maps only 'A'-'Z' (and 'a'-'z') into 'a'-'z'; a
    // char of 128 or more stays at 128 or more, outside both ranges.
    private static Vector128<ushort> AsciiWord(Vector128<ushort> c) =>
        Vector128.LessThan((c | Vector128.Create((ushort)0x20)) - Vector128.Create((ushort)'a'), Vector128.Create((ushort)26))
        | Vector128.LessThan(c - Vector128.Create((ushort)'0'), Vector128.Create((ushort)10));

    /// <summary>Chars outside ASCII that invariant lower-casing turns into an ASCII letter (the Kelvin sign, the dotted
    /// capital I ...), and the apostrophes: a word holding one is not seen as the matcher sees words, so
    /// <see cref="Match(string, List{LexiconMatch}, List{int})"/>'s marks do not rule out a mark word in text with one.</summary>
    internal static readonly System.Buffers.SearchValues<char> MarkUnsafeChars = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(128, char.MaxValue - 127).Select(i => (char)i)
            .Where(c => !char.IsSurrogate(c) && char.IsAsciiLetter(char.ToLowerInvariant(c))), '\'', '\u2019']);

    // Whether mark word `m` occurs in folded phrase `key` (or in key + a plural "s") between chars that may stand outside
    // words in the text (or the phrase's ends).
    private static bool HoldsAsWord(string key, string m, HashSet<char> outside)
    {
        var text = key + "s";
        for (var at = text.IndexOf(m, StringComparison.Ordinal); at >= 0; at = text.IndexOf(m, at + 1, StringComparison.Ordinal))
        {
            var end = at + m.Length;
            if ((at == 0 || outside.Contains(text[at - 1])) && (end >= key.Length || outside.Contains(text[end]))) return true;
        }
        return false;
    }

    /// <summary>A char of a word as the matcher sees words (letters and digits); the scope deferral reads sentence edges by it.</summary>
    internal static bool IsWord(char c) => c < 128 ? char.IsAsciiLetterOrDigit(c) : char.IsLetterOrDigit(c);

    // The end of a whole-word match ending at `end`, allowing one plural "s"; -1 when the match is inside a word.
    private static int BoundaryEnd(string text, int n, int end)
    {
        if (end >= n || !IsWord(text[end]) || !IsWord(text[end - 1])) return end;
        if (text[end] == 's' && (end + 1 >= n || !IsWord(text[end + 1])) && char.IsLetter(text[end - 1])) return end + 1;
        return -1;
    }

    // Short all-capital abbreviations (MSC, TIR, SHEs) count only when written in capitals, so "tir" or "she" do not.
    private static bool WrittenInCapitals(string s, int from, int to)
    {
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
