using System.Xml.Linq;

namespace KnowledgeGraph.Core.Documents;

/// <summary>
/// PubMed efetch XML (<c>&lt;PubmedArticleSet&gt;</c>, one <c>&lt;PubmedArticle&gt;</c> per paper): PMID, title, authors,
/// journal, year, DOI, the abstract with its structured labels, MeSH descriptors and keywords.
/// </summary>
internal static class PubMedXmlReader
{
    private const string Format = "PubMed XML";

    public static List<PaperDocument> Read(ReadOnlyMemory<byte> content, ReadContext ctx)
    {
        var root = SafeXml.Load(content, ctx, Format).Root!;
        var articles = root.Name.LocalName == "PubmedArticle" ? [root] : root.Children("PubmedArticle").ToList();
        if (articles.Count == 0)
        {
            throw new DocumentReadException(DocumentErrorCode.NoText, $"{Format}: '{ctx.SourceName}' has no <PubmedArticle>");
        }

        return ctx.ReadEach(articles, Format, (article, index) => ReadArticle(article, index, ctx));
    }

    private static PaperDocument ReadArticle(XElement pubmedArticle, int index, ReadContext ctx)
    {
        var citation = pubmedArticle.Child("MedlineCitation");
        var article = citation.Child("Article")
            ?? throw new DocumentReadException(DocumentErrorCode.Malformed, $"{Format}: <PubmedArticle> {index} has no <MedlineCitation>/<Article>");
        var title = SafeXml.Text(article.Child("ArticleTitle"));
        if (title.Length == 0)
        {
            title = SafeXml.Text(article.Child("VernacularTitle"));
        }

        if (title.Length == 0)
        {
            throw new DocumentReadException(DocumentErrorCode.Malformed, $"{Format}: <PubmedArticle> {index} has no <ArticleTitle>");
        }

        var pmid = SafeXml.Text(citation.Child("PMID"));
        var articleIds = pubmedArticle.Path("PubmedData", "ArticleIdList").Children("ArticleId").ToList();
        if (pmid.Length == 0)
        {
            pmid = SafeXml.Text(articleIds.FirstOrDefault(a => (string?)a.Attribute("IdType") == "pubmed"));
        }

        var doi = SafeXml.Text(article.Children("ELocationID").FirstOrDefault(e => (string?)e.Attribute("EIdType") == "doi"));
        if (doi.Length == 0)
        {
            doi = SafeXml.Text(articleIds.FirstOrDefault(a => (string?)a.Attribute("IdType") == "doi"));
        }

        var journal = article.Child("Journal");
        var pubDate = journal.Path("JournalIssue", "PubDate");
        var year = DocumentText.FindYear(SafeXml.Text(pubDate.Child("Year")))
            ?? DocumentText.FindYear(SafeXml.Text(pubDate.Child("MedlineDate")))
            ?? DocumentText.FindYear(SafeXml.Text(article.Path("ArticleDate", "Year")));

        var subjects = citation.Path("MeshHeadingList").Children("MeshHeading").Select(h => SafeXml.Text(h.Child("DescriptorName")))
            .Concat(citation.Children("KeywordList").SelectMany(k => k.Children("Keyword")).Select(k => SafeXml.Text(k)))
            .ToList();

        var fields = new PaperFields(title, Authors(article), year, SafeXml.Text(journal.Child("Title")), doi, pmid, AbstractSections(article))
        {
            Subjects = subjects,
        };
        ctx.Token.ThrowIfCancellationRequested();
        return PaperAssembler.Build(fields, ctx, DocumentFormat.PubMedXml);
    }

    private static List<string> Authors(XElement article) =>
        article.Path("AuthorList").Children("Author").Select(a =>
        {
            var collective = SafeXml.Text(a.Child("CollectiveName"));
            return collective.Length > 0 ? collective
                : string.Join(' ', new[] { SafeXml.Text(a.Child("ForeName")), SafeXml.Text(a.Child("LastName")) }.Where(p => p.Length > 0));
        }).Where(n => n.Length > 0).ToList();

    private static List<DocumentSection> AbstractSections(XElement article) =>
        article.Path("Abstract").Children("AbstractText").Select(t =>
        {
            // NlmCategory is PubMed's normalised label (BACKGROUND, OBJECTIVE, METHODS, RESULTS, CONCLUSIONS, UNASSIGNED).
            var label = (string?)t.Attribute("Label");
            var kind = SectionKinds.FromHeading((string?)t.Attribute("NlmCategory")) ?? SectionKinds.FromHeading(label) ?? SectionKind.Abstract;
            return new DocumentSection(kind, SafeXml.Text(t), label);
        }).ToList();
}
