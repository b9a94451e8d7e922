using System.Text;
using KnowledgeGraph.Core.Documents;

namespace KnowledgeGraph.Core.Tests.Documents;

/// <summary>Line clean-up: the shortcut for text with nothing to fix gives what the full pass gives.</summary>
public class DocumentTextTests
{
    /// <summary>The full pass (split, trim each line, join, trim the ends), as it was before the shortcut.</summary>
    private static string FullPass(string text)
    {
        text = DocumentText.RemoveControls(text);
        var sb = new StringBuilder();
        foreach (var line in text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n')) sb.Append(line.TrimEnd()).Append('\n');
        return sb.ToString().Trim('\n', ' ', '\t');
    }

    [Fact]
    public void Normalised_lines_equal_the_full_pass_for_every_short_mix_of_text_and_white_space()
    {
        char[] alphabet = ['a', ' ', '\t', '\n', '\r', '\u00A0', '\u2028', '\u0085', 'b'];
        var random = new Random(20261130);
        for (var i = 0; i < 50_000; i++)
        {
            var chars = new char[random.Next(1, 14)];
            for (var j = 0; j < chars.Length; j++) chars[j] = alphabet[random.Next(alphabet.Length)];
            var text = new string(chars);
            Assert.Equal(FullPass(text), DocumentText.NormaliseLines(text));
        }
    }

    [Fact]
    public void Text_with_nothing_to_fix_comes_back_as_the_same_string()
    {
        const string text = "Background\nIslet transplantation restored insulin independence.\n\nResults: 7 of 10.";
        Assert.Same(text, DocumentText.NormaliseLines(text));
        Assert.Equal("a\nb", DocumentText.NormaliseLines("a \r\nb\t\n\n"));
    }
}
