using KnowledgeGraph.Core.Documents;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace KnowledgeGraph.Core.Tests.Documents;

public class PdfReaderTests
{
    /// <summary>A page: lines top to bottom, each (text, font size).</summary>
    internal static byte[] BuildPdf(IReadOnlyList<IReadOnlyList<(string Text, double Size)>> pages, string? metadataTitle = null)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        if (metadataTitle is not null)
        {
            builder.DocumentInformation.Title = metadataTitle;
        }

        foreach (var lines in pages)
        {
            var page = builder.AddPage(PageSize.A4);
            var y = 800.0;
            foreach (var (text, size) in lines)
            {
                if (text.Length > 0)
                {
                    page.AddText(text, size, new PdfPoint(60, y), font);
                }

                // A blank entry is a paragraph gap.
                y -= text.Length == 0 ? size * 2.5 : size * 1.4;
            }
        }

        return builder.Build();
    }

    private static readonly (string, double)[] Header = [("Journal of Islet Research 2024 Vol 3", 8), ("", 8)];

    private static byte[] ThreePagePaper() => BuildPdf(
    [
        [.. Header, ("Encapsulated stem cell-derived islets", 18), ("", 10),
            ("Abstract", 12),
            ("Encapsulated islets restored endogenous insu-", 10),
            ("lin secretion in three of five participants.", 10), ("", 10),
            ("Page 1", 8)],
        [.. Header, ("Methods", 12),
            ("Participants received a macroencapsulation device.", 10),
            ("DOI 10.1000/jir.2024.17", 10), ("", 10),
            ("Page 2", 8)],
        [.. Header, ("Results", 12),
            ("C-peptide was detectable at month six.", 10), ("", 10),
            ("Page 3", 8)],
    ]);

    [Fact]
    public void Multi_page_pdf_reads_in_order_without_running_headers_or_page_numbers()
    {
        var paper = Assert.Single(new DocumentReader().Read(ThreePagePaper(), "islets.pdf"));

        Assert.Equal(DocumentFormat.Pdf, paper.Format);
        Assert.Equal("Encapsulated stem cell-derived islets", paper.Title);
        Assert.DoesNotContain("Journal of Islet Research", paper.FullText);
        Assert.DoesNotContain("Page 2", paper.FullText);
        Assert.Equal([SectionKind.Title, SectionKind.Abstract, SectionKind.Methods, SectionKind.Results], paper.Sections.Select(s => s.Kind));
        Assert.Equal("10.1000/jir.2024.17", paper.Doi);
        Assert.Equal("C-peptide was detectable at month six.", paper.Sections[3].Text);
    }

    [Fact]
    public void Word_hyphenated_at_a_line_end_is_rejoined()
    {
        var paper = Assert.Single(new DocumentReader().Read(ThreePagePaper(), "islets.pdf"));

        Assert.Equal("Encapsulated islets restored endogenous insulin secretion in three of five participants.", paper.Sections[1].Text);
    }

    [Fact]
    public void Metadata_title_wins_over_the_largest_line()
    {
        var pdf = BuildPdf([[("Big words on the page", 20), ("Mesenchymal stromal cells preserved C-peptide.", 10)]], metadataTitle: "MSCs in new-onset T1D");

        var paper = Assert.Single(new DocumentReader().Read(pdf, "msc.pdf"));

        Assert.Equal("MSCs in new-onset T1D", paper.Title);
        Assert.Contains("Mesenchymal stromal cells preserved C-peptide.", paper.FullText);
    }

    [Fact]
    public void Pdf_without_a_text_layer_is_no_text()
    {
        var pdf = BuildPdf([[], []]);

        var e = Assert.Throws<DocumentReadException>(() => new DocumentReader().Read(pdf, "scan.pdf"));

        Assert.Equal(DocumentErrorCode.NoText, e.Code);
        Assert.Contains("no text layer", e.Message);
    }

    [Fact]
    public void Pdf_over_the_page_limit_is_refused()
    {
        var e = Assert.Throws<DocumentReadException>(() => new DocumentReader(new ReaderLimits(MaxPdfPages: 2)).Read(ThreePagePaper(), "long.pdf"));

        Assert.Equal(DocumentErrorCode.LimitExceeded, e.Code);
        Assert.Contains("MaxPdfPages", e.Message);
    }
}
