using System.Text.Json;
using System.Text.RegularExpressions;

namespace KnowledgeGraph.Core.Documents;

/// <summary>
/// Decides the format from the content itself: the PDF signature, the XML root element, the JSON shape, a metadata
/// JSON line, Markdown headings. The file extension only breaks the tie between Markdown and plain text, so a
/// PubMed XML file named <c>.txt</c> is still read as PubMed XML.
/// </summary>
internal static partial class FormatDetector
{
    private const int HeadChars = 64 * 1024;

    public static DocumentFormat Detect(ReadOnlySpan<byte> content, string sourceName)
    {
        // The PDF header may sit anywhere in the first 1024 bytes (PDF 32000-1, 7.5.2 allows leading junk).
        if (content[..Math.Min(content.Length, 1024)].IndexOf("%PDF-"u8) >= 0)
        {
            return DocumentFormat.Pdf;
        }

        var text = TextDecoding.Decode(content, sourceName);
        var head = text.AsSpan(0, Math.Min(text.Length, HeadChars));
        if (!TextDecoding.LooksLikeText(head))
        {
            throw new DocumentReadException(DocumentErrorCode.UnknownFormat,
                $"'{sourceName}' contains control characters: binary data, not text, XML, JSON or PDF");
        }

        var trimmed = head.TrimStart();
        if (trimmed.IsEmpty)
        {
            throw new DocumentReadException(DocumentErrorCode.Empty, $"'{sourceName}' is empty");
        }

        return trimmed[0] switch
        {
            '<' => DetectXml(trimmed.ToString(), sourceName),
            '{' or '[' => DetectJson(text.TrimStart()),
            _ => DetectText(text, sourceName),
        };
    }

    private static DocumentFormat DetectXml(string head, string sourceName)
    {
        var root = RootElement().Match(head);
        var name = root.Success ? root.Groups[1].Value : null;
        return name switch
        {
            "PubmedArticleSet" or "PubmedArticle" => DocumentFormat.PubMedXml,
            "article" => DocumentFormat.JatsXml,
            "clinical_study" => DocumentFormat.ClinicalTrialsXml,
            null => throw new DocumentReadException(DocumentErrorCode.UnknownFormat,
                $"'{sourceName}' starts like XML but has no root element"),
            _ => throw new DocumentReadException(DocumentErrorCode.UnknownFormat,
                $"'{sourceName}': XML root <{name}> is not a PubMed (<PubmedArticleSet>), JATS (<article>) or ClinicalTrials.gov (<clinical_study>) document"),
        };
    }

    private static DocumentFormat DetectJson(string text)
    {
        // A Semantic Scholar record without its authors line: one complete JSON object on line 1, text after it.
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        if (text[0] == '{' && newline > 1 && !string.IsNullOrWhiteSpace(text[newline..]) && IsJsonObject(text[..newline]))
        {
            return DocumentFormat.SemanticScholarRecord;
        }

        return text.Contains("\"protocolSection\"", StringComparison.Ordinal) ? DocumentFormat.ClinicalTrialsJson : DocumentFormat.Json;
    }

    private static DocumentFormat DetectText(string text, string sourceName)
    {
        // Semantic Scholar record: an authors line, then a JSON metadata object on the next non-empty line.
        var lines = text.Split('\n', 3);
        if (lines.Length >= 2 && lines[1].TrimStart().StartsWith('{'))
        {
            return DocumentFormat.SemanticScholarRecord;
        }

        var ext = Path.GetExtension(sourceName).ToLowerInvariant();
        return ext is ".md" or ".markdown" || MarkdownHeading().IsMatch(text) ? DocumentFormat.Markdown : DocumentFormat.PlainText;
    }

    private static bool IsJsonObject(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // First element start that is not a declaration, comment, DOCTYPE or processing instruction.
    [GeneratedRegex(@"<(?![?!/])([A-Za-z_][\w.:-]*)")]
    private static partial Regex RootElement();

    [GeneratedRegex(@"^#{1,6}[ \t]+\S", RegexOptions.Multiline)]
    private static partial Regex MarkdownHeading();
}
