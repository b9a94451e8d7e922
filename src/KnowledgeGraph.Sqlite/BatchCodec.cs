using System.IO.Compression;
using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Sqlite;

/// <summary>
/// How <c>documents.batch</c> (each document's batch as written, for copying a graph to another store) is stored:
/// Brotli-compressed JSON in a BLOB. As plain JSON it was the largest thing in the file (about 14 KB of 40 KB per
/// paper: it repeats every evidence sentence) and compresses about six-fold; it is read only by exports. Rows written
/// before hold JSON text and are read as such.
/// </summary>
internal static class BatchCodec
{
    // Quality 1: faster than serialising the JSON; higher qualities cost several times more for a few percent.
    private const int Quality = 1;
    private const int Window = 22;

    public static byte[] Encode(GraphBatch batch)
    {
        var json = System.Text.Encoding.UTF8.GetBytes(GraphJson.Serialize(batch));
        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(json.Length)];
        if (!BrotliEncoder.TryCompress(json, buffer, out var written, Quality, Window))
            throw new InvalidOperationException("Brotli could not compress a document batch.");
        return buffer[..written];
    }

    /// <summary>A stored batch: compressed (BLOB) or, from before, JSON text.</summary>
    public static GraphBatch Decode(object value)
    {
        if (value is string json) return GraphJson.Deserialize<GraphBatch>(json);
        using var input = new MemoryStream((byte[])value);
        using var brotli = new BrotliStream(input, CompressionMode.Decompress);
        using var reader = new StreamReader(brotli, System.Text.Encoding.UTF8);
        return GraphJson.Deserialize<GraphBatch>(reader.ReadToEnd());
    }
}
