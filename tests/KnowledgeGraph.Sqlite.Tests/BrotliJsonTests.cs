using System.IO.Compression;
using System.Text.Json;
using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Sqlite.Tests;

/// <summary>The stored compressed JSON: the same bytes as serialising on its own, whatever the thread's buffer held before.</summary>
public class BrotliJsonTests
{
    private static byte[] Inflate(byte[] blob)
    {
        using var input = new MemoryStream(blob);
        using var brotli = new BrotliStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        brotli.CopyTo(output);
        return output.ToArray();
    }

    private static EvidenceSentence Sentence(string text) =>
        new("paper:pmid:1", text, 0, 4, "Results", "x/1", "improved", "6.4%", false, false, 1.0, "named");

    [Fact]
    public void Encoded_json_is_what_the_serialiser_writes_and_a_longer_value_before_leaves_no_trace()
    {
        IReadOnlyList<EvidenceSentence> big = [.. Enumerable.Range(0, 2_000).Select(i => Sentence($"Sentence {i} with β cells <and> \"quotes\"."))];
        IReadOnlyList<EvidenceSentence> small = [Sentence("HbA1c fell from 8.1% to 6.4% — in 7/10 patients (β-cell function).")];

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(big, GraphJson.Options), Inflate(BrotliJson.Encode(big, 2, 16)));
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(small, GraphJson.Options), Inflate(BrotliJson.Encode(small, 2, 16)));
    }

    [Fact]
    public void A_value_past_the_kept_buffer_size_is_encoded_whole()
    {
        IReadOnlyList<EvidenceSentence> huge = [.. Enumerable.Range(0, 20_000).Select(i => Sentence(new string('a', 100) + i))];
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(huge, GraphJson.Options), Inflate(EvidenceCodec.Encode(huge)));
        IReadOnlyList<EvidenceSentence> after = [Sentence("after")];
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(after, GraphJson.Options), Inflate(EvidenceCodec.Encode(after)));
    }
}
