namespace KnowledgeGraph.Core.Documents;

/// <summary>
/// Reads every supported paper format into <see cref="PaperDocument"/>s. The one entry point for pipelines: detects the
/// format from the content, enforces <see cref="ReaderLimits"/>, and reports any bad input as a
/// <see cref="DocumentReadException"/> with a code and a message naming what is wrong.
/// </summary>
public sealed class DocumentReader
{
    private readonly ReaderLimits _limits;

    public DocumentReader(ReaderLimits? limits = null) => _limits = limits ?? new ReaderLimits();

    /// <summary>Reads all papers in <paramref name="content"/> (a PubMed set or a CT.gov search page holds many).</summary>
    /// <exception cref="DocumentReadException">The input is empty, too large, of unknown format, malformed, unsafe, without text, or over a limit (including the timeout).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled <paramref name="ct"/>.</exception>
    public IReadOnlyList<PaperDocument> Read(ReadOnlyMemory<byte> content, string sourceName, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        if (content.Length > _limits.MaxBytes)
        {
            throw new DocumentReadException(DocumentErrorCode.TooLarge,
                $"'{sourceName}' is {content.Length:N0} bytes; the limit is {_limits.MaxBytes:N0} bytes (KG:Ingestion:MaxDocumentBytes)");
        }

        if (IsBlank(content.Span))
        {
            throw new DocumentReadException(DocumentErrorCode.Empty, $"'{sourceName}' is empty");
        }

        using var timeout = new CancellationTokenSource(_limits.EffectiveTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        var ctx = new ReadContext(_limits, sourceName, linked.Token);
        var format = DocumentFormat.PlainText;
        try
        {
            format = Detect(content.Span, sourceName);
            ctx.Token.ThrowIfCancellationRequested();
            var papers = ReadAs(format, content, ctx);
            if (papers.Count == 0)
            {
                throw new DocumentReadException(DocumentErrorCode.NoText, $"{format}: '{sourceName}' holds no papers");
            }

            return papers;
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new DocumentReadException(DocumentErrorCode.LimitExceeded,
                $"{format}: reading '{sourceName}' took longer than {_limits.EffectiveTimeout.TotalSeconds:0.###} s (KG:Ingestion:TimeoutSeconds)", e);
        }
        catch (Exception e) when (e is not DocumentReadException and not OperationCanceledException and not OutOfMemoryException)
        {
            // Library parsers throw their own exception types on inputs they cannot handle; the contract is one type.
            throw new DocumentReadException(DocumentErrorCode.Malformed, $"{format}: cannot read '{sourceName}': {e.Message}", e);
        }
    }

    /// <summary>The format of <paramref name="content"/>, judged from the bytes (the extension only separates Markdown from plain text).</summary>
    /// <exception cref="DocumentReadException"><see cref="DocumentErrorCode.UnknownFormat"/> (or <see cref="DocumentErrorCode.Empty"/>).</exception>
    public static DocumentFormat Detect(ReadOnlySpan<byte> content, string sourceName) => FormatDetector.Detect(content, sourceName);

    private static List<PaperDocument> ReadAs(DocumentFormat format, ReadOnlyMemory<byte> content, ReadContext ctx) => format switch
    {
        DocumentFormat.Pdf => PdfPaperReader.Read(content, ctx),
        DocumentFormat.PubMedXml => PubMedXmlReader.Read(content, ctx),
        DocumentFormat.JatsXml => JatsXmlReader.Read(content, ctx),
        DocumentFormat.ClinicalTrialsXml => ClinicalTrialsXmlReader.Read(content, ctx),
        DocumentFormat.ClinicalTrialsJson => ClinicalTrialsJsonReader.Read(AsUtf8(content, ctx), ctx),
        DocumentFormat.Json => JsonPaperReader.Read(AsUtf8(content, ctx), ctx),
        DocumentFormat.SemanticScholarRecord => SemanticScholarRecordReader.Read(TextDecoding.Decode(content.Span, ctx.SourceName), ctx),
        DocumentFormat.Markdown or DocumentFormat.PlainText => PlainTextReader.Read(TextDecoding.Decode(content.Span, ctx.SourceName), format, ctx),
        _ => throw new DocumentReadException(DocumentErrorCode.UnknownFormat, $"'{ctx.SourceName}': no reader for {format}"),
    };

    // System.Text.Json reads UTF-8 only; a UTF-16 file (with its byte-order mark) is transcoded first.
    private static ReadOnlyMemory<byte> AsUtf8(ReadOnlyMemory<byte> content, ReadContext ctx) =>
        content.Length >= 2 && (content.Span[0], content.Span[1]) is (0xFF, 0xFE) or (0xFE, 0xFF)
            ? System.Text.Encoding.UTF8.GetBytes(TextDecoding.Decode(content.Span, ctx.SourceName))
            : content;

    private static bool IsBlank(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith(TextDecoding.Utf8Bom))
        {
            content = content[3..];
        }

        foreach (var b in content)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }
}
