using System.Text;
using System.Text.Json;

namespace KnowledgeGraph.Core.Documents;

/// <summary>
/// The Semantic Scholar-style record the project's seed uses: an authors line, a JSON metadata line, then
/// <c>引用次数: N</c> (citation count), <c>Abstract</c>, the abstract text, and <c>期刊介绍:</c> (journal introduction)
/// followed by a description of the journal. The journal description is not the paper's text and is dropped.
/// The authors line may be missing (JSON on line 1).
/// </summary>
internal static class SemanticScholarRecordReader
{
    private const string Format = "Semantic Scholar record";

    // Lines that end the paper's own text: what follows describes the journal.
    private static readonly string[] JournalDescriptionMarkers = ["期刊介绍", "Journal introduction", "About the journal"];

    public static List<PaperDocument> Read(string text, ReadContext ctx)
    {
        var lines = DocumentText.NormaliseLines(text).Split('\n');
        var jsonLine = Array.FindIndex(lines, l => l.TrimStart().StartsWith('{'));
        if (jsonLine < 0 || jsonLine > 1)
        {
            throw new DocumentReadException(DocumentErrorCode.Malformed,
                $"{Format}: '{ctx.SourceName}' has no JSON metadata object on line 1 or 2");
        }

        using var doc = SafeJson.Parse(Encoding.UTF8.GetBytes(lines[jsonLine]), ctx, Format, $"line {jsonLine + 1} of '{ctx.SourceName}'");
        var meta = doc.RootElement;
        if (meta.ValueKind != JsonValueKind.Object)
        {
            throw new DocumentReadException(DocumentErrorCode.Malformed, $"{Format}: line {jsonLine + 1} of '{ctx.SourceName}' is not a JSON object");
        }

        var title = meta.Str("title")
            ?? throw new DocumentReadException(DocumentErrorCode.Malformed, $"{Format}: the metadata on line {jsonLine + 1} of '{ctx.SourceName}' has no \"title\"");

        var authorsText = jsonLine == 1 && lines[0].Trim().Length > 0 ? lines[0] : meta.Str("authors");
        var authors = authorsText is null
            ? meta.Items("authors").Select(a => a.ValueKind == JsonValueKind.String ? a.GetString() : a.Str("name")).OfType<string>().ToList()
            : [.. authorsText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

        var body = PaperText(lines.AsSpan(jsonLine + 1));
        var abstractText = body ?? DocumentText.StripHtml(meta.Str("abstract"));
        List<DocumentSection> sections = string.IsNullOrWhiteSpace(abstractText) ? [] : [new DocumentSection(SectionKind.Abstract, abstractText)];

        var journal = meta.Str("journal", "name") ?? meta.Str("journal") ?? meta.Str("PeriodicalName") ?? meta.Str("venue");
        var year = DocumentText.FindYear(meta.Str("publicationDate")) ?? meta.Int("year");
        var doi = meta.Str("doi") ?? meta.Str("DOIUrl") ?? meta.Str("ListUrlMain");
        var pmid = meta.Str("pmid") ?? meta.Str("PMID");
        var fields = new PaperFields(title, authors, year, journal, doi, pmid, sections)
        {
            Subjects = meta.Strings("fieldsOfStudy"),
        };
        return [PaperAssembler.Build(fields, ctx, DocumentFormat.SemanticScholarRecord)];
    }

    /// <summary>The text after the <c>Abstract</c> line, up to the journal description; null when there is none.</summary>
    private static string? PaperText(ReadOnlySpan<string> rest)
    {
        var start = -1;
        for (var i = 0; i < rest.Length; i++)
        {
            if (rest[i].Trim().Equals("Abstract", StringComparison.OrdinalIgnoreCase))
            {
                start = i + 1;
                break;
            }
        }

        if (start < 0)
        {
            return null;
        }

        var kept = new List<string>();
        foreach (var line in rest[start..])
        {
            if (JournalDescriptionMarkers.Any(m => line.TrimStart().StartsWith(m, StringComparison.OrdinalIgnoreCase)))
            {
                break;
            }

            kept.Add(line);
        }

        var text = DocumentText.NormaliseLines(string.Join('\n', kept));
        return text.Length > 0 ? text : null;
    }
}
