using System.IO.Compression;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;

namespace KnowledgeGraph.Core.Documents;

/// <summary>
/// Checks, before any page is parsed, how large a PDF's streams become once decoded: a few hundred kilobytes of
/// Flate, LZW or run-length data can stand for gigabytes (a decompression bomb), and PdfPig decodes a page's streams
/// whole. Every stream that text extraction may decode (page contents, forms, fonts, object streams: not images) is
/// decoded here with a running count and abandoned at the limit, so the check itself never holds more than one
/// stream of at most <see cref="ReaderLimits.MaxPdfStreamBytes"/>.
/// </summary>
internal static class PdfStreamBudget
{
    private const string Format = "PDF";

    /// <exception cref="DocumentReadException">LimitExceeded: one stream or all of them decode to more than the limits.</exception>
    public static void Check(PdfDocument pdf, ReadContext ctx)
    {
        var limits = ctx.Limits;
        long total = 0;
        // Objects stored directly in the file, in file order; objects inside object streams are covered by checking the
        // object stream itself (it is a stream stored directly in the file).
        var direct = pdf.Structure.CrossReferenceTable.ObjectOffsets
            .Where(o => o.Value.Type == XrefEntryType.File)
            .OrderBy(o => o.Value.Value1)
            .Select(o => o.Key);
        foreach (var reference in direct)
        {
            ctx.Token.ThrowIfCancellationRequested();
            ObjectToken obj;
            try
            {
                obj = pdf.Structure.GetObject(reference);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A broken object is PdfPig's to judge when (if ever) a page needs it.
                continue;
            }

            if (obj.Data is not StreamToken stream || IsImage(stream.StreamDictionary))
            {
                continue;
            }

            var contentLike = IsContentLike(stream.StreamDictionary);
            var decoded = DecodedLength(stream, limits.MaxPdfStreamBytes, contentLike, out var textBytes);
            if (decoded > limits.MaxPdfStreamBytes)
            {
                throw new DocumentReadException(DocumentErrorCode.LimitExceeded,
                    $"{Format}: '{ctx.SourceName}' has a stream (object {reference.ObjectNumber}) that decodes to more than {limits.MaxPdfStreamBytes:N0} bytes (KG:Ingestion:MaxPdfStreamBytes): a decompression bomb or a page far larger than any paper's");
            }

            // Every byte of a string operand can draw a glyph: counted before PdfPig turns each glyph into an object.
            if (textBytes > limits.MaxPdfGlyphsPerPage)
            {
                throw new DocumentReadException(DocumentErrorCode.LimitExceeded,
                    $"{Format}: '{ctx.SourceName}' has a content stream (object {reference.ObjectNumber}) showing {textBytes:N0} text bytes, more glyphs than the {limits.MaxPdfGlyphsPerPage:N0} a page may draw (KG:Ingestion:MaxPdfGlyphsPerPage)");
            }

            total += decoded;
            if (total > limits.MaxPdfDecodedBytes)
            {
                throw new DocumentReadException(DocumentErrorCode.LimitExceeded,
                    $"{Format}: '{ctx.SourceName}' decodes to more than {limits.MaxPdfDecodedBytes:N0} bytes of streams (KG:Ingestion:MaxPdfDecodedBytes)");
            }
        }
    }

    /// <summary>A page content stream or form: no type of its own, or a form XObject (fonts, profiles, metadata and
    /// object streams all say what they are).</summary>
    private static bool IsContentLike(DictionaryToken dictionary)
    {
        if (dictionary.TryGet(NameToken.Subtype, out IToken? subtype))
            return subtype is NameToken { Data: "Form" };
        return !dictionary.ContainsKey(NameToken.Type) && !dictionary.ContainsKey(NameToken.Length1) && !dictionary.ContainsKey(NameToken.N);
    }

    /// <summary>Bytes inside string operands, <c>(...)</c> with escapes and nesting, and hex strings <c>&lt;...&gt;</c> (two digits a byte).</summary>
    internal static long TextBytes(ReadOnlySpan<byte> content)
    {
        long count = 0;
        var depth = 0;
        var hex = false;
        var hexDigits = 0;
        for (var i = 0; i < content.Length; i++)
        {
            var b = content[i];
            if (depth > 0)
            {
                if (b == (byte)'\\') { i++; count++; continue; }
                if (b == (byte)'(') depth++;
                else if (b == (byte)')' && --depth == 0) continue;
                count++;
            }
            else if (hex)
            {
                if (b == (byte)'>') { hex = false; count += (hexDigits + 1) / 2; }
                else if (char.IsAsciiHexDigit((char)b)) hexDigits++;
            }
            else if (b == (byte)'(') depth = 1;
            else if (b == (byte)'<')
            {
                // "<<" opens a dictionary, not a hex string.
                if (i + 1 < content.Length && content[i + 1] == (byte)'<') i++;
                else { hex = true; hexDigits = 0; }
            }
            else if (b == (byte)'%')
            {
                // A comment runs to the end of the line.
                while (i + 1 < content.Length && content[i + 1] is not ((byte)'\n' or (byte)'\r')) i++;
            }
        }
        return count;
    }

    private static bool IsImage(DictionaryToken dictionary) =>
        dictionary.TryGet(NameToken.Subtype, out IToken? subtype) && subtype is NameToken name && name.Data == NameToken.Image.Data;

    /// <summary>The decoded length of the stream, or a number above <paramref name="cap"/> as soon as it is known to exceed it.</summary>
    internal static long DecodedLength(StreamToken stream, long cap, bool countText, out long textBytes)
    {
        textBytes = 0;
        var filters = FilterNames(stream.StreamDictionary);
        var data = stream.Data;
        for (var i = 0; i < filters.Count; i++)
        {
            switch (filters[i])
            {
                case "FlateDecode" or "Fl":
                    var last = i == filters.Count - 1;
                    var inflated = Inflate(data, cap, materialize: !last || countText, out var inflatedLength);
                    if (inflatedLength > cap) return inflatedLength;
                    if (last)
                    {
                        if (countText && inflated is not null) textBytes = TextBytes(inflated);
                        return inflatedLength;
                    }
                    data = inflated!;
                    break;
                // Counted, not decoded. A filter after these is not seen in practice; the expanding step is what is bounded.
                case "RunLengthDecode" or "RL":
                    return RunLengthLength(data.Span);
                case "LZWDecode" or "LZW":
                    return LzwLength(data.Span, EarlyChange(stream.StreamDictionary, i));
                case "ASCIIHexDecode" or "AHx" or "ASCII85Decode" or "A85":
                    // These only shrink their input: the next filter's input is at most this long.
                    continue;
                default:
                    // Image codecs and crypt filters: not decoded by text extraction.
                    return data.Length;
            }
        }
        if (countText && filters.Count == 0) textBytes = TextBytes(data.Span);
        return data.Length;
    }

    private static List<string> FilterNames(DictionaryToken dictionary)
    {
        if (!dictionary.TryGet(NameToken.Filter, out IToken? filter)) return [];
        return filter switch
        {
            NameToken name => [name.Data],
            ArrayToken array => [.. array.Data.OfType<NameToken>().Select(n => n.Data)],
            _ => [],
        };
    }

    private static int EarlyChange(DictionaryToken dictionary, int index)
    {
        var parms = dictionary.TryGet(NameToken.DecodeParms, out IToken? p) ? p : null;
        if (parms is ArrayToken array) parms = index < array.Length ? array.Data[index] : null;
        return parms is DictionaryToken d && d.TryGet(NameToken.EarlyChange, out IToken? early) && early is NumericToken n ? n.Int : 1;
    }

    /// <summary>Inflates with a running count, stopping once past <paramref name="cap"/>; keeps the bytes only when asked.</summary>
    private static byte[]? Inflate(ReadOnlyMemory<byte> data, long cap, bool materialize, out long length)
    {
        length = 0;
        using var input = new MemoryStream(data.ToArray(), writable: false);
        using var output = materialize ? new MemoryStream() : null;
        var buffer = new byte[64 * 1024];
        try
        {
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            int read;
            while ((read = zlib.Read(buffer)) > 0)
            {
                length += read;
                if (length > cap) return null;
                output?.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException)
        {
            // Damaged or headerless data: what was decoded so far is what a lenient decoder gets too.
        }
        return output?.ToArray();
    }

    /// <summary>RunLengthDecode's output length, from its length bytes alone.</summary>
    private static long RunLengthLength(ReadOnlySpan<byte> data)
    {
        long length = 0;
        var i = 0;
        while (i < data.Length)
        {
            var n = data[i];
            if (n == 128) break;
            if (n < 128)
            {
                length += n + 1;
                i += n + 2;
            }
            else
            {
                length += 257 - n;
                i += 2;
            }
        }
        return length;
    }

    /// <summary>LZWDecode's output length without building its strings: each table entry's length is its prefix's plus one.</summary>
    private static long LzwLength(ReadOnlySpan<byte> data, int earlyChange)
    {
        const int Clear = 256, End = 257;
        var lengths = new int[4096];
        for (var c = 0; c < 256; c++) lengths[c] = 1;
        int next = 258, width = 9, previous = -1;
        long length = 0;
        int bitBuffer = 0, bits = 0;
        foreach (var b in data)
        {
            bitBuffer = (bitBuffer << 8) | b;
            bits += 8;
            while (bits >= width)
            {
                var code = (bitBuffer >> (bits - width)) & ((1 << width) - 1);
                bits -= width;
                if (code == Clear)
                {
                    next = 258;
                    width = 9;
                    previous = -1;
                    continue;
                }
                if (code == End) return length;
                if (previous < 0)
                {
                    if (code > 255) return length; // malformed: nothing sensible follows
                    length += 1;
                    previous = code;
                    continue;
                }
                if (code > next) return length;
                var added = next < 4096 ? lengths[previous] + 1 : 0;
                var emitted = code < next ? lengths[code] : added;
                length += emitted;
                if (next < 4096) lengths[next++] = added;
                previous = code;
                if (next + earlyChange >= (1 << width) && width < 12) width++;
            }
            bitBuffer &= (1 << bits) - 1;
        }
        return length;
    }
}
