using KnowledgeGraph.Core.Documents;

namespace KnowledgeGraph.Core.Tests.Documents;

/// <summary>The demo folder samples/papers must read without error, each in the format it is meant to show.</summary>
public class SamplePapersTests
{
    private static IReadOnlyList<PaperDocument> ReadSample(string name)
    {
        var path = Path.Combine(Repo.Root, "samples", "papers", name);
        return new DocumentReader().Read(File.ReadAllBytes(path), name);
    }

    public static TheoryData<string, DocumentFormat, int> Samples => new()
    {
        { "000_9072b94603e409bc.txt", DocumentFormat.SemanticScholarRecord, 1 },
        { "edmonton_protocol_islet_transplantation.md", DocumentFormat.Markdown, 1 },
        { "polyclonal_tregs_phase1.json", DocumentFormat.Json, 1 },
        { "msc_new_onset_t1d_abstract.txt", DocumentFormat.PlainText, 1 },
        { "pubmed_islet_and_ahsct_set.xml", DocumentFormat.PubMedXml, 2 },
        { "ctgov_v2_NCT04786262_vx880.json", DocumentFormat.ClinicalTrialsJson, 1 },
        { "ctgov_v2_NCT01210664_polyclonal_tregs.json", DocumentFormat.ClinicalTrialsJson, 1 },
        { "ctgov_v2_NCT02239354_vc01.json", DocumentFormat.ClinicalTrialsJson, 1 },
        { "ctgov_legacy_xml_NCT00315133_ahsct.xml", DocumentFormat.ClinicalTrialsXml, 1 },
        { "encapsulated_pancreatic_endoderm_summary.pdf", DocumentFormat.Pdf, 1 },
        { "toldc_phase1_jats.nxml", DocumentFormat.JatsXml, 1 },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_reads_in_its_format_with_text(string name, DocumentFormat format, int papers)
    {
        var read = ReadSample(name);

        Assert.Equal(papers, read.Count);
        Assert.All(read, p => Assert.Equal(format, p.Format));
        Assert.All(read, p => Assert.True(p.Sections.Count >= 2, $"{p.Id} has no text besides its title"));
    }

    [Fact]
    public void Every_paper_file_in_the_folder_is_covered()
    {
        var files = Directory.GetFiles(Path.Combine(Repo.Root, "samples", "papers"))
            .Select(f => Path.GetFileName(f)).Where(n => n != "README.md").Order().ToList();

        Assert.Equal(Samples.Select(row => (string)row[0]).Order().ToList(), files);
    }

    [Fact]
    public void Sample_ids_are_distinct_and_use_pmid_doi_or_registry_keys()
    {
        var all = Samples.SelectMany(row => ReadSample((string)row[0])).ToList();

        Assert.Equal(all.Count, all.Select(p => p.Id).Distinct().Count());
        Assert.Contains("paper:pmid:10911004", all.Select(p => p.Id));
        Assert.Contains("paper:pmid:17005949", all.Select(p => p.Id));
        Assert.Contains("paper:pmid:17426273", all.Select(p => p.Id));
        Assert.Contains("registry:NCT04786262", all.Select(p => p.Id));
    }

    [Fact]
    public void Vx880_sample_is_a_phase_1_2_registry_record()
    {
        var trial = Assert.Single(ReadSample("ctgov_v2_NCT04786262_vx880.json")).Trial!;

        Assert.Equal("PHASE1/PHASE2", trial.Phase);
        Assert.Equal("Vertex Pharmaceuticals Incorporated", trial.Sponsor);
        Assert.Equal(37, trial.Enrollment);
        Assert.Equal(5, trial.OutcomeMeasures.Count);
    }

    [Fact]
    public void Pdf_sample_drops_its_running_header_and_rejoins_hyphenated_words()
    {
        var paper = Assert.Single(ReadSample("encapsulated_pancreatic_endoderm_summary.pdf"));

        Assert.Equal("Stem cell-derived pancreatic endoderm in an encapsulation device for type 1 diabetes", paper.Title);
        Assert.DoesNotContain("not a published article", paper.FullText);
        Assert.Contains("type 1 diabetes who received immunosuppression", paper.FullText);
        Assert.Contains("six months after implantation", paper.FullText);
        Assert.Equal([SectionKind.Title, SectionKind.Abstract, SectionKind.Methods, SectionKind.Results, SectionKind.Conclusions],
            paper.Sections.Select(s => s.Kind));
    }
}
