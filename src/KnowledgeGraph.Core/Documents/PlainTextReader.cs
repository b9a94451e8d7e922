using System.Text.RegularExpressions;

namespace KnowledgeGraph.Core.Documents;

/// <summary>
/// Plain text and Markdown. The first non-empty line is the title (Markdown <c>#</c> stripped). Optional metadata
/// lines right under it (<c>Authors:</c>, <c>Journal:</c>, <c>Year:</c>, <c>DOI:</c>, <c>PMID:</c>) become fields.
/// Headings start sections: Markdown <c>## Methods</c>, or in plain text a short line such as <c>Results:</c>. A DOI
/// (<c>10.NNNN/...</c>) or <c>PMID: n</c> anywhere in the text is picked up when no metadata line gave one.
/// </summary>
internal static partial class PlainTextReader
{
    public static List<PaperDocument> Read(string text, DocumentFormat format, ReadContext ctx)
    {
        var markdown = format == DocumentFormat.Markdown;
        var lines = DocumentText.NormaliseLines(text).Split('\n');
        var i = 0;
        while (i < lines.Length && lines[i].Trim().Length == 0)
        {
            i++;
        }

        if (i == lines.Length)
        {
            throw new DocumentReadException(DocumentErrorCode.Empty, $"'{ctx.SourceName}' is empty");
        }

        var title = markdown ? CleanMarkdown(lines[i].Trim().TrimStart('#').TrimEnd('#')) : lines[i].Trim();
        i++;

        var meta = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (i < lines.Length)
        {
            var line = markdown ? CleanMarkdown(lines[i]) : lines[i];
            if (line.Trim().Length == 0 && meta.Count == 0)
            {
                i++;
                continue;
            }

            var m = MetadataLine().Match(line);
            if (!m.Success)
            {
                break;
            }

            meta[m.Groups["key"].Value.TrimEnd('s', 'S')] = m.Groups["value"].Value.Trim();
            i++;
        }

        var sections = new List<DocumentSection>();
        var current = new List<string>();
        SectionKind kind = SectionKind.Body;
        string? label = null;
        void Flush()
        {
            var body = Unwrap(current);
            if (body.Length > 0)
            {
                sections.Add(new DocumentSection(kind, body, label));
            }

            current.Clear();
        }

        for (; i < lines.Length; i++)
        {
            ctx.Token.ThrowIfCancellationRequested();
            var heading = markdown ? MarkdownHeading().Match(lines[i]) : PlainHeading().Match(lines[i]);
            if (heading.Success && (markdown || IsPlainHeading(heading.Groups[1].Value)))
            {
                Flush();
                label = CleanMarkdown(heading.Groups[1].Value.Trim().TrimEnd('#').Trim());
                kind = SectionKinds.FromHeading(label) ?? SectionKind.Body;
                continue;
            }

            current.Add(markdown ? CleanMarkdown(lines[i]) : lines[i]);
        }

        Flush();
        var allText = string.Join('\n', lines);
        var fields = new PaperFields(
            title,
            meta.TryGetValue("Author", out var authors) ? authors.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [],
            DocumentText.FindYear(meta.GetValueOrDefault("Year")),
            meta.GetValueOrDefault("Journal"),
            meta.GetValueOrDefault("DOI") ?? DocumentText.FindDoi(allText),
            meta.GetValueOrDefault("PMID") ?? DocumentText.FindPmid(allText),
            sections)
        {
            Subjects = meta.TryGetValue("Keyword", out var k) ? k.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [],
        };
        return [PaperAssembler.Build(fields, ctx, format)];
    }

    // In plain text only a line made of heading words counts as a heading, so "Results were good" stays text.
    private static bool IsPlainHeading(string line) =>
        SectionKinds.IsBareHeading(line);

    /// <summary>
    /// Hard-wrapped lines of one paragraph become one line (so a sentence is not cut by a line break); blank lines
    /// still separate paragraphs and list items keep their own lines.
    /// </summary>
    private static string Unwrap(List<string> lines)
    {
        var paragraphs = new List<string>();
        var paragraph = new List<string>();
        foreach (var line in lines.Append(""))
        {
            var t = line.Trim();
            if (t.Length == 0 || ListItem().IsMatch(t))
            {
                if (paragraph.Count > 0)
                {
                    paragraphs.Add(string.Join(' ', paragraph));
                    paragraph.Clear();
                }

                if (t.Length == 0)
                {
                    continue;
                }
            }

            paragraph.Add(t);
        }

        return string.Join("\n\n", paragraphs);
    }

    [GeneratedRegex(@"^(?:[-*+]|\d+[.)])\s")]
    private static partial Regex ListItem();

    /// <summary>Markdown emphasis and links reduced to their words: <c>**Tregs**</c> to "Tregs", <c>[NCT01210664](https://...)</c> to "NCT01210664".</summary>
    private static string CleanMarkdown(string line) => Emphasis().Replace(Link().Replace(line, "$1"), "");

    [GeneratedRegex(@"^\s*(?<key>Authors?|Journal|Year|DOI|PMID|Keywords?)\s*:\s*(?<value>\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex MetadataLine();

    [GeneratedRegex(@"^#{1,6}\s+(.+)$")]
    private static partial Regex MarkdownHeading();

    // A short line naming a section, optionally numbered and ending in ':' ("2. Methods", "RESULTS:").
    [GeneratedRegex(@"^\s*(?:\d+(?:\.\d+)*\.?\s+)?([A-Za-z][A-Za-z ,&/]{2,40}?)\s*:?\s*$")]
    private static partial Regex PlainHeading();

    [GeneratedRegex(@"\[([^\]]+)\]\([^)]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)")]
    private static partial Regex Emphasis();
}
