using KnowledgeGraph.Core.Documents;

namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// One paper's reading of a (cell type, outcome) pair: several sentences of one paper are one vote. The vote is read
/// from the sentences of the highest part that states the pair (Results and Conclusions, then unlabelled text, then
/// Background): the sign (positive: improved; negative: worsened or not achieved; neutral: unchanged) that most of
/// them give, the earliest sentence deciding a tie, then the most frequent polarity within that sign. The value is the
/// first value stated with the winning polarity in that part, else the first value stated for the pair at all
/// ("peak C-peptide had a median of 0.50 ng/ml" in the results of a paper that concludes C-peptide was not preserved).
/// </summary>
public static class FindingVote
{
    public sealed record Vote(string? Polarity, string? Value);

    public static Vote Of(IReadOnlyList<ExtractedRelation> relations, IReadOnlyList<Sentence> sentences)
    {
        var polar = relations.Where(r => r.Polarity is not null && !r.Speculative).ToList();
        string? polarity = null;
        List<ExtractedRelation> top = [];
        if (polar.Count > 0)
        {
            var rank = polar.Max(r => Rank(sentences[r.SentenceIndex].Part));
            top = [.. polar.Where(r => Rank(sentences[r.SentenceIndex].Part) == rank).OrderBy(r => r.SentenceIndex)];
            var sign = top.GroupBy(r => Sign(r.Polarity!))
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Min(r => r.SentenceIndex)).First().Key;
            polarity = top.Where(r => Sign(r.Polarity!) == sign).GroupBy(r => r.Polarity!)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Min(r => r.SentenceIndex)).First().Key;
        }
        var value = top.Where(r => r.Polarity == polarity && r.Value is not null).Select(r => r.Value).FirstOrDefault()
            ?? relations.Where(r => r.Value is not null && !r.Speculative)
                .OrderByDescending(r => Rank(sentences[r.SentenceIndex].Part)).ThenBy(r => r.SentenceIndex).Select(r => r.Value).FirstOrDefault();
        return new Vote(polarity, value);
    }

    /// <summary>improved: +1; worsened, not_achieved: -1; unchanged: 0.</summary>
    public static int Sign(string polarity) => polarity switch
    {
        RelationExtractor.Improved => 1,
        RelationExtractor.Worsened or RelationExtractor.NotAchieved => -1,
        _ => 0,
    };

    private static int Rank(SectionKind part) => part switch
    {
        SectionKind.Results or SectionKind.Conclusions => 3,
        SectionKind.Methods => 0,
        SectionKind.Background => 1,
        _ => 2,
    };
}
