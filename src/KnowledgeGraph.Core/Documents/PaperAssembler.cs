using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace KnowledgeGraph.Core.Documents;

/// <summary>
/// The fields a format reader found, before ids and hashes are derived. Readers fill this; <see cref="PaperAssembler"/>
/// turns it into a <see cref="PaperDocument"/> so every format follows the same id and hash rules.
/// </summary>
internal sealed record PaperFields(
    string Title,
    IReadOnlyList<string> Authors,
    int? Year,
    string? Journal,
    string? Doi,
    string? Pmid,
    IReadOnlyList<DocumentSection> BodySections)
{
    public IReadOnlyList<string> Subjects { get; init; } = [];

    public TrialRecord? Trial { get; init; }
}

/// <summary>
/// Builds <see cref="PaperDocument"/>s. The id and the content hash are graph keys, so the rules are exact:
/// <list type="bullet">
/// <item><c>Id</c>: <c>registry:&lt;NCTID&gt;</c> for a registry record; else <c>paper:pmid:&lt;digits&gt;</c> when a PMID
/// is known; else <c>paper:doi:&lt;lower-case DOI&gt;</c>; else <c>paper:sha:&lt;first 16 lower-case hex chars of SHA-256
/// of the UTF-8 normalised full text&gt;</c> (full text = the sections' texts, title first, joined by blank lines).</item>
/// <item><c>ContentHash</c>: lower-case hex SHA-256 over a canonical UTF-8 string of title, authors, year, journal,
/// DOI, PMID, the trial record (as JSON), subjects and every section as kind + label + text, each field on its own tagged line. Source name
/// and format are deliberately left out, so identical content read from a different file or format hashes the same.</item>
/// </list>
/// All text is normalised first: \r\n and \r become \n, trailing whitespace per line is removed, outer blank lines are trimmed.
/// </summary>
internal static class PaperAssembler
{
    public static PaperDocument Build(PaperFields fields, ReadContext ctx, DocumentFormat format)
    {
        var source = ctx.SourceName;
        var limits = ctx.Limits;
        var title = DocumentText.CollapseWhitespace(fields.Title);
        if (title.Length == 0)
        {
            throw new DocumentReadException(DocumentErrorCode.Malformed, $"{format}: '{source}' has no title");
        }

        RequireAtMost(title.Length, limits.MaxTitleChars, "title", nameof(ReaderLimits.MaxTitleChars), format, source);

        var sections = new List<DocumentSection> { new(SectionKind.Title, title) };
        foreach (var s in fields.BodySections)
        {
            var text = DocumentText.NormaliseLines(s.Text);
            if (text.Length > 0)
            {
                sections.Add(s with { Text = text, Label = string.IsNullOrWhiteSpace(s.Label) ? null : DocumentText.CollapseWhitespace(s.Label) });
            }
        }

        var authors = fields.Authors.Select(DocumentText.CollapseWhitespace).Where(a => a.Length > 0).ToArray();
        var journal = NullIfBlank(DocumentText.CollapseWhitespace(fields.Journal));
        foreach (var field in authors.Append(journal ?? "").Concat(sections.Select(s => s.Label ?? "")))
            RequireAtMost(field.Length, limits.MaxFieldChars, "author, journal or section label", nameof(ReaderLimits.MaxFieldChars), format, source);
        var doi = DocumentText.NormaliseDoi(fields.Doi);
        var pmid = DocumentText.NormalisePmid(fields.Pmid);
        var subjects = fields.Subjects.Select(DocumentText.CollapseWhitespace).Where(s => s.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

        var fullText = string.Join("\n\n", sections.Select(s => s.Text));
        // Free-form inputs only: any bytes that are valid text are "plain text", so they must at least read like prose.
        // Structured records (PubMed, JATS, registries, JSON naming a PMID or DOI) are papers by their structure.
        var freeForm = format is DocumentFormat.PlainText or DocumentFormat.Markdown || format == DocumentFormat.Json && pmid is null && doi is null;
        if (freeForm && CountWords(fullText, limits.MinWords) < limits.MinWords)
        {
            throw new DocumentReadException(DocumentErrorCode.NoText,
                $"{format}: '{source}' holds fewer than {limits.MinWords} words; that is not a paper (KG:Ingestion:MinWords)");
        }

        // Ids must stay usable everywhere (URLs, Location headers): a DOI too long for one is not used as the id.
        var id = fields.Trial is not null ? $"registry:{fields.Trial.Id}"
            : pmid is not null ? $"paper:pmid:{pmid}"
            : doi is not null && "paper:doi:".Length + doi.Length <= Graph.GraphIds.MaxLength ? $"paper:doi:{doi}"
            : $"paper:sha:{Sha256Hex(fullText)[..16]}";

        var hash = ContentHash(title, authors, fields.Year, journal, doi, pmid, fields.Trial, subjects, sections);
        return new PaperDocument(id, title, authors, fields.Year, journal, doi, pmid, source, format, sections, hash)
        {
            Subjects = subjects,
            Trial = fields.Trial,
        };
    }

    private static string ContentHash(string title, IReadOnlyList<string> authors, int? year, string? journal, string? doi,
        string? pmid, TrialRecord? trial, IReadOnlyList<string> subjects, IReadOnlyList<DocumentSection> sections)
    {
        // One tagged line per field; section texts may span lines, so their length is written first to keep the
        // encoding unambiguous (no two different field sets can produce the same canonical string).
        var sb = new StringBuilder();
        sb.Append("title\t").Append(title).Append('\n');
        foreach (var a in authors)
        {
            sb.Append("author\t").Append(a).Append('\n');
        }

        sb.Append("year\t").Append(year?.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("journal\t").Append(journal).Append('\n');
        sb.Append("doi\t").Append(doi).Append('\n');
        sb.Append("pmid\t").Append(pmid).Append('\n');
        // A registry record's status, phase or enrollment can change without any text changing: hash them too.
        sb.Append("trial\t").Append(trial is null ? null : JsonSerializer.Serialize(trial)).Append('\n');
        foreach (var s in subjects)
        {
            sb.Append("subject\t").Append(s).Append('\n');
        }

        foreach (var s in sections)
        {
            sb.Append("section\t").Append(s.Kind).Append('\t').Append(s.Label).Append('\t')
              .Append(s.Text.Length.ToString(CultureInfo.InvariantCulture)).Append('\n').Append(s.Text).Append('\n');
        }

        return Sha256Hex(sb.ToString());
    }

    private static void RequireAtMost(int length, int max, string what, string setting, DocumentFormat format, string source)
    {
        if (length > max)
        {
            throw new DocumentReadException(DocumentErrorCode.LimitExceeded,
                $"{format}: '{source}' has a {what} of {length:N0} characters; the limit is {max:N0} (KG:Ingestion:{setting})");
        }
    }

    /// <summary>Words of two or more letters, counted up to <paramref name="enough"/> (no need to count a whole paper).</summary>
    private static int CountWords(string text, int enough)
    {
        int words = 0, letters = 0;
        foreach (var c in text)
        {
            if (char.IsLetter(c))
            {
                letters++;
                continue;
            }

            if (letters >= 2 && ++words >= enough) return words;
            letters = 0;
        }

        return letters >= 2 ? words + 1 : words;
    }

    public static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string? NullIfBlank(string s) => s.Length == 0 ? null : s;
}
