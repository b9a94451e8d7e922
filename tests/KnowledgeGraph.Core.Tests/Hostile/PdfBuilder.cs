using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace KnowledgeGraph.Core.Tests.Hostile;

/// <summary>
/// Writes small, valid one-page PDFs by hand (objects, cross-reference table, trailer as the PDF reference lays them
/// out), with a chosen content stream and filter: the hostile inputs are built in the test, their size showing what
/// the bound holds against, instead of being stored as multi-megabyte files.
/// </summary>
internal static class PdfBuilder
{
    public static byte[] OnePage(byte[] encodedContent, string? filter)
    {
        var objects = new List<byte[]>
        {
            Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
            Ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            Ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"),
            Ascii("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
            Ascii($"<< /Length {encodedContent.Length.ToString(CultureInfo.InvariantCulture)}{(filter is null ? "" : " /Filter /" + filter)} >>\nstream\n")
                .Concat(encodedContent).Concat(Ascii("\nendstream")).ToArray(),
        };
        using var pdf = new MemoryStream();
        Write(pdf, "%PDF-1.4\n");
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Position);
            Write(pdf, $"{i + 1} 0 obj\n");
            pdf.Write(objects[i]);
            Write(pdf, "\nendobj\n");
        }
        var xref = pdf.Position;
        Write(pdf, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) Write(pdf, $"{offset.ToString("D10", CultureInfo.InvariantCulture)} 00000 n \n");
        Write(pdf, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref.ToString(CultureInfo.InvariantCulture)}\n%%EOF\n");
        return pdf.ToArray();
    }

    /// <summary>A page showing <paramref name="text"/> in Helvetica, Flate-compressed as real PDFs are.</summary>
    public static byte[] WithText(string text) =>
        OnePage(Flate(Ascii($"BT /F1 10 Tf 72 720 Td ({text}) Tj ET")), "FlateDecode");

    public static byte[] Flate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true)) zlib.Write(data);
        return output.ToArray();
    }

    public static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    private static void Write(Stream s, string text) => s.Write(Ascii(text));
}
