using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace KnowledgeGraph.Core.Sources;

/// <summary>
/// Cuts an EFetch answer (<c>&lt;PubmedArticleSet&gt;</c>) into one record per <c>&lt;PubmedArticle&gt;</c>, each its own
/// small <c>PubmedArticleSet</c> (the PubMed reader's format), keyed by PMID. Streaming, DTD ignored and never
/// fetched; the records are read again by the reader with all its limits when they are ingested.
/// </summary>
public static class PubMedArticleSplitter
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        MaxCharactersFromEntities = 1024,
    };

    /// <summary>The articles of the answer; <paramref name="skipped"/> counts entries that are not journal articles (books).</summary>
    /// <exception cref="SourceException">The answer is not a PubmedArticleSet (EFetch reports errors in an <c>ERROR</c> element) or is malformed.</exception>
    public static List<SourceRecord> Split(byte[] efetchXml, out int skipped)
    {
        var records = new List<SourceRecord>();
        skipped = 0;
        try
        {
            using var stream = new MemoryStream(efetchXml, writable: false);
            using var reader = XmlReader.Create(stream, Settings);
            if (reader.MoveToContent() != XmlNodeType.Element)
                throw new SourceException("PubMed EFetch: the answer holds no XML element");
            if (reader.LocalName != "PubmedArticleSet")
            {
                var root = (XElement)XNode.ReadFrom(reader);
                var error = root.Descendants("ERROR").FirstOrDefault()?.Value ?? root.Name.LocalName;
                throw new SourceException($"PubMed EFetch: {error}");
            }
            if (reader.IsEmptyElement) return records;
            reader.Read();
            while (!reader.EOF)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    reader.Read();
                    continue;
                }
                // ReadFrom leaves the reader on the node after the element.
                var element = (XElement)XNode.ReadFrom(reader);
                if (element.Name.LocalName != "PubmedArticle")
                {
                    skipped++;
                    continue;
                }
                var pmid = element.Element("MedlineCitation")?.Element("PMID")?.Value.Trim() ?? "";
                if (!PubMedClient.IsPmid(pmid))
                {
                    skipped++;
                    continue;
                }
                records.Add(new SourceRecord(SourceKind.PubMed, pmid, null, Serialize(element)));
            }
        }
        catch (XmlException ex)
        {
            throw new SourceException($"PubMed EFetch: malformed XML: {ex.Message}", null, ex);
        }
        return records;
    }

    private static byte[] Serialize(XElement article)
    {
        var set = new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("PubmedArticleSet", article));
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            set.Save(writer);
        }
        return buffer.ToArray();
    }
}
