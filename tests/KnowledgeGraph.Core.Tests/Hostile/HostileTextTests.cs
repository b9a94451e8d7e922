using System.Text;
using KnowledgeGraph.Core.Documents;

namespace KnowledgeGraph.Core.Tests.Hostile;

/// <summary>Inputs that are readable but must not enter the graph as they are: control characters, endless fields, non-papers.</summary>
public sealed class HostileTextTests
{
    private static readonly DocumentReader Reader = new();

    private static IReadOnlyList<PaperDocument> Read(string text, string name, ReaderLimits? limits = null) =>
        new DocumentReader(limits).Read(Encoding.UTF8.GetBytes(text), name);

    [Fact]
    public void Control_characters_anywhere_in_the_text_never_reach_the_paper()
    {
        // Past the first 64 KB, where format detection stops looking.
        var filler = string.Concat(Enumerable.Repeat("Regulatory T cells were infused in children with type 1 diabetes. ", 1200));
        var text = "Treg therapy in type 1 diabetes\n\n" + filler + "C-peptide\u0000 was\u001b[31m preserved\u0007 in all\u0085 patients.\n";
        Assert.True(Encoding.UTF8.GetByteCount(text) > 64 * 1024);

        var paper = Assert.Single(Read(text, "controls.txt"));

        var all = paper.Title + string.Concat(paper.Sections.Select(s => s.Text));
        Assert.DoesNotContain(all, c => c < ' ' && c is not ('\n' or '\t') || c is >= '\u007f' and <= '\u009f');
        Assert.Contains("C-peptide was [31m preserved in all patients.", paper.Sections[^1].Text.Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void A_title_longer_than_the_limit_is_refused_with_the_setting_named()
    {
        var json = "{\"title\": \"" + new string('T', 10_000) + "\", \"abstract\": \"Islet transplantation restored insulin independence.\"}";

        var e = Assert.Throws<DocumentReadException>(() => Read(json, "huge-title.json"));

        Assert.Equal(DocumentErrorCode.LimitExceeded, e.Code);
        Assert.Contains("MaxTitleChars", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hello", "hello.txt")]
    [InlineData("a=b&c=d", "form.txt")]
    [InlineData("{\"title\": \"x\"}", "tiny.json")]
    public void Text_with_fewer_words_than_a_paper_is_refused(string text, string name)
    {
        var e = Assert.Throws<DocumentReadException>(() => Read(text, name));

        Assert.Equal(DocumentErrorCode.NoText, e.Code);
        Assert.Contains("MinWords", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_short_real_abstract_sentence_is_still_a_paper()
    {
        var paper = Assert.Single(Read("Islet transplantation\n\nTen of twelve recipients were insulin independent at one year.", "short.txt"));

        Assert.Equal("Islet transplantation", paper.Title);
    }
}
