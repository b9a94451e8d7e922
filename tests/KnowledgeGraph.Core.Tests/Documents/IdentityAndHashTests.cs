using System.Security.Cryptography;
using System.Text;
using KnowledgeGraph.Core.Documents;

namespace KnowledgeGraph.Core.Tests.Documents;

public class IdentityAndHashTests
{
    private const string Markdown = "# Stem cell-derived islets\n\nAuthors: A B\nYear: 2024\nDOI: 10.1000/XYZ.9\n\nZimislecel restored insulin production.\n";

    [Fact]
    public void Same_fields_in_json_and_markdown_hash_the_same_whatever_the_file_name()
    {
        var json = """{"title": "Stem cell-derived islets", "authors": ["A B"], "year": 2024, "doi": "doi:10.1000/xyz.9", "text": "Zimislecel restored insulin production."}""";

        var fromMd = Assert.Single(Fixtures.ReadText(Markdown, "a.md"));
        var fromJson = Assert.Single(Fixtures.ReadText(json, "other-name.json"));

        Assert.Equal(fromMd.ContentHash, fromJson.ContentHash);
        Assert.Equal("paper:doi:10.1000/xyz.9", fromMd.Id);
        Assert.Equal(fromMd.Id, fromJson.Id);
        Assert.Equal(64, fromMd.ContentHash.Length);
    }

    [Fact]
    public void Line_endings_and_trailing_spaces_do_not_change_the_hash_but_a_word_does()
    {
        var original = Assert.Single(Fixtures.ReadText(Markdown, "a.md"));
        var crlf = Assert.Single(Fixtures.ReadText(Markdown.Replace("\n", "  \r\n"), "a.md"));
        var edited = Assert.Single(Fixtures.ReadText(Markdown.Replace("restored", "improved"), "a.md"));

        Assert.Equal(original.ContentHash, crlf.ContentHash);
        Assert.NotEqual(original.ContentHash, edited.ContentHash);
        Assert.Equal(original.Id, edited.Id);
    }

    [Fact]
    public void Without_pmid_or_doi_the_id_is_the_sha256_prefix_of_the_normalised_full_text()
    {
        var paper = Assert.Single(Fixtures.ReadText("Tolerogenic dendritic cells\r\n\r\nAutologous tolDCs were safe.   \r\n", "t.txt"));

        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("Tolerogenic dendritic cells\n\nAutologous tolDCs were safe.")))[..16];
        Assert.Equal("paper:sha:" + expected, paper.Id);
        Assert.Equal("Tolerogenic dendritic cells\n\nAutologous tolDCs were safe.", paper.FullText);
    }

    [Fact]
    public void Pmid_wins_over_doi_for_the_id()
    {
        var paper = Assert.Single(Fixtures.ReadText("""{"title": "T", "doi": "10.1000/x", "pmid": "0042"}""", "p.json"));

        Assert.Equal("paper:pmid:42", paper.Id);
        Assert.Equal(["PMID:42", "DOI:10.1000/x"], paper.Publications);
    }

    [Fact]
    public void A_registry_status_change_changes_the_hash()
    {
        static string Study(string status) => """{"protocolSection": {"identificationModule": {"nctId": "NCT04786262", "briefTitle": "VX-880"}, "statusModule": {"overallStatus": "STATUS"}}}""".Replace("STATUS", status, StringComparison.Ordinal);

        var recruiting = Assert.Single(Fixtures.ReadText(Study("RECRUITING"), "s.json"));
        var completed = Assert.Single(Fixtures.ReadText(Study("COMPLETED"), "s.json"));

        Assert.Equal(recruiting.Id, completed.Id);
        Assert.NotEqual(recruiting.ContentHash, completed.ContentHash);
    }
}
