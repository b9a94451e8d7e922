using KnowledgeGraph.Core.Extraction;

namespace KnowledgeGraph.Core.Tests.Extraction;

/// <summary>The extractor's shortcuts must give exactly what the slow path they skip would give.</summary>
public class ExtractionFastPathTests
{
    [Fact]
    public void Word_filter_never_rejects_a_word_of_its_set()
    {
        var words = FindingCues.Features.Dictionary.Keys.ToList();
        var filter = new WordFilter(words);
        Assert.All(words, w => Assert.True(filter.MayContain(w), w));
    }

    [Fact]
    public void Word_filter_rejects_words_whose_first_last_and_length_match_no_member()
    {
        var filter = new WordFilter(["were", "not"]);
        Assert.False(filter.MayContain("insulin"));
        Assert.False(filter.MayContain("wor"));         // w...r: no member starts with w and ends with r
        Assert.True(filter.MayContain("wake"));        // w...e, length 4 like "were": passed on to the real probe
        Assert.True(filter.MayContain("β-cell"));      // outside a-z: always passed on
    }

    [Theory]
    [InlineData("Insulin Independence WAS reached")]
    [InlineData("already lower case")]
    [InlineData("β-Cell ΔHbA1c İstanbul ǅ")]
    [InlineData("")]
    public void Invariant_lowering_equals_ToLowerInvariant(string text) =>
        Assert.Equal(text.ToLowerInvariant(), InvariantLower.Of(text));
}
