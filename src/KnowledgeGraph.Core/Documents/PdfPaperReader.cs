using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;

namespace KnowledgeGraph.Core.Documents;

/// <summary>
/// PDF via PdfPig: words (nearest-neighbour), blocks (Docstrum) and reading order (unsupervised detector) per page, so
/// two-column layouts read column by column. Running headers and footers (lines repeated on most pages) and page
/// numbers are dropped, words hyphenated at a line end are rejoined, and lines that name a section ("Methods",
/// "2. Results") start a section. Title: the PDF metadata title, else the largest-font line on page 1.
/// </summary>
internal static partial class PdfPaperReader
{
    private const string Format = "PDF";

    private sealed record PdfLine(string Text, double FontSize);

    public static List<PaperDocument> Read(ReadOnlyMemory<byte> content, ReadContext ctx)
    {
        PdfDocument pdf;
        try
        {
            pdf = PdfDocument.Open(content.ToArray(), new ParsingOptions { UseLenientParsing = true });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new DocumentReadException(DocumentErrorCode.Malformed, $"{Format}: '{ctx.SourceName}' cannot be opened: {e.Message}", e);
        }

        using (pdf)
        {
            if (pdf.NumberOfPages > ctx.Limits.MaxPdfPages)
            {
                throw new DocumentReadException(DocumentErrorCode.LimitExceeded,
                    $"{Format}: '{ctx.SourceName}' has {pdf.NumberOfPages} pages; the limit is {ctx.Limits.MaxPdfPages} (KG:Ingestion:MaxPdfPages)");
            }

            PdfStreamBudget.Check(pdf, ctx);
            var pages = new List<List<PdfLine>>(pdf.NumberOfPages);
            foreach (var page in pdf.GetPages())
            {
                ctx.Token.ThrowIfCancellationRequested();
                // Word and block detection grow faster than the glyphs they group: a page drawing far more glyphs
                // than any real page (a text-operator bomb, or a form drawn thousands of times) stops here.
                if (page.Letters.Count > ctx.Limits.MaxPdfGlyphsPerPage)
                {
                    throw new DocumentReadException(DocumentErrorCode.LimitExceeded,
                        $"{Format}: page {page.Number} of '{ctx.SourceName}' draws {page.Letters.Count:N0} glyphs; the limit is {ctx.Limits.MaxPdfGlyphsPerPage:N0} (KG:Ingestion:MaxPdfGlyphsPerPage)");
                }

                pages.Add(PageLines(page));
            }

            if (pages.All(p => p.Count == 0))
            {
                throw new DocumentReadException(DocumentErrorCode.NoText,
                    $"{Format}: '{ctx.SourceName}' has no extractable text on its {pages.Count} page(s) (scanned? no text layer; run OCR first)");
            }

            var repeated = RunningLines(pages);
            var kept = pages.Select(p => p.Where(l => !repeated.Contains(Shape(l.Text)) && !PageNumber().IsMatch(l.Text)).ToList()).ToList();

            var metaTitle = pdf.Information.Title;
            var title = !string.IsNullOrWhiteSpace(metaTitle) ? metaTitle.Trim() : LargestLine(kept);
            var sections = Sections(kept.SelectMany(p => p), title);
            var text = string.Join("\n", sections.Select(s => s.Text));
            var fields = new PaperFields(title, Authors(pdf.Information.Author), null, null, DocumentText.FindDoi(text), DocumentText.FindPmid(text), sections);
            return [PaperAssembler.Build(fields, ctx, DocumentFormat.Pdf)];
        }
    }

    private static List<PdfLine> PageLines(Page page)
    {
        var words = page.GetWords(NearestNeighbourWordExtractor.Instance).Where(w => !string.IsNullOrWhiteSpace(w.Text)).ToList();
        if (words.Count == 0)
        {
            return [];
        }

        var blocks = DocstrumBoundingBoxes.Instance.GetBlocks(words);
        var ordered = UnsupervisedReadingOrderDetector.Instance.Get(blocks);
        var lines = new List<PdfLine>();
        foreach (var block in ordered)
        {
            foreach (var line in block.TextLines)
            {
                var size = line.Words.SelectMany(w => w.Letters).Select(l => l.PointSize).DefaultIfEmpty(0).Max();
                lines.Add(new PdfLine(line.Text.Trim(), size));
            }

            // An empty line marks the end of a block, i.e. of a paragraph.
            lines.Add(new PdfLine("", 0));
        }

        return lines;
    }

    /// <summary>Lines (digits ignored, so "Page 3" matches "Page 4") found on more than half of the pages, at least two: running headers and footers.</summary>
    private static HashSet<string> RunningLines(List<List<PdfLine>> pages)
    {
        var counts = new Dictionary<string, int>();
        foreach (var shape in pages.SelectMany(p => p.Where(l => l.Text.Length > 0).Select(l => Shape(l.Text)).Distinct()))
        {
            counts[shape] = counts.GetValueOrDefault(shape) + 1;
        }

        var threshold = Math.Max(2, pages.Count / 2 + 1);
        return [.. counts.Where(c => c.Value >= threshold).Select(c => c.Key)];
    }

    private static string Shape(string line) => Digits().Replace(line.Trim(), "#");

    private static string LargestLine(List<List<PdfLine>> pages)
    {
        var first = pages.FirstOrDefault(p => p.Any(l => l.Text.Length > 0)) ?? [];
        return first.Where(l => l.Text.Length > 0).MaxBy(l => l.FontSize)?.Text ?? "";
    }

    private static List<DocumentSection> Sections(IEnumerable<PdfLine> lines, string title)
    {
        var sections = new List<DocumentSection>();
        var paragraphs = new List<string>();
        var paragraph = new StringBuilder();
        var kind = SectionKind.Body;
        string? label = null;
        var titleSkipped = false;

        void EndParagraph()
        {
            if (paragraph.Length > 0)
            {
                paragraphs.Add(paragraph.ToString());
                paragraph.Clear();
            }
        }

        void EndSection()
        {
            EndParagraph();
            if (paragraphs.Count > 0)
            {
                sections.Add(new DocumentSection(kind, string.Join("\n\n", paragraphs), label));
                paragraphs.Clear();
            }
        }

        foreach (var line in lines)
        {
            if (line.Text.Length == 0)
            {
                EndParagraph();
                continue;
            }

            // The title is its own section already.
            if (!titleSkipped && string.Equals(line.Text, title, StringComparison.Ordinal))
            {
                titleSkipped = true;
                continue;
            }

            var heading = Heading().Match(line.Text);
            if (heading.Success && SectionKinds.IsBareHeading(heading.Groups[1].Value) && SectionKinds.FromHeading(heading.Groups[1].Value) is { } headingKind)
            {
                EndSection();
                kind = headingKind;
                label = heading.Groups[1].Value;
                continue;
            }

            AppendLine(paragraph, line.Text);
        }

        EndSection();
        return sections;
    }

    /// <summary>Joins a line to its paragraph, rejoining a word split by a hyphen at the line end ("insu-" + "lin" is "insulin").</summary>
    private static void AppendLine(StringBuilder paragraph, string line)
    {
        if (paragraph.Length == 0)
        {
            paragraph.Append(line);
            return;
        }

        var endsWithHyphen = paragraph.Length >= 2 && paragraph[^1] == '-' && char.IsLetter(paragraph[^2]);
        if (endsWithHyphen && char.IsLower(line[0]))
        {
            paragraph.Length--;
            paragraph.Append(line);
        }
        else
        {
            paragraph.Append(' ').Append(line);
        }
    }

    private static List<string> Authors(string? author) =>
        string.IsNullOrWhiteSpace(author) ? [] : [.. author.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();

    [GeneratedRegex(@"^\s*(?:page\s+)?\d+(?:\s*(?:of|/)\s*\d+)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex PageNumber();

    // "Methods", "2. Results", "RESULTS AND DISCUSSION": short, no sentence punctuation.
    [GeneratedRegex(@"^(?:\d+(?:\.\d+)*\.?\s+)?([A-Za-z][A-Za-z &/]{2,40})$")]
    private static partial Regex Heading();
}
