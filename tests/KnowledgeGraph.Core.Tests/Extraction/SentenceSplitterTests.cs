using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Extraction;

namespace KnowledgeGraph.Core.Tests.Extraction;

public class SentenceSplitterTests
{
    [Fact]
    public void Does_not_split_after_abbreviations_initials_decimals_or_figure_numbers()
    {
        const string text = "Cells, e.g. Tregs, rose vs. controls (Smith et al. 2020; J. Doe, Fig. 2) by 0.44 nmol/l. Next one i.e. two.";
        var sentences = SentenceSplitter.Split(text, SectionKind.Abstract);
        Assert.Equal(2, sentences.Count);
        Assert.Equal("Next one i.e. two.", sentences[1].Text);
    }

    [Fact]
    public void Splits_at_terminators_and_line_breaks_keeping_offsets_into_the_section()
    {
        const string text = "BACKGROUND: One thing.\nMETHODS: We did it! Did it work? Yes.";
        var sentences = SentenceSplitter.Split(text, SectionKind.Abstract, firstIndex: 5);
        Assert.Equal(["BACKGROUND: One thing.", "METHODS: We did it!", "Did it work?", "Yes."], sentences.Select(s => s.Text));
        Assert.Equal([5, 6, 7, 8], sentences.Select(s => s.Index));
        Assert.All(sentences, s => Assert.Equal(s.Text, text.Substring(s.Offset, s.Text.Length)));
    }

    [Fact]
    public void Does_not_split_before_a_lower_case_word() =>
        Assert.Single(SentenceSplitter.Split("Values were 5.9% vs. 6.4%. and more text", SectionKind.Abstract));
}
