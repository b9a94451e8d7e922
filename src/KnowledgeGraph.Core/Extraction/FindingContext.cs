using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// One document's sentences, mentions and per-sentence analyses for the findings rules. Analyses are built on first
/// use from the sentence's <see cref="ScopeDetector"/> (its words), and only for sentences with at most
/// <see cref="MaxMentionsPerSentence"/> mentions: a longer list is not a sentence a person wrote, and reading
/// relations in it would cost work quadratic in its mentions.
/// </summary>
internal sealed class FindingContext
{
    private readonly List<Mention> _mentions;
    private readonly int[] _firstMention; // sentence i's mentions are _mentions[_firstMention[i].._firstMention[i + 1]]
    private readonly ScopeDetector?[] _scopes;
    private readonly SentenceAnalysis?[] _analyses;
    private readonly IReadOnlySet<string> _broad;

    public FindingContext(IReadOnlyList<Sentence> sentences, List<Mention> mentions, ScopeDetector?[] scopes,
        IReadOnlySet<string> broadCellTypes, int maxMentionsPerSentence)
    {
        Sentences = sentences;
        _scopes = scopes;
        _broad = broadCellTypes;
        MaxMentionsPerSentence = maxMentionsPerSentence;
        // Mentions come sentence by sentence, in order: each sentence's are one stretch of the list (no copy is made).
        _mentions = mentions;
        _firstMention = new int[sentences.Count + 1];
        var k = 0;
        for (var i = 0; i < sentences.Count; i++)
        {
            _firstMention[i] = k;
            while (k < _mentions.Count && _mentions[k].SentenceIndex == i) k++;
        }
        _firstMention[sentences.Count] = k;
        _analyses = new SentenceAnalysis?[sentences.Count];
    }

    public IReadOnlyList<Sentence> Sentences { get; }

    public int MaxMentionsPerSentence { get; }

    public MentionRange MentionsOf(int sentence) =>
        sentence < Sentences.Count ? new(_mentions, _firstMention[sentence], _firstMention[sentence + 1] - _firstMention[sentence]) : default;

    /// <summary>The analysis of sentence <paramref name="i"/>, or null when it has no scope (no mentions) or too many mentions.</summary>
    public SentenceAnalysis? Analysis(int i)
    {
        if (i >= _scopes.Length || _scopes[i] is not { } scope || MentionsOf(i).Count > MaxMentionsPerSentence) return null;
        return _analyses[i] ??= new SentenceAnalysis(Sentences[i].Text, scope, MentionsOf(i));
    }

    /// <summary>A cell type the vocabulary narrows (beta cells in general): not a therapy unless nothing narrower is named.</summary>
    public bool IsBroad(string conceptId) => _broad.Contains(conceptId);

    /// <summary>The negation and speculation scope (and words) of sentence <paramref name="i"/>; null when it has no mention.</summary>
    public ScopeDetector? Scope(int i) => i < _scopes.Length ? _scopes[i] : null;

    /// <summary>True when sentence <paramref name="i"/> is worth the findings rules: not too many mentions, and some word
    /// that can state a result (<see cref="ScopeDetector.MayStateFinding"/>) or a negated outcome or a safety word.</summary>
    /// <param name="numbersRead">Whether a sentence that passes only by a number must also hold one the rules can read
    /// (<see cref="NumbersMayStateFinding"/>); false only for the tests that pin that this skips no finding.</param>
    public bool MayStateFinding(int i, bool numbersRead = true)
    {
        if (Scope(i) is not { } s || MentionsOf(i).Count > MaxMentionsPerSentence) return false;
        if (s.MayStateFindingWithoutDigits()) return true;
        foreach (var m in MentionsOf(i))
            if (m.Kind == GraphSchema.Labels.Outcome && (m.Negated || m.ConceptId == "outcome:safety")) return true;
        return s.MayStateFinding() && (!numbersRead || NumbersMayStateFinding(i, s));
    }

    /// <summary>
    /// For a sentence whose only reason to be read is a number ("type 1 diabetes", "phase 1" in most titles): true when
    /// the findings rules could still give it a relation. With no direction or state word (every word's cue is none), no
    /// quantity word, negative quantifier or endpoint verb, no negated outcome and no safety outcome, an outcome gets a
    /// relation only from a value (<see cref="ResultValues.Find"/>), a harm event ("died", "death", "lost",
    /// "complicated" in the outcome's words) or a difference stated as not significant (<see cref="ResultValues.NotSignificant"/>).
    /// This tests, over the whole sentence, what each of those needs; it may pass a sentence the rules then read to nothing,
    /// never the reverse:
    /// <list type="bullet">
    /// <item>a value: with no quantity or number word, only a word that starts with an ASCII digit starts one, and only when
    /// '%' or a unit word follows it (a measure), "of" follows it (a count), a person or counted verb follows it (a counted
    /// subject), or "to"/"reaching"/"reached" comes before it (a change); a baseline word after "at" or "before" ("at
    /// diagnosis") may start a change too;</item>
    /// <item>not significant: the P-value form needs '=', '>' or '≥'; "not significant" and "NS" both start with an n
    /// (or N: no other char equals n when case is ignored) at the start of a word, or right where an outcome ends (the
    /// rules search the text after it);</item>
    /// </list>
    /// </summary>
    private bool NumbersMayStateFinding(int i, ScopeDetector s)
    {
        var text = Sentences[i].Text;
        var lower = s.Lower;
        var mentions = MentionsOf(i);
        foreach (var m in mentions)
        {
            if (m.Kind != GraphSchema.Labels.Outcome) continue;
            var words = lower.Slice(m.Start, m.End - m.Start);
            if (words.Contains("died", StringComparison.Ordinal) || words.Contains("death", StringComparison.Ordinal)
                || words.Contains("lost", StringComparison.Ordinal) || words.Contains("complicated", StringComparison.Ordinal)) return true;
        }
        if (text.AsSpan().IndexOfAny('=', '>', '\u2265') >= 0) return true;
        for (var at = text.AsSpan().IndexOfAny('n', 'N'); at >= 0; )
        {
            if (at == 0 || !char.IsLetterOrDigit(text[at - 1])) return true;
            foreach (var m in mentions)
                if (m.Kind == GraphSchema.Labels.Outcome && m.End == at) return true;
            var next = text.AsSpan(at + 1).IndexOfAny('n', 'N');
            at = next < 0 ? -1 : at + 1 + next;
        }
        var w = s.Words;
        var baseline = (s.AllFlags & WordFlags.Baseline) != 0;
        for (var k = 0; k < w.Count; k++)
        {
            if (baseline && s.Has(k, WordFlags.Baseline) && (s.Is(k - 1, "at") || s.Is(k - 1, "before"))) return true;
            if (!char.IsAsciiDigit(text[w[k].Start])) continue;
            var end = w[k].End;
            if ((end < text.Length && text[end] == '%') || (end + 1 < text.Length && text[end] == ' ' && text[end + 1] == '%')) return true;
            if (s.Has(k + 1, WordFlags.Unit | WordFlags.People | WordFlags.CountedVerb) || s.Is(k + 1, "of")) return true;
            if (s.Is(k - 1, "to") || s.Is(k - 1, "reaching") || s.Is(k - 1, "reached")) return true;
        }
        return false;
    }

    /// <summary>A cell population that was measured, not given: "frequency of circulating Tregs", "Treg numbers", "rise in Tregs".</summary>
    public bool IsMeasured(ScopeDetector s, Mention m)
    {
        if (m.Kind != GraphSchema.Labels.CellType) return false;
        var first = s.WordAt(m.Start);
        var last = s.LastWordBefore(m.End);
        for (var k = first - 1; k >= Math.Max(0, first - 3); k--)
            if (s.Has(k, WordFlags.MeasuredBefore)) return true;
        // Skip another cell mention right after ("regulatory T-cell (Treg) numbers").
        var after = last + 1;
        foreach (var other in MentionsOf(m.SentenceIndex))
            if (other.Kind == GraphSchema.Labels.CellType && other.Start > m.End && s.WordAt(other.Start) <= after + 1 && other.Start - m.End < 4)
                after = s.LastWordBefore(other.End) + 1;
        for (var k = after; k < after + 2; k++)
            if (s.Has(k, WordFlags.MeasuredAfter)) return true;
        return false;
    }

    /// <summary>"no serious adverse events after MSC infusion": the negation is about the outcome it reaches first; the cell
    /// type after it, inside the same scope, is still the therapy given.</summary>
    public static bool NegatesAnOutcomeFirst(MentionRange mentions, Mention cell)
    {
        foreach (var o in mentions)
            if (o.Kind == GraphSchema.Labels.Outcome && o.Negated && o.Start < cell.Start) return true;
        return false;
    }

    /// <summary>True when the sentence speaks of animals or cells in vitro anywhere (for the document's interventions).</summary>
    public static bool IsPreclinical(ScopeDetector s)
    {
        for (var k = 0; k < s.Features.Length; k++)
            if (s.Has(k, WordFlags.Preclinical) && (!s.Is(k, "vitro") || s.Is(k - 1, "in"))) return true;
        return false;
    }

    public static bool IsPreclinical(SentenceAnalysis a, SentenceAnalysis.Clause c)
    {
        if (!a.Any(WordFlags.Preclinical)) return false;
        for (var k = c.From; k < c.To; k++)
            if (a.Has(k, WordFlags.Preclinical) && (!a.Is(k, "vitro") || a.Is(k - 1, "in"))) return true;
        return false;
    }
}

/// <summary>One sentence's stretch of the document's mention list, enumerated without allocating.</summary>
internal readonly struct MentionRange(List<Mention>? list, int start, int count)
{
    public int Count => count;

    public Mention this[int i] => list![start + i];

    public Enumerator GetEnumerator() => new(list, start, start + count);

    public bool Any(Func<Mention, bool> predicate)
    {
        foreach (var m in this)
            if (predicate(m)) return true;
        return false;
    }

    public struct Enumerator(List<Mention>? list, int at, int end)
    {
        private int _i = at - 1;

        public readonly Mention Current => list![_i];

        public bool MoveNext() => ++_i < end;
    }
}
