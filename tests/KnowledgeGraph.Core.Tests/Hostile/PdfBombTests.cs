using System.Text;
using KnowledgeGraph.Core.Documents;

namespace KnowledgeGraph.Core.Tests.Hostile;

/// <summary>
/// PDF inputs whose decoded size or drawing work is out of all proportion to their bytes. Each bomb is small on disk
/// and would cost hundreds of megabytes to gigabytes if decoded; the reader must refuse it early, with the limit named,
/// using a small, bounded amount of memory.
/// </summary>
public sealed class PdfBombTests
{
    private static readonly DocumentReader Reader = new();

    [Fact]
    public void A_flate_decompression_bomb_is_refused_before_any_page_is_parsed_in_bounded_memory()
    {
        // 256 MB of one repeated operator line, about 250 KB compressed.
        var line = Encoding.ASCII.GetBytes("0 0 m 1 1 l S\n");
        var content = new byte[256 * 1024 * 1024];
        for (var i = 0; i < content.Length; i++) content[i] = line[i % line.Length];
        var pdf = PdfBuilder.OnePage(PdfBuilder.Flate(content), "FlateDecode");
        content = null!;
        GC.Collect();
        Assert.True(pdf.Length < 2 * 1024 * 1024, $"the bomb should be small on disk: {pdf.Length:N0} bytes");

        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<DocumentReadException>(() => Reader.Read(pdf, "bomb.pdf"));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(DocumentErrorCode.LimitExceeded, e.Code);
        Assert.Contains("MaxPdfStreamBytes", e.Message, StringComparison.Ordinal);
        // Decoding it for real would take 256 MB; the check streams it and stops at the 16 MB limit.
        Assert.True(allocated < 48L * 1024 * 1024, $"allocated {allocated:N0} bytes to refuse it");
    }

    [Fact]
    public void A_run_length_bomb_is_refused_from_its_length_bytes_alone()
    {
        // Each 2-byte run stands for 128 bytes: 1 MB of runs is 64 MB decoded.
        var runs = new byte[1024 * 1024 + 1];
        for (var i = 0; i + 1 < runs.Length; i += 2) (runs[i], runs[i + 1]) = (129, (byte)' ');
        runs[^1] = 128;
        var pdf = PdfBuilder.OnePage(runs, "RunLengthDecode");

        var e = Assert.Throws<DocumentReadException>(() => Reader.Read(pdf, "rl-bomb.pdf"));

        Assert.Equal(DocumentErrorCode.LimitExceeded, e.Code);
        Assert.Contains("MaxPdfStreamBytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_streams_together_are_bounded_too()
    {
        var pdf = PdfBuilder.WithText("Islet transplantation restored insulin independence in most recipients with type 1 diabetes.");

        var e = Assert.Throws<DocumentReadException>(() => new DocumentReader(new ReaderLimits(MaxPdfDecodedBytes: 20)).Read(pdf, "small.pdf"));

        Assert.Equal(DocumentErrorCode.LimitExceeded, e.Code);
        Assert.Contains("MaxPdfDecodedBytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_drawing_more_glyphs_than_any_paper_is_refused_before_layout_analysis()
    {
        // 150,000 glyphs in one show-text operator: 150 KB decoded, far under the stream limits.
        var pdf = PdfBuilder.OnePage(PdfBuilder.Flate(Encoding.ASCII.GetBytes($"BT /F1 1 Tf 0 700 Td [({new string('a', 150_000)})] TJ ET")), "FlateDecode");

        var e = Assert.Throws<DocumentReadException>(() => Reader.Read(pdf, "glyphs.pdf"));

        Assert.Equal(DocumentErrorCode.LimitExceeded, e.Code);
        Assert.Contains("MaxPdfGlyphsPerPage", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ordinary_pdf_under_every_limit_is_read()
    {
        var pdf = PdfBuilder.WithText("Islet transplantation restored insulin independence in most recipients with type 1 diabetes.");

        var paper = Assert.Single(Reader.Read(pdf, "ok.pdf"));

        Assert.Contains("insulin independence", string.Join(" ", paper.Sections.Select(s => s.Text)), StringComparison.Ordinal);
    }
}
