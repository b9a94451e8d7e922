using System.IO.Compression;
using System.Text.Json;
using KnowledgeGraph.Core.Graph;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite;

/// <summary>
/// How <c>contributions.evidence</c> (a document's evidence sentences for one edge) is stored: Brotli-compressed JSON in a
/// BLOB. As JSON text it was about half of the file (some 10 KB per paper: every sentence with its field names, a sentence
/// often repeated for each span it holds) and every byte of it passes through the one writer (page copies, log checksums,
/// checkpoints); compressed it is about 2.5 times smaller. Compression runs before the write lock, with the rest of a
/// batch's serialisation. Rows written before hold JSON text and are read as such, so an older file needs no upgrade.
/// </summary>
internal static class EvidenceCodec
{
    // Quality 2, window 64 KiB (covers any row): measured on the 200,000 rows of a 20,000-paper graph, quality 2 was both
    // smaller (382 bytes a row on average, from 821) and faster than quality 1 (whose one-shot call sets up larger
    // buffers); quality 5 made compression a fifth of the whole ingest's processor time for a few percent less.
    private const int Quality = 2;
    private const int Window = 16;

    public static byte[] Encode(IReadOnlyList<EvidenceSentence> evidence) => BrotliJson.Encode(evidence, Quality, Window);

    /// <summary>The sentences of column <paramref name="ordinal"/>: compressed (BLOB) or, from before, JSON text.</summary>
    public static List<EvidenceSentence> Read(SqliteDataReader r, int ordinal)
    {
        var value = r.GetValue(ordinal);
        if (value is string json) return GraphJson.Deserialize<List<EvidenceSentence>>(json);
        using var input = new MemoryStream((byte[])value);
        using var brotli = new BrotliStream(input, CompressionMode.Decompress);
        return JsonSerializer.Deserialize<List<EvidenceSentence>>(brotli, GraphJson.Options) ?? throw new JsonException("Expected evidence, got null.");
    }
}
