using System.Xml.Linq;

namespace KnowledgeGraph.Core.Documents;

/// <summary>
/// PMC / JATS full text (<c>&lt;article&gt;</c>): front matter, abstract and body sections. Reference lists, figures,
/// tables, supplementary material and citation markers are left out: they are not the paper's own statements.
/// </summary>
internal static class JatsXmlReader
{
    private const string Format = "JATS XML";

    private static readonly HashSet<string> Skipped = ["fig", "table-wrap", "table", "supplementary-material", "ref-list", "graphic", "media", "disp-formula", "fn-group", "label"];

    public static List<PaperDocument> Read(ReadOnlyMemory<byte> content, ReadContext ctx)
    {
        var article = SafeXml.Load(content, ctx, Format).Root!;
        var meta = article.Path("front", "article-meta")
            ?? throw new DocumentReadException(DocumentErrorCode.Malformed, $"{Format}: '{ctx.SourceName}' has no <front>/<article-meta>");
        var title = SafeXml.Text(meta.Path("title-group", "article-title"));
        if (title.Length == 0)
        {
            throw new DocumentReadException(DocumentErrorCode.Malformed, $"{Format}: '{ctx.SourceName}' has no <article-title>");
        }

        var authors = meta.Children("contrib-group").SelectMany(g => g.Children("contrib"))
            .Where(c => (string?)c.Attribute("contrib-type") is null or "author")
            .Select(AuthorName).Where(n => n.Length > 0).ToList();

        string ArticleId(string type) => SafeXml.Text(meta.Children("article-id").FirstOrDefault(a => (string?)a.Attribute("pub-id-type") == type));

        var journalMeta = article.Path("front", "journal-meta");
        var journal = SafeXml.Text(journalMeta.Path("journal-title-group", "journal-title"));
        if (journal.Length == 0)
        {
            journal = SafeXml.Text(journalMeta.Child("journal-title"));
        }

        // The earliest year among the pub-dates (epub, ppub, collection) is the publication year.
        var year = meta.Children("pub-date").Select(d => DocumentText.FindYear(SafeXml.Text(d.Child("year")))).Where(y => y.HasValue).Min();

        var sections = new List<DocumentSection>();
        var abstracts = meta.Children("abstract").ToList();
        var mainAbstract = abstracts.FirstOrDefault(a => a.Attribute("abstract-type") is null) ?? abstracts.FirstOrDefault();
        if (mainAbstract is not null)
        {
            sections.AddRange(ReadSections(mainAbstract, SectionKind.Abstract));
        }

        if (article.Child("body") is { } body)
        {
            sections.AddRange(ReadSections(body, SectionKind.Body));
        }

        ctx.Token.ThrowIfCancellationRequested();
        var subjects = meta.Children("kwd-group").SelectMany(g => g.Children("kwd")).Select(k => SafeXml.Text(k)).ToList();
        var fields = new PaperFields(title, authors, year, journal, ArticleId("doi"), ArticleId("pmid"), sections) { Subjects = subjects };
        return [PaperAssembler.Build(fields, ctx, DocumentFormat.JatsXml)];
    }

    private static string AuthorName(XElement contrib)
    {
        var name = contrib.Child("name");
        if (name is null)
        {
            return SafeXml.Text(contrib.Child("collab"));
        }

        return string.Join(' ', new[] { SafeXml.Text(name.Child("given-names")), SafeXml.Text(name.Child("surname")) }.Where(p => p.Length > 0));
    }

    /// <summary>
    /// One section per top-level <c>&lt;sec&gt;</c> (its nested subsections folded in, keeping the parent's kind), plus
    /// one for paragraphs that sit outside any <c>&lt;sec&gt;</c>.
    /// </summary>
    private static List<DocumentSection> ReadSections(XElement container, SectionKind fallback)
    {
        var result = new List<DocumentSection>();
        var loose = container.Elements().Where(e => e.Name.LocalName == "p").Select(Paragraph).Where(p => p.Length > 0).ToList();
        if (loose.Count > 0)
        {
            result.Add(new DocumentSection(fallback, string.Join("\n\n", loose)));
        }

        foreach (var sec in container.Children("sec"))
        {
            if ((string?)sec.Attribute("sec-type") is "supplementary-material" or "display-objects")
            {
                continue;
            }

            var heading = SafeXml.Text(sec.Child("title"));
            var kind = SectionKinds.FromHeading(heading) ?? SectionKinds.FromHeading((string?)sec.Attribute("sec-type")) ?? fallback;
            // Inside an abstract an unlabelled part is still abstract text, never body.
            var paragraphs = sec.Descendants().Where(e => e.Name.LocalName == "p" && !InsideSkipped(e, sec)).Select(Paragraph).Where(p => p.Length > 0);
            var text = string.Join("\n\n", paragraphs);
            if (text.Length > 0)
            {
                result.Add(new DocumentSection(kind, text, heading.Length > 0 ? heading : null));
            }
        }

        return result;
    }

    private static bool InsideSkipped(XElement e, XElement stop) =>
        e.Ancestors().TakeWhile(a => a != stop).Any(a => Skipped.Contains(a.Name.LocalName));

    private static string Paragraph(XElement p)
    {
        var text = SafeXml.Text(p, e => Skipped.Contains(e.Name.LocalName)
            || (e.Name.LocalName == "xref" && (string?)e.Attribute("ref-type") is "bibr" or "fig" or "table" or "supplementary-material"));
        return DocumentText.TidyAfterRemovals(text);
    }
}
