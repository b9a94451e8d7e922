using KnowledgeGraph.Core.Documents;

namespace KnowledgeGraph.Core.Tests.Documents;

public class SemanticScholarRecordTests
{
    private const string Seed = "seed_semantic_scholar_000_9072b94603e409bc.txt";

    [Fact]
    public void Seed_is_detected_as_a_semantic_scholar_record()
    {
        Assert.Equal(DocumentFormat.SemanticScholarRecord, DocumentReader.Detect(Fixtures.Bytes(Seed), "000_9072b94603e409bc.txt"));
    }

    [Fact]
    public void Seed_metadata_is_read_from_the_json_line_and_authors_line()
    {
        var paper = Fixtures.ReadOne(Seed);

        Assert.Equal("Cell Therapy for Type 1 Diabetes Mellitus: a Review of Clinical Trials.", paper.Title);
        Assert.Equal("10.1007/s10517-025-06444-5", paper.Doi);
        Assert.Equal("paper:doi:10.1007/s10517-025-06444-5", paper.Id);
        Assert.Equal(2025, paper.Year);
        Assert.Equal("Bulletin of Experimental Biology and Medicine", paper.Journal);
        Assert.Equal(6, paper.Authors.Count);
        Assert.Equal("M I Danilevskii", paper.Authors[0]);
        Assert.Equal("A V Lyundup", paper.Authors[5]);
        Assert.Null(paper.Pmid);
        Assert.Equal(["DOI:10.1007/s10517-025-06444-5"], paper.Publications);
    }

    [Fact]
    public void Seed_text_is_the_abstract_without_the_journal_description_or_citation_count()
    {
        var paper = Fixtures.ReadOne(Seed);

        Assert.Equal([SectionKind.Title, SectionKind.Abstract], paper.Sections.Select(s => s.Kind));
        var text = paper.Sections[1].Text;
        Assert.StartsWith("The article provides a review of cell therapy strategies", text);
        Assert.EndsWith("The limitations and possibilities of cell therapy strategies for type 1 diabetes mellitus are analyzed.", text);
        Assert.DoesNotContain("期刊介绍", paper.FullText);
        Assert.DoesNotContain("引用次数", paper.FullText);
        Assert.DoesNotContain("peer reviewed research papers", paper.FullText);
        Assert.DoesNotContain("<p>", paper.FullText);
    }

    [Fact]
    public void Record_without_an_abstract_line_falls_back_to_the_json_abstract_with_tags_stripped()
    {
        var record = "{\"title\":\"Tregs in T1D\",\"authors\":\"A One, B Two\",\"abstract\":\"<p><p>Polyclonal Tregs &amp; C-peptide.</p>\",\"publicationDate\":\"2019-03-01\",\"journal\":{\"name\":\"J X\"}}\n引用次数: 3\n期刊介绍:\nA journal about everything.";

        var paper = Assert.Single(Fixtures.ReadText(record, "record.txt"));

        Assert.Equal(DocumentFormat.SemanticScholarRecord, paper.Format);
        Assert.Equal("Polyclonal Tregs & C-peptide.", paper.Sections[1].Text);
        Assert.Equal(["A One", "B Two"], paper.Authors);
        Assert.Equal(2019, paper.Year);
        Assert.DoesNotContain("journal about everything", paper.FullText);
    }

    [Fact]
    public void Broken_metadata_json_names_the_line()
    {
        var e = Fixtures.Fails("A Author, B Author\n{\"title\": \"x\", \n引用次数: 0\nAbstract\ntext", "bad.txt");

        Assert.Equal(DocumentErrorCode.Malformed, e.Code);
        Assert.Contains("line 2", e.Message);
        Assert.Contains("not valid JSON", e.Message);
    }
}
