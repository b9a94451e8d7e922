using System.Collections.Frozen;

namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// NegEx-style negation and speculation scope over one sentence. A cue ("not", "without", "failed to";
/// "may", "whether", "suggest") opens a scope that runs forward to a clause terminator ("but", "however",
/// ";") or at most <see cref="MaxScopeWords"/> words; post-cues ("did not occur", "was not observed")
/// look back the same way. Commas end a scope too: "without any immunotherapy, is safe". Pseudo-cues ("no change", "not only") open nothing.
/// </summary>
public sealed class ScopeDetector
{
    public const int MaxScopeWords = 8;

    private static readonly CueTable PreNegation = Phrases(
        "no", "not", "without", "never", "none", "neither", "nor", "cannot", "can't", "didn't", "don't", "doesn't",
        "wasn't", "weren't", "absence of", "absent", "lack of", "lacked", "lacking", "failed to", "fail to", "fails to",
        "failure to", "unable to", "did not", "does not", "do not", "ruled out", "free of any", "free of", "free from");

    private static readonly CueTable PostNegation = Phrases(
        "did not occur", "was not observed", "were not observed", "not observed", "not seen", "not detected",
        "was absent", "were absent", "was not achieved", "were not achieved", "was not reached", "not found",
        "cannot be sustained", "could not be sustained", "not sustained", "not maintained", "cannot be maintained",
        "could not be maintained");

    private static readonly CueTable Pseudo = Phrases(
        "no change", "no significant change", "no statistically significant change", "no statistically relevant change",
        "no difference", "no significant difference", "not only", "not necessarily", "did not change",
        "not significantly different", "not differ", "no increase in", "without change");

    private static readonly CueTable Speculation = Phrases(
        "may", "might", "could", "would", "suggest", "suggests", "suggested", "suggesting", "possibly", "possible",
        "whether", "potential", "potentially", "likely", "unlikely", "perhaps", "hypothesize", "hypothesized",
        "hypothesise", "hypothesis", "speculate", "appears to", "appear to", "seems to", "seem to", "if");

    /// <summary>First words of every cue of every kind (flagged <see cref="WordFlags.ScopeStart"/> in <see cref="FindingCues.Features"/>).</summary>
    internal static IEnumerable<string> CueFirstWords =>
        new[] { Pseudo, PostNegation, PreNegation, Speculation }.SelectMany(t => t.FirstWords).Distinct(StringComparer.Ordinal);

    // Most words start no cue: the (first, last letter, length) filter rejects most of them before the one probe of
    // CuesByFirstWord, which answers the rest and hands over the four tables' phrases at once.
    private static readonly WordFilter CueStartWords = new(CueFirstWords);

    private static readonly string[] TerminatorList =
    [
        "but", "however", "although", "though", "yet", "whereas", "while", "except", "which", "who", "apart",
        "aside", "instead", "nevertheless", "nonetheless", "despite", "unlike",
    ];

    internal static readonly WordTable<bool> Terminators = new(TerminatorList.Select(w => KeyValuePair.Create(w, true)));

    // Every word of a scope is tested against the terminators: most share no (first, last letter, length) with one.
    private static readonly WordFilter TerminatorWords = new(TerminatorList);

    // The four tables' phrases by first word in one lookup (a cue start word is probed once, not once per table); a
    // WordTable hashes a few characters of the word, where a Dictionary hashes the whole word.
    internal static readonly WordTable<(string[][]? Pseudo, string[][]? Post, string[][]? Pre, string[][]? Speculation)> CuesByFirstWord =
        new(CueFirstWords.Select(w => KeyValuePair.Create(w, (Pseudo.For(w), PostNegation.For(w), PreNegation.For(w), Speculation.For(w)))));

    // The sentence lower-cased once (same length: invariant lower-casing maps char to char); words are spans of it,
    // so tokenising allocates nothing per word and cue lookups are hash probes on the first word.
    // _lower holds the sentence at _lowerOffset: its own lower-cased copy, or a stretch of its section's (lower-cased once
    // per section by ConceptExtractor into a buffer it reuses, so a sentence costs no copy).
    private readonly char[] _lower;
    private readonly int _lowerOffset;
    private readonly int _length;
    // Found in the constructor, or on first use for a deferred detector (see Deferred): then the sentence and the arena
    // are kept until then.
    private ArraySegment<(int Start, int End)> _wordRanges;
    private string? _pending;
    private WordArena? _pendingArena;
    // Created on the first scope: most sentences have none.
    private List<(int From, int To)>? _negated;
    private List<(int From, int To)>? _speculative;
    private WordFeature[]? _features;
    private WordFlags _allFlags;
    private bool _anyCue, _anyDigit;

    /// <summary>Every flag any word of the sentence carries (from <see cref="Features"/>).</summary>
    internal WordFlags AllFlags => Features is not null ? _allFlags : 0;

    /// <summary>Analyses <paramref name="sentence"/>; then ask <see cref="IsNegated"/> and <see cref="IsSpeculative"/>.</summary>
    /// <param name="withFeatures">Also find every word's findings features now (<see cref="Features"/>), with the same one
    /// probe per word that finds cue starts: for sentences the findings rules will read (an outcome or trial mention).</param>
    public ScopeDetector(string sentence, bool withFeatures = false)
        : this(sentence, LowerOf(sentence), 0, null, withFeatures)
    {
    }

    /// <summary>Analyses <paramref name="sentence"/>, whose lower-cased text (<see cref="InvariantLower"/>) is
    /// <paramref name="lower"/> from <paramref name="lowerOffset"/> on. The caller keeps that text unchanged while it uses
    /// this detector. Its words go into <paramref name="arena"/> when given (else into an array of its own).</summary>
    internal ScopeDetector(string sentence, char[] lower, int lowerOffset, WordArena? arena, bool withFeatures)
    {
        _lower = lower;
        _lowerOffset = lowerOffset;
        _length = sentence.Length;
        _wordRanges = Tokenize(sentence, arena);
        var features = withFeatures ? Features : null;
        // A matched cue's words are consumed: the scan resumes after them (i += length - 1), so a word inside one cue
        // never starts another ("not observed" inside "was not observed").
        for (var i = 0; i < _wordRanges.Count; i++)
        {
            // One probe for the words that start no cue (none when the features, which flag cue starts, are known).
            if (features is not null ? !features[i].Has(WordFlags.ScopeStart) : !CueStartWords.MayContain(Word(i))) continue;
            if (!CuesByFirstWord.TryGetValue(Word(i), out var cues)) continue;
            if (MatchAt(i, cues.Pseudo) is var p and > 0) { i += p - 1; continue; }
            if (MatchAt(i, cues.Post) is var post and > 0)
            {
                (_negated ??= []).Add((ScopeBack(i), _wordRanges[i].Start));
                i += post - 1;
                continue;
            }
            if (MatchAt(i, cues.Pre) is var pre and > 0)
            {
                (_negated ??= []).Add((_wordRanges[i + pre - 1].End, ScopeForward(i + pre)));
                i += pre - 1;
                continue;
            }
            if (MatchAt(i, cues.Speculation) is var spec and > 0)
            {
                (_speculative ??= []).Add((_wordRanges[i + spec - 1].End, ScopeForward(i + spec)));
                i += spec - 1;
            }
        }
    }

    /// <summary>A detector for a sentence in which no cue can match (see <see cref="Deferred"/>): it has no negation or speculation
    /// scope, so nothing is done now; its words (and features) are found on first use, into <paramref name="arena"/>, which
    /// the caller keeps unreset (and <paramref name="lower"/> unchanged) while it uses this detector.</summary>
    private ScopeDetector(string sentence, char[] lower, int lowerOffset, WordArena arena)
    {
        _lower = lower;
        _lowerOffset = lowerOffset;
        _length = sentence.Length;
        _pending = sentence;
        _pendingArena = arena;
    }

    /// <summary>A detector whose words are found on first use, for a sentence in which no negation or speculation cue
    /// can match: its caller proved that none of <see cref="CueKeyWords"/> stands in it as a word (one word of every
    /// cue is among them).</summary>
    internal static ScopeDetector Deferred(string sentence, char[] lower, int lowerOffset, WordArena arena) =>
        new(sentence, lower, lowerOffset, arena);

    /// <summary>Every negation, post-negation and speculation cue as its words (apostrophe variants included).</summary>
    internal static IEnumerable<string[]> CuePhrases => new[] { PostNegation, PreNegation, Speculation }.SelectMany(t => t.Phrases);

    /// <summary>One word of every negation, post-negation and speculation cue: "not" where the cue has it, else its
    /// longest word (lower-case ASCII letters; cues with an apostrophe are left to the caller, see
    /// <see cref="LexiconMatcher.MarkUnsafeChars"/>). A cue can match only where all its words are words of the
    /// sentence, so a sentence holding none of these as a word has no scope. Pseudo-cues only consume words; without
    /// any other cue they change nothing.</summary>
    internal static readonly string[] CueKeyWords =
        [.. CuePhrases
            .Where(words => !words.Any(w => w.Contains('\'') || w.Contains('\u2019')))
            .Select(words => words.Contains("not") ? "not" : words.MaxBy(w => w.Length)!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The sentence lower-cased (same length and offsets as the sentence).</summary>
    internal ReadOnlySpan<char> Lower => _lower.AsSpan(_lowerOffset, _length);

    private static char[] LowerOf(string sentence)
    {
        var lower = new char[sentence.Length];
        InvariantLower.Into(sentence, lower);
        return lower;
    }

    /// <summary>
    /// True when <paramref name="section"/>[<paramref name="start"/>..+<paramref name="length"/>] can use the section's
    /// lower-cased text: invariant lower-casing maps each char (or surrogate pair) on its own, so a stretch of the
    /// section's lower-cased text is the sentence's lower-cased text unless the sentence starts or ends inside a surrogate pair.
    /// </summary>
    internal static bool Slice(string section, int start, int length) =>
        length > 0 && !char.IsLowSurrogate(section[start]) && !char.IsHighSurrogate(section[start + length - 1]);

    /// <summary>The sentence's words in order; ';', ':' and ',' are words of their own.</summary>
    internal ArraySegment<(int Start, int End)> Words => _pending is null ? _wordRanges : TokenizePending();

    private ArraySegment<(int Start, int End)> TokenizePending()
    {
        _wordRanges = Tokenize(_pending!, _pendingArena);
        (_pending, _pendingArena) = (null, null);
        return _wordRanges;
    }

    /// <summary>Each word's findings cue and flags (<see cref="FindingCues.Features"/>), looked up on first use: only
    /// sentences the findings rules read (an outcome or a trial among their mentions) need them.</summary>
    internal WordFeature[] Features
    {
        get
        {
            if (_features is not null) return _features;
            var count = Words.Count; // finds the words of a deferred detector
            var features = new WordFeature[count];
            WordFlags all = 0;
            var cue = false;
            var digit = false;
            for (var i = 0; i < count; i++)
            {
                var w = Word(i);
                // Numbers and long words are in no list: no probe.
                if (char.IsAsciiDigit(w[0])) { digit = true; continue; }
                if (w.Length > FindingCues.LongestWord || !FindingCues.FeatureWords.MayContain(w) || !FindingCues.FeatureTable.TryGetValue(w, out var f)) continue;
                features[i] = f;
                all |= f.Flags;
                cue |= f.Cue != CueKind.None;
            }
            (_allFlags, _anyCue, _anyDigit) = (all, cue, digit);
            return _features = features;
        }
    }

    /// <summary>The first word that ends after character <paramref name="pos"/> (Words.Count when none).</summary>
    internal int WordAt(int pos)
    {
        var words = Words;
        int lo = 0, hi = words.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (words[mid].End <= pos) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>The last word that ends at or before character <paramref name="end"/>.</summary>
    internal int LastWordBefore(int end)
    {
        var (k, words) = (WordAt(end) - 1, Words);
        while (k + 1 < words.Count && words[k + 1].End <= end) k++;
        return k;
    }

    /// <summary>True when word <paramref name="k"/> exists and carries <paramref name="flag"/>.</summary>
    internal bool Has(int k, WordFlags flag) => k >= 0 && k < Words.Count && Features[k].Has(flag);

    /// <summary>Word <paramref name="k"/> lower-cased (a span of <see cref="Lower"/>).</summary>
    internal ReadOnlySpan<char> WordText(int k) => Lower.Slice(Words[k].Start, Words[k].End - Words[k].Start);

    /// <summary>True when word <paramref name="k"/> exists and is <paramref name="word"/> (lower case).</summary>
    internal bool Is(int k, string word) => k >= 0 && k < Words.Count && Word(k).SequenceEqual(word);

    /// <summary>A cheap test before any findings work: only a sentence with a direction or state word, a number, a
    /// quantity word, a negative quantifier or an endpoint verb can state a finding.</summary>
    internal bool MayStateFinding() => MayStateFindingWithoutDigits() || _anyDigit;

    /// <summary><see cref="MayStateFinding"/> without the numbers: a direction or state word, a quantity word, a negative
    /// quantifier or an endpoint verb. A sentence that passes only by a number is read further by
    /// <see cref="FindingContext.MayStateFinding"/> before the findings rules run.</summary>
    internal bool MayStateFindingWithoutDigits() =>
        Features is not null && (_anyCue
            || (_allFlags & (WordFlags.NumberWord | WordFlags.Quantity | WordFlags.NegativeQuantifier | WordFlags.EndpointResult)) != 0);

    /// <summary>True when a mention starting at <paramref name="start"/> lies in a negation scope (a cue inside the mention does not count).</summary>
    public bool IsNegated(int start) => InScope(_negated, start);

    public bool IsSpeculative(int start) => InScope(_speculative, start);

    private static bool InScope(List<(int From, int To)>? scopes, int start)
    {
        if (scopes is null) return false;
        foreach (var (from, to) in scopes)
            if (start >= from && start < to) return true;
        return false;
    }

    private int ScopeForward(int first)
    {
        var last = Math.Min(_wordRanges.Count, first + MaxScopeWords);
        for (var k = first; k < last; k++)
        {
            // "not yet proved": "yet" right after the cue is an adverb of the negation, not a contrast.
            if (k == first && Word(k).SequenceEqual("yet")) continue;
            if (IsTerminator(k)) return _wordRanges[k].Start;
        }
        return last < _wordRanges.Count ? _wordRanges[last].Start : int.MaxValue;
    }

    private int ScopeBack(int cue)
    {
        var first = Math.Max(0, cue - MaxScopeWords);
        for (var k = cue - 1; k >= first; k--)
            if (IsTerminator(k)) return _wordRanges[k].End;
        return _wordRanges[first].Start;
    }

    // Only after the words are found (every caller reads Words first, or runs in the constructor that found them).
    private ReadOnlySpan<char> Word(int k) => _lower.AsSpan(_lowerOffset + _wordRanges[k].Start, _wordRanges[k].End - _wordRanges[k].Start);

    private bool IsTerminator(int k)
    {
        var w = Word(k);
        return (w.Length == 1 && w[0] is ';' or ':' or ',') || (TerminatorWords.MayContain(w) && Terminators.Contains(w));
    }

    // The longest of `candidates` (the phrases of one table that start with word i) that matches from word i; 0 when none.
    private int MatchAt(int i, string[][]? candidates)
    {
        if (candidates is null) return 0;
        var best = 0;
        foreach (var phrase in candidates)
        {
            if (phrase.Length <= best || i + phrase.Length > _wordRanges.Count) continue;
            var ok = true;
            for (var k = 1; k < phrase.Length && ok; k++) ok = Word(i + k).SequenceEqual(phrase[k]);
            if (ok) best = phrase.Length;
        }
        return best;
    }

    // Words are runs of letters, digits and apostrophes; ';', ':' and ',' are kept as words because they end clauses.
    // Words are found into one buffer per thread and copied out at their exact number (a list sized by a guess from the
    // sentence's length was about half unused), into the document's arena when there is one. The buffer is dropped when a
    // huge sentence grew it past 64K words.
    [ThreadStatic] private static (int Start, int End)[]? _wordBuffer;

    private static ArraySegment<(int Start, int End)> Tokenize(string s, WordArena? arena)
    {
        var buffer = arena is not null ? arena.Scratch : _wordBuffer ??= new (int Start, int End)[256];
        var count = 0;
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c is ';' or ':' or ',') { Add(i, i + 1); i++; continue; }
            if (!char.IsLetterOrDigit(c)) { i++; continue; }
            var start = i++;
            while (i < s.Length)
            {
                // The ASCII part of a word in one vectorised search; a non-ASCII char then decides for itself.
                var run = s.AsSpan(i).IndexOfAnyExcept(CharSets.AsciiWordChars);
                i = run < 0 ? s.Length : i + run;
                if (i == s.Length || s[i] < 128 || !(char.IsLetterOrDigit(s[i]) || s[i] == '\u2019')) break;
                i++;
            }
            Add(start, i);
        }
        var words = arena is not null ? arena.Copy(buffer.AsSpan(0, count)) : new ArraySegment<(int Start, int End)>(buffer[..count]);
        if (arena is not null) arena.Scratch = buffer.Length <= 65_536 ? buffer : new (int Start, int End)[256];
        else _wordBuffer = buffer.Length <= 65_536 ? buffer : null;
        return words;

        void Add(int start, int end)
        {
            if (count == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            buffer[count++] = (start, end);
        }
    }

    /// <summary>Cue phrases as word arrays, grouped by first word (with the typographic apostrophe as an alias).</summary>
    private sealed class CueTable
    {
        public CueTable(string[] phrases)
        {
            var byFirst = new Dictionary<string, List<string[]>>(StringComparer.Ordinal);
            foreach (var words in phrases.Select(p => p.Split(' ')))
                foreach (var variant in new[] { words, [.. words.Select(w => w.Replace('\'', '\u2019'))] })
                {
                    if (!byFirst.TryGetValue(variant[0], out var list)) byFirst[variant[0]] = list = [];
                    if (!list.Any(l => l.SequenceEqual(variant))) list.Add(variant);
                }
            ByFirstWord = byFirst.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public FrozenDictionary<string, string[][]>.AlternateLookup<ReadOnlySpan<char>> ByFirstWord { get; }

        public IEnumerable<string> FirstWords => ByFirstWord.Dictionary.Keys;

        /// <summary>The phrases that start with <paramref name="word"/>, or null.</summary>
        public string[][]? For(string word) => ByFirstWord.Dictionary.GetValueOrDefault(word);

        /// <summary>Every phrase as its words, apostrophe variants included.</summary>
        public IEnumerable<string[]> Phrases => ByFirstWord.Dictionary.Values.SelectMany(v => v);
    }

    private static CueTable Phrases(params string[] phrases) => new(phrases);
}
