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
    public SentenceAnalysis(string text, ScopeDetector scope)
    {
        Text = text;
        Scope = scope;
        Lower = scope.Lower;
        Words = scope.Words;
        Cues = new CueKind[Words.Count];
        var depth = new int[Words.Count];
        var d = 0;
        var w = 0;
        for (var i = 0; i < text.Length && w < Words.Count; i++)
        {
            while (w < Words.Count && Words[w].Start == i) depth[w++] = d;
            var c = text[i];
            if (c is '(' or '[') d++;
            else if (c is ')' or ']' && d > 0) d--;
        }
        Depth = depth;
        for (var k = 0; k < Words.Count; k++)
            if (FindingCues.Cues.TryGetValue(Word(k), out var cue)) Cues[k] = cue;
        Clauses = SplitClauses();
    }

    public string Text { get; }
    public string Lower { get; }
    public ScopeDetector Scope { get; }
    public List<(int Start, int End)> Words { get; }
    public CueKind[] Cues { get; }
    public int[] Depth { get; }

    /// <summary>Clauses as word ranges [From, To); <see cref="Clause.AfterContrast"/> when it opens with a contrast word,
    /// <see cref="Clause.AfterAnd"/> when it was cut at ", and".</summary>
    public List<Clause> Clauses { get; }

    internal readonly record struct Clause(int From, int To, bool AfterContrast, bool AfterAnd);

    public ReadOnlySpan<char> Word(int k) => Lower.AsSpan(Words[k].Start, Words[k].End - Words[k].Start);

    public bool Is(int k, string word) => k >= 0 && k < Words.Count && Word(k).SequenceEqual(word);

    /// <summary>Character range of clause <paramref name="c"/>: from its first word to the start of the next clause (or the end).</summary>
    public (int Start, int End) CharRange(Clause c) =>
        (c.From < Words.Count ? Words[c.From].Start : Text.Length, c.To < Words.Count ? Words[c.To].Start : Text.Length);

    /// <summary>The first word at or after character <paramref name="pos"/> (Words.Count when none).</summary>
    public int WordAt(int pos)
    {
        int lo = 0, hi = Words.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (Words[mid].End <= pos) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>The last word that ends at or before character <paramref name="end"/>.</summary>
    public int LastWordBefore(int end)
    {
        var k = WordAt(end) - 1;
        while (k + 1 < Words.Count && Words[k + 1].End <= end) k++;
        return k;
    }

    private List<Clause> SplitClauses()
    {
        var clauses = new List<Clause>();
        var from = 0;
        var afterContrast = false;
        var afterAnd = false;
        var hasCue = false;
        var openingComma = Words.Count > 1 && FindingCues.Subordinators.Contains(Word(0));
        for (var k = 0; k < Words.Count; k++)
        {
            if (Depth[k] > 0) { hasCue |= Cues[k] != CueKind.None; continue; }
            var w = Word(k);
            if (w.Length == 1 && w[0] is ';' or ':')
            {
                Cut(k + 1, false, false);
                continue;
            }
            if (w.Length == 1 && w[0] == ',' && openingComma)
            {
                openingComma = false;
                Cut(k + 1, false, false);
                continue;
            }
            if (k > from && FindingCues.ClauseBreaks.Contains(w) && (!w.SequenceEqual("yet") || Is(k - 1, ",")))
            {
                Cut(k, true, false);
                hasCue |= Cues[k] != CueKind.None;
                continue;
            }
            if (k > from && Is(k - 1, ",") && (w.SequenceEqual("which") || (w.SequenceEqual("and") && hasCue)))
            {
                Cut(k, false, w.SequenceEqual("and"));
                continue;
            }
            hasCue |= Cues[k] != CueKind.None;
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
