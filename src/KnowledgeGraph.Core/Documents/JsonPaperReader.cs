using System.Text.Json;

namespace KnowledgeGraph.Core.Documents;

/// <summary>
/// A plain JSON paper: an object with <c>title</c> and <c>abstract</c> (or <c>text</c>/<c>body</c>, or
/// <c>sections</c> of <c>{heading, text}</c>), optional <c>authors</c> (strings or objects with <c>name</c>),
/// <c>year</c>, <c>journal</c>, <c>doi</c>, <c>pmid</c>, <c>keywords</c>; or an array of such objects.
/// </summary>
internal static class JsonPaperReader
{
    private const string Format = "JSON";

    public static List<PaperDocument> Read(ReadOnlyMemory<byte> content, ReadContext ctx)
    {
        using var doc = SafeJson.Parse(content, ctx, Format, $"'{ctx.SourceName}'");
        var root = doc.RootElement;
        var items = root.ValueKind switch
        {
            JsonValueKind.Object => [root],
            JsonValueKind.Array => root.EnumerateArray().ToList(),
            _ => throw new DocumentReadException(DocumentErrorCode.Malformed,
                $"{Format}: '{ctx.SourceName}' must hold a paper object or an array of them, not a {root.ValueKind}"),
        };

        var inArray = items.Count > 1 || root.ValueKind == JsonValueKind.Array;
        return ctx.ReadEach(items, Format, (item, index) => ReadPaper(item, index, inArray, ctx));
    }

    private static PaperDocument ReadPaper(JsonElement paper, int index, bool inArray, ReadContext ctx)
    {
        var where = inArray ? $"object {index} in '{ctx.SourceName}'" : $"'{ctx.SourceName}'";
        if (paper.ValueKind != JsonValueKind.Object)
        {
            throw new DocumentReadException(DocumentErrorCode.Malformed, $"{Format}: {where} is a {paper.ValueKind}, not a paper object");
        }

        var title = paper.Str("title") ?? throw new DocumentReadException(DocumentErrorCode.Malformed, $"{Format}: {where} has no \"title\"");
        var sections = new List<DocumentSection>();
        AddText(sections, paper.Str("abstract"), SectionKind.Abstract);
        AddText(sections, paper.Str("text"), SectionKind.Body);
        AddText(sections, paper.Str("body"), SectionKind.Body);
        foreach (var s in paper.Items("sections"))
        {
            var heading = s.Str("heading") ?? s.Str("title") ?? s.Str("label");
            AddText(sections, s.Str("text"), SectionKinds.FromHeading(heading) ?? SectionKind.Body, heading);
        }

        var journal = paper.Str("journal") ?? paper.Str("journal", "name") ?? paper.Str("venue");
        var year = paper.Int("year") ?? DocumentText.FindYear(paper.Str("publicationDate") ?? paper.Str("date"));
        var subjects = paper.Strings("keywords").Concat(paper.Strings("mesh")).Concat(paper.Strings("subjects")).ToList();
        var fields = new PaperFields(title, Authors(paper), year, journal, paper.Str("doi"), paper.Str("pmid"), sections) { Subjects = subjects };
        return PaperAssembler.Build(fields, ctx, DocumentFormat.Json);
    }

    private static void AddText(List<DocumentSection> sections, string? text, SectionKind kind, string? label = null)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            // Abstracts copied from web APIs often carry HTML (<p>, <i>); the graph wants the words.
            sections.Add(new DocumentSection(kind, text.Contains('<', StringComparison.Ordinal) ? DocumentText.StripHtml(text) : text, label));
        }
    }

    private static List<string> Authors(JsonElement paper)
    {
        if (paper.Str("authors") is { } joined)
        {
            return [.. joined.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }

        return paper.Items("authors").Select(a => a.ValueKind == JsonValueKind.String ? a.GetString() ?? ""
            : a.Str("name") ?? string.Join(' ', new[] { a.Str("given"), a.Str("family") }.OfType<string>())).Where(n => n.Length > 0).ToList();
    }
}
