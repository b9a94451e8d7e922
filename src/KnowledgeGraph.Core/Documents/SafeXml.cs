using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace KnowledgeGraph.Core.Documents;

/// <summary>
/// Loads untrusted XML without the classic XML attacks:
/// <list type="bullet">
/// <item>Real PubMed efetch and PMC files start with <c>&lt;!DOCTYPE ... PUBLIC ...&gt;</c>, so a DOCTYPE cannot be
/// forbidden outright. It is ignored (<see cref="DtdProcessing.Ignore"/>) and nothing is fetched (<c>XmlResolver = null</c>).</item>
/// <item>Any entity declaration in an internal DTD subset (external entities such as <c>file:///etc/passwd</c>,
/// billion-laughs expansion) is rejected up front as <see cref="DocumentErrorCode.Unsafe"/>: no legitimate paper
/// format needs one, and an ignored DTD would otherwise surface as a confusing "undeclared entity" error.</item>
/// <item>Element depth (<see cref="ReaderLimits.MaxXmlDepth"/>) and characters (<see cref="ReaderLimits.MaxBytes"/>) are bounded.</item>
/// </list>
/// </summary>
internal static class SafeXml
{
    public static XDocument Load(ReadOnlyMemory<byte> content, ReadContext ctx, string formatName)
    {
        RejectEntityDeclarations(content.Span, ctx, formatName);
        CheckDepth(content, ctx, formatName);
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(content.ToArray(), writable: false), Settings(ctx.Limits));
            return XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException e)
        {
            throw Malformed(e, ctx, formatName);
        }
    }

    private static XmlReaderSettings Settings(ReaderLimits limits) => new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        MaxCharactersInDocument = limits.MaxBytes,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
    };

    private static void RejectEntityDeclarations(ReadOnlySpan<byte> content, ReadContext ctx, string formatName)
    {
        // Only the prolog can declare entities: look between <!DOCTYPE and the end of the internal subset.
        var text = content.Length >= 2 && (content[0] == 0xFF || content[0] == 0xFE)
            ? TextDecoding.Decode(content, ctx.SourceName)
            : Encoding.UTF8.GetString(content);
        var doctype = text.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        if (doctype >= 0 && text.IndexOf("<!ENTITY", doctype, StringComparison.Ordinal) is var entity and >= 0)
        {
            var line = text.AsSpan(0, entity).Count('\n') + 1;
            throw new DocumentReadException(DocumentErrorCode.Unsafe,
                $"{formatName}: '{ctx.SourceName}' declares an XML entity (<!ENTITY at line {line}); entity declarations are refused because they enable external-entity and entity-expansion attacks");
        }
    }

    private static void CheckDepth(ReadOnlyMemory<byte> content, ReadContext ctx, string formatName)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(content.ToArray(), writable: false), Settings(ctx.Limits));
            var nodes = 0;
            while (reader.Read())
            {
                if (reader.Depth > ctx.Limits.MaxXmlDepth)
                {
                    throw new DocumentReadException(DocumentErrorCode.LimitExceeded,
                        $"{formatName}: '{ctx.SourceName}' nests elements deeper than {ctx.Limits.MaxXmlDepth} levels (line {(reader as IXmlLineInfo)?.LineNumber}; limit MaxXmlDepth)");
                }

                if (++nodes % 4096 == 0)
                {
                    ctx.Token.ThrowIfCancellationRequested();
                }
            }
        }
        catch (XmlException e)
        {
            throw Malformed(e, ctx, formatName);
        }
    }

    private static DocumentReadException Malformed(XmlException e, ReadContext ctx, string formatName) =>
        new(DocumentErrorCode.Malformed,
            $"{formatName}: '{ctx.SourceName}' is not well-formed XML (line {e.LineNumber}, position {e.LinePosition}): {e.Message}", e);

    /// <summary>Text of an element and all its descendants, whitespace collapsed; inline markup (&lt;i&gt;, &lt;sup&gt;) kept as its text.</summary>
    public static string Text(XElement? element) => element is null ? "" : DocumentText.CollapseWhitespace(element.Value);

    /// <summary>Like <see cref="Text(XElement?)"/> but leaving out descendants <paramref name="skip"/> picks (figures, citation markers).</summary>
    public static string Text(XElement element, Func<XElement, bool> skip)
    {
        var sb = new StringBuilder();
        Append(element, skip, sb);
        return DocumentText.CollapseWhitespace(sb.ToString());
    }

    private static void Append(XElement element, Func<XElement, bool> skip, StringBuilder sb)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText t:
                    sb.Append(t.Value);
                    break;
                case XElement e when !skip(e):
                    Append(e, skip, sb);
                    break;
            }
        }
    }

    /// <summary>Child element by local name, ignoring namespaces (JATS files differ in whether they declare one).</summary>
    public static XElement? Child(this XElement? parent, string name) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    public static IEnumerable<XElement> Children(this XElement? parent, string name) =>
        parent?.Elements().Where(e => e.Name.LocalName == name) ?? [];

    public static IEnumerable<XElement> Under(this XElement? parent, string name) =>
        parent?.Descendants().Where(e => e.Name.LocalName == name) ?? [];

    public static XElement? Path(this XElement? parent, params string[] names)
    {
        var e = parent;
        foreach (var n in names)
        {
            e = e.Child(n);
        }

        return e;
    }
}
