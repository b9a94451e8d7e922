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
    private readonly List<Mention>[] _bySentence;
    private readonly ScopeDetector?[] _scopes;
    private readonly SentenceAnalysis?[] _analyses;
    private readonly IReadOnlySet<string> _broad;

    public FindingContext(IReadOnlyList<Sentence> sentences, IReadOnlyList<Mention> mentions, ScopeDetector?[] scopes,
        IReadOnlySet<string> broadCellTypes, int maxMentionsPerSentence)
    {
        Sentences = sentences;
        _scopes = scopes;
        _broad = broadCellTypes;
        MaxMentionsPerSentence = maxMentionsPerSentence;
        _bySentence = new List<Mention>[sentences.Count];
        foreach (var m in mentions)
            (_bySentence[m.SentenceIndex] ??= []).Add(m);
        _analyses = new SentenceAnalysis?[sentences.Count];
    }

    public IReadOnlyList<Sentence> Sentences { get; }

    public int MaxMentionsPerSentence { get; }

    private static readonly List<Mention> None = [];

    public List<Mention> MentionsOf(int sentence) => sentence < _bySentence.Length ? _bySentence[sentence] ?? None : None;

    /// <summary>The analysis of sentence <paramref name="i"/>, or null when it has no scope (no mentions) or too many mentions.</summary>
    public SentenceAnalysis? Analysis(int i)
    {
        if (i >= _scopes.Length || _scopes[i] is not { } scope || MentionsOf(i).Count > MaxMentionsPerSentence) return null;
        return _analyses[i] ??= new SentenceAnalysis(Sentences[i].Text, scope);
    }

    /// <summary>A cell type the vocabulary narrows (beta cells in general): not a therapy unless nothing narrower is named.</summary>
    public bool IsBroad(string conceptId) => _broad.Contains(conceptId);

    /// <summary>A cell population that was measured, not given: "frequency of circulating Tregs", "Treg numbers", "rise in Tregs".</summary>
    public bool IsMeasured(SentenceAnalysis a, Mention m)
    {
        if (m.Kind != GraphSchema.Labels.CellType) return false;
        var first = a.WordAt(m.Start);
        var last = a.LastWordBefore(m.End);
        for (var k = first - 1; k >= Math.Max(0, first - 3); k--)
            if (FindingCues.MeasuredBefore.Contains(a.Word(k))) return true;
        // Skip another cell mention right after ("regulatory T-cell (Treg) numbers").
        var after = last + 1;
        foreach (var other in MentionsOf(m.SentenceIndex))
            if (other.Kind == GraphSchema.Labels.CellType && other.Start > m.End && a.WordAt(other.Start) <= after + 1 && other.Start - m.End < 4)
                after = a.LastWordBefore(other.End) + 1;
        for (var k = after; k < Math.Min(a.Words.Count, after + 2); k++)
            if (FindingCues.MeasuredAfter.Contains(a.Word(k))) return true;
        return false;
    }

    /// <summary>True when the clause holding character <paramref name="pos"/> speaks of animals or cells in vitro.</summary>
    public bool IsPreclinicalAt(SentenceAnalysis a, int pos)
    {
        var w = a.WordAt(pos);
        foreach (var c in a.Clauses)
            if (w >= c.From && w < c.To) return IsPreclinical(a, c);
        return false;
    }

    public static bool IsPreclinical(SentenceAnalysis a, SentenceAnalysis.Clause c)
    {
        for (var k = c.From; k < c.To; k++)
        {
            var w = a.Word(k);
            if (FindingCues.Preclinical.Contains(w)) return true;
            if (w.SequenceEqual("vitro") && a.Is(k - 1, "in")) return true;
        }
        return false;
    }
}
