using System.Buffers;
using System.IO.Compression;
using System.Text.Json;
using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Sqlite;

/// <summary>
/// A value as Brotli-compressed JSON (<see cref="GraphJson.Options"/>), the form of the stored evidence lists and batch
/// records. The JSON is written into a buffer the thread keeps and compressed into a pooled one, so a value costs one
/// allocation, its result: serialising to a new array and compressing into a worst-case-sized one cost three, which were
/// a sixth of what ingest allocated (evidence is encoded for every edge of every paper).
/// </summary>
internal static class BrotliJson
{
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_json;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    /// <summary>Past this many bytes a thread's JSON buffer is not kept (a rare huge value must not pin its memory).</summary>
    private const int KeptBufferBytes = 1 << 20;

    public static byte[] Encode<T>(T value, int quality, int window)
    {
        var json = t_json ??= new ArrayBufferWriter<byte>(4096);
        var writer = t_writer ??= new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = GraphJson.Options.Encoder, SkipValidation = true });
        try
        {
            JsonSerializer.Serialize(writer, value, GraphJson.Options);
            writer.Flush();
            var written = json.WrittenSpan;
            var buffer = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(written.Length));
            try
            {
                if (!BrotliEncoder.TryCompress(written, buffer, out var size, quality, window))
                    throw new InvalidOperationException("Brotli could not compress a value.");
                return buffer.AsSpan(0, size).ToArray();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        finally
        {
            writer.Reset();
            if (json.Capacity > KeptBufferBytes) (t_json, t_writer) = (null, null);
            else json.ResetWrittenCount();
        }
    }
}
