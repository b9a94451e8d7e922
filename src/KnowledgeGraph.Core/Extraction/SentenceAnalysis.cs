namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// One sentence as the findings rules read it: the words of its <see cref="ScopeDetector"/> (no second tokenisation),
/// the cue of each word, and its clauses. A clause ends at ';' or ':', before a contrast word ("whereas", "but",
/// "while", "although" ...), before ", which" and before ", and" once the clause has a verb-like cue ("... became
/// insulin-free, and severe hypoglycaemia was abolished"); a sentence that opens with a subordinator ("Although",
/// "Even without") ends its first clause at the first comma. Nothing inside brackets ends a clause ("(P = 0.00012;
/// responders: 20 of 21)").
/// </summary>
internal sealed class SentenceAnalysis
{
    public SentenceAnalysis(string text, ScopeDetector scope, MentionRange mentions)
    {
        Text = text;
        Scope = scope;
        Words = scope.Words;
        Features = scope.Features;
        var open = text.AsSpan().IndexOfAny('(', '[');
        if (open >= 0)
        {
            var depth = _depth = new int[Words.Count];
            // Bracket depth at each word; most sentences have no bracket and keep zeros.
            var d = 0;
            var w = 0;
            while (w < Words.Count && Words[w].Start < open) w++;
            for (var i = open; i < text.Length && w < Words.Count; i++)
            {
                while (w < Words.Count && Words[w].Start == i) depth[w++] = d;
                var c = text[i];
                if (c is '(' or '[') d++;
                else if (c is ')' or ']' && d > 0) d--;
            }
        }
        AllFlags = scope.AllFlags;
        // Marked on the scope's own feature array: only this analysis reads it, and it saves an array per sentence.
        foreach (var m in mentions)
            for (var k = WordAt(m.Start); k < Words.Count && Words[k].End <= m.End; k++) Features[k] = Features[k].With(WordFlags.InMention);
        Clauses = SplitClauses();
    }

    public string Text { get; }
    /// <summary>The sentence lower-cased (same offsets), a span of its scope's text: no copy per sentence.</summary>
    public ReadOnlySpan<char> Lower => Scope.Lower;
    public ScopeDetector Scope { get; }
    public ArraySegment<(int Start, int End)> Words { get; }
    /// <summary>The cue of word <paramref name="k"/>.</summary>
    public CueKind Cue(int k) => Features[k].Cue;

    /// <summary>Each word's cue and flags, from the sentence's <see cref="ScopeDetector"/>.</summary>
    public WordFeature[] Features { get; }

    /// <summary>Every flag any word of the sentence carries: a rule whose word is absent from the sentence skips its scan.</summary>
    public WordFlags AllFlags { get; }

    /// <summary>Whether word <paramref name="k"/> lies inside a concept mention (its words are the concept's, not cues).</summary>
    public bool InMention(int k) => Features[k].Has(WordFlags.InMention);

    /// <summary>True when some word of the sentence carries <paramref name="flag"/>.</summary>
    public bool Any(WordFlags flag) => (AllFlags & flag) != 0;

    /// <summary>True when word <paramref name="k"/> exists and carries <paramref name="flag"/>.</summary>
    public bool Has(int k, WordFlags flag) => k >= 0 && k < Features.Length && (Features[k].Flags & flag) != 0;
    // Bracket depth per word; null when the sentence has no bracket (most have none).
    private readonly int[]? _depth;

    public int Depth(int k) => _depth is null ? 0 : _depth[k];

    /// <summary>Clauses as word ranges [From, To); <see cref="Clause.AfterContrast"/> when it opens with a contrast word,
    /// <see cref="Clause.AfterAnd"/> when it was cut at ", and".</summary>
    public List<Clause> Clauses { get; }

    internal readonly record struct Clause(int From, int To, bool AfterContrast, bool AfterAnd);

    public ReadOnlySpan<char> Word(int k) => Lower.Slice(Words[k].Start, Words[k].End - Words[k].Start);

    public bool Is(int k, string word) => k >= 0 && k < Words.Count && Word(k).SequenceEqual(word);

    /// <summary>Character range of clause <paramref name="c"/>: from its first word to the start of the next clause (or the end).</summary>
    public (int Start, int End) CharRange(Clause c) =>
        (c.From < Words.Count ? Words[c.From].Start : Text.Length, c.To < Words.Count ? Words[c.To].Start : Text.Length);

    /// <summary>The first word that ends after character <paramref name="pos"/> (Words.Count when none).</summary>
    public int WordAt(int pos) => Scope.WordAt(pos);

    /// <summary>The last word that ends at or before character <paramref name="end"/>.</summary>
    public int LastWordBefore(int end) => Scope.LastWordBefore(end);

    private List<Clause> SplitClauses()
    {
        var clauses = new List<Clause>();
        var from = 0;
        var afterContrast = false;
        var afterAnd = false;
        var hasCue = false;
        var openingComma = Words.Count > 1 && Has(0, WordFlags.Subordinator);
        for (var k = 0; k < Words.Count; k++)
        {
            var cue = Features[k].Cue != CueKind.None;
            if (Depth(k) > 0) { hasCue |= cue; continue; }
            var (start, end) = Words[k];
            if (end - start == 1 && Text[start] is ';' or ':' or ',')
            {
                if (Text[start] != ',') Cut(k + 1, false, false);
                else if (openingComma) { openingComma = false; Cut(k + 1, false, false); }
                continue;
            }
            if (k > from && (Features[k].Flags & WordFlags.ClauseBreak) != 0 && (!Word(k).SequenceEqual("yet") || Is(k - 1, ",")))
            {
                Cut(k, true, false);
                hasCue |= cue;
                continue;
            }
            if (k > from && Text[Words[k - 1].Start] == ',' && Words[k - 1].End - Words[k - 1].Start == 1
                && (Word(k).SequenceEqual("which") || (hasCue && Word(k).SequenceEqual("and"))))
            {
                Cut(k, false, Word(k).SequenceEqual("and"));
                continue;
            }
            hasCue |= cue;
        }
        Cut(Words.Count, false, false);
        return clauses;

        void Cut(int at, bool contrast, bool and)
        {
            if (at > from) clauses.Add(new Clause(from, at, afterContrast, afterAnd));
            from = at;
            afterContrast = contrast;
            afterAnd = and;
            hasCue = false;
        }
    }
}
