using KnowledgeGraph.Core.Documents;

namespace KnowledgeGraph.Core.Tests.Documents;

public class JsonAndTextReaderTests
{
    [Fact]
    public void Json_object_with_author_objects_and_numeric_pmid_is_read()
    {
        var json = """
            {"title": "Autologous Tregs in new-onset T1D", "abstract": "Expanded <i>polyclonal</i> Tregs (NCT01210664) were safe.",
             "authors": [{"name": "Jeffrey A Bluestone"}, {"given": "Qizhi", "family": "Tang"}], "year": 2015,
             "journal": "Sci Transl Med", "doi": "https://doi.org/10.1126/SCITRANSLMED.AAD4134", "pmid": 26606968}
            """;

        var paper = Assert.Single(Fixtures.ReadText(json, "tregs.json"));

        Assert.Equal(DocumentFormat.Json, paper.Format);
        Assert.Equal("paper:pmid:26606968", paper.Id);
        Assert.Equal("10.1126/scitranslmed.aad4134", paper.Doi);
        Assert.Equal(["Jeffrey A Bluestone", "Qizhi Tang"], paper.Authors);
        Assert.Equal(2015, paper.Year);
        Assert.Equal("Expanded polyclonal Tregs (NCT01210664) were safe.", paper.Sections[1].Text);
        Assert.Equal(SectionKind.Abstract, paper.Sections[1].Kind);
    }

    [Fact]
    public void Json_array_yields_many_papers_and_a_missing_title_names_the_object()
    {
        Assert.Equal(2, Fixtures.ReadText("""[{"title": "Tregs in type 1 diabetes", "text": "Polyclonal Tregs were infused."}, {"title": "Islet grafts", "body": "Most recipients became insulin independent."}]""", "many.json").Count);

        var e = Fixtures.Fails("""[{"title": "Tregs preserve C-peptide in children"}, {"abstract": "no title"}]""", "many.json");
        Assert.Equal(DocumentErrorCode.Malformed, e.Code);
        Assert.Contains("object 2", e.Message);
        Assert.Contains("\"title\"", e.Message);
    }

    [Fact]
    public void Invalid_json_reports_the_line()
    {
        var e = Fixtures.Fails("{\n\"title\": \"A\",\n\"abstract\": }", "bad.json");

        Assert.Equal(DocumentErrorCode.Malformed, e.Code);
        Assert.Contains("line 3", e.Message);
    }

    [Fact]
    public void Markdown_headings_become_sections_and_doi_and_pmid_are_found_in_the_text()
    {
        var md = """
            # Islet transplantation after the **Edmonton protocol**

            Authors: A. M. Shapiro, J. Lakey
            Year: 2000

            Seven patients with type 1 diabetes received islets. See [the paper](https://doi.org/10.1056/NEJM200007273430401), PMID: 10911004.

            ## Methods
            Islets from two donors, steroid-free immunosuppression.

            ## Results and discussion
            All seven were insulin independent at one year.
            """;

        var paper = Assert.Single(Fixtures.ReadText(md, "edmonton.md"));

        Assert.Equal(DocumentFormat.Markdown, paper.Format);
        Assert.Equal("Islet transplantation after the Edmonton protocol", paper.Title);
        Assert.Equal(["A. M. Shapiro", "J. Lakey"], paper.Authors);
        Assert.Equal(2000, paper.Year);
        Assert.Equal("10911004", paper.Pmid);
        Assert.Equal("10.1056/nejm200007273430401", paper.Doi);
        Assert.Equal([SectionKind.Title, SectionKind.Body, SectionKind.Methods, SectionKind.Results], paper.Sections.Select(s => s.Kind));
        Assert.Equal("Results and discussion", paper.Sections[3].Label);
        Assert.Contains("See the paper, PMID", paper.Sections[1].Text);
    }

    [Fact]
    public void Plain_text_title_is_the_first_line_and_only_bare_heading_lines_split_sections()
    {
        var text = "\n\nMesenchymal stromal cells in recent-onset T1D\n\nBackground:\nMSCs are immunomodulatory.\nResults were encouraging in this line.\nConclusions\nC-peptide was preserved.\n";

        var paper = Assert.Single(Fixtures.ReadText(text, "msc.txt"));

        Assert.Equal(DocumentFormat.PlainText, paper.Format);
        Assert.Equal("Mesenchymal stromal cells in recent-onset T1D", paper.Title);
        Assert.Equal([SectionKind.Title, SectionKind.Background, SectionKind.Conclusions], paper.Sections.Select(s => s.Kind));
        // Hard-wrapped lines of a paragraph are unwrapped; the sentence that merely starts with "Results" stays text.
        Assert.Equal("MSCs are immunomodulatory. Results were encouraging in this line.", paper.Sections[1].Text);
        Assert.StartsWith("paper:sha:", paper.Id);
        Assert.Equal(16, paper.Id["paper:sha:".Length..].Length);
    }
}
