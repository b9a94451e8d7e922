using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Extraction;
using KnowledgeGraph.Core.Vocabulary;
using static KnowledgeGraph.Core.Tests.Extraction.TestDocuments;

namespace KnowledgeGraph.Core.Tests.Extraction;

/// <summary>
/// Work per sentence is bounded (issue 13): text without any sentence break is cut into sentences of at most
/// <see cref="ExtractionOptions.MaxSentenceChars"/>, a sentence with more than <see cref="ExtractionOptions.MaxMentionsPerSentence"/>
/// mentions gives no relations, and extraction stops at its cancellation token. Before the limits, 1 MB of concept-dense
/// text without a break was one sentence whose scope, abbreviation and relation steps were quadratic in its mentions
/// (120 s); the generous token below cancels long before that, so the test fails on the old behaviour without asserting
/// a time.
/// </summary>
public class ExtractionLimitsTests
{
    private const string Unit = "Treg infusion improved HbA1c and C-peptide in T1D without adverse events (NCT01210664) ";

    [Fact]
    public void A_megabyte_without_a_sentence_break_is_extracted_in_bounded_sentences()
    {
        var text = string.Concat(Enumerable.Repeat(Unit, 1_000_000 / Unit.Length));
        using var cap = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var x = Extractor.Extract(Paper("t", text), cap.Token);

        var max = Extractor.Options.MaxSentenceChars;
        Assert.All(x.Sentences, s => Assert.InRange(s.Text.Length, 1, max));
        Assert.True(x.Sentences.Count >= text.Length / max, $"{x.Sentences.Count} sentences");
        Assert.True(x.Mentions.Count > 50_000, $"{x.Mentions.Count} mentions"); // the concepts are still all found
        // Each piece holds far more mentions than a sentence a person writes: a list, so no relations (and no quadratic work).
        Assert.DoesNotContain(x.Relations, r => r.Type == "REPORTS_OUTCOME");
    }

    [Fact]
    public void A_sentence_with_more_mentions_than_the_limit_gives_no_relations_and_one_under_it_does()
    {
        var extractor = new ConceptExtractor(ConceptVocabulary.Default, new ExtractionOptions { MaxMentionsPerSentence = 3 });
        Assert.Empty(extractor.Extract(Paper("", "Tregs improved HbA1c and C-peptide in T1D.")).Relations);
        Assert.NotEmpty(extractor.Extract(Paper("", "Tregs improved HbA1c.")).Relations);
    }

    [Fact]
    public void Extraction_stops_at_its_cancellation_token()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Extractor.Extract(Paper("t", Unit + ". " + Unit), cancelled.Token));
    }

    [Fact]
    public void A_long_sentence_is_cut_at_a_space_and_keeps_its_offsets()
    {
        var text = string.Concat(Enumerable.Repeat("word ", 1000)).TrimEnd();
        var sentences = SentenceSplitter.Split(text, KnowledgeGraph.Core.Documents.SectionKind.Abstract, 0, maxChars: 300);
        Assert.All(sentences, s => Assert.True(s.Text.Length <= 300 && !s.Text.StartsWith(' ') && !s.Text.EndsWith(' ')));
        Assert.All(sentences, s => Assert.Equal(s.Text, text.Substring(s.Offset, s.Text.Length)));
        Assert.Equal(text.Replace(" ", ""), string.Concat(sentences.Select(s => s.Text.Replace(" ", ""))));
    }
}
