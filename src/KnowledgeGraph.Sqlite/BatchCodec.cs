using System.IO.Compression;
using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Sqlite;

/// <summary>
/// How <c>documents.batch</c> (each document's batch as written, for copying a graph to another store) is stored.
/// <list type="bullet">
/// <item>Format 1 (<see cref="Slim"/>, written since issue 18): the batch without its evidence sentences, with the number of
/// sentences of each edge, and with the nodes it does not own as keys of <c>batch_nodes</c> (one row per distinct node),
/// Brotli-compressed JSON. The sentences are the contributions' evidence (one row per distinct edge
/// of the document, the batch's duplicate edges' sentences concatenated in batch order), so an export puts them back from
/// there. The full record repeated every sentence and every concept's synonym list (3.4 KB of the 17 KB a synthetic paper
/// took, its JSON and compression about a tenth of ingest's processor time); the slim one is about 1.2 KB.</item>
/// <item>Format 0 (<see cref="Full"/>): the whole batch, Brotli-compressed JSON in a BLOB, or, from before that, JSON text.
/// Still read; a delete that takes another document's contributions with it (a paper's node and every edge touching it)
/// rewrites that document's record in this format first, so the export keeps its evidence.</item>
/// </list>
/// Either is read only by exports.
/// </summary>
internal static class BatchCodec
{
    public const int Full = 0;

    public const int Slim = 1;

    // Quality 1: faster than serialising the JSON; higher qualities cost several times more for a few percent.
    private const int Quality = 1;
    private const int Window = 22;

    /// <summary>The whole batch (format 0).</summary>
    public static byte[] Encode(GraphBatch batch) => BrotliJson.Encode(batch, Quality, Window);

    /// <summary>
    /// The batch without its evidence, with each edge's sentence count, and with each node it does not own (a vocabulary
    /// concept with its synonyms, named by every paper that mentions it) as a reference to <paramref name="sharedNodes"/>'
    /// entry (format 1). Those nodes were two thirds of a paper's record.
    /// </summary>
    public static byte[] EncodeSlim(GraphBatch batch, out IReadOnlyList<(string Hash, string Json)> sharedNodes)
    {
        var inline = new List<GraphNode>();
        var refs = new List<string?>(batch.Nodes.Count);
        var shared = new List<(string, string)>();
        foreach (var node in batch.Nodes)
        {
            if (node.Authoritative)
            {
                inline.Add(node);
                refs.Add(null);
                continue;
            }
            var text = SharedNodeText.Of(node);
            refs.Add(text.Hash);
            shared.Add((text.Hash, text.Json));
        }
        sharedNodes = shared;
        var record = new SlimRecord(
            batch with { Nodes = inline, Edges = [.. batch.Edges.Select(e => e.Evidence.Count == 0 ? e : e with { Evidence = [] })] },
            [.. batch.Edges.Select(e => e.Evidence.Count)], refs);
        return BrotliJson.Encode(record, Quality, Window);
    }

    /// <summary>A shared node's key: 128 bits of the SHA-256 of its JSON (equal nodes are one row, different ones never meet).</summary>
    internal static string NodeHash(string json) =>
        Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json)).AsSpan(0, 16));

    /// <summary>A stored full batch: compressed (BLOB) or, from before, JSON text.</summary>
    public static GraphBatch Decode(object value)
    {
        if (value is string json) return GraphJson.Deserialize<GraphBatch>(json);
        return GraphJson.Deserialize<GraphBatch>(Decompress((byte[])value));
    }

    /// <summary>A stored slim record.</summary>
    public static SlimRecord DecodeSlim(byte[] value) => GraphJson.Deserialize<SlimRecord>(Decompress(value));

    /// <summary>
    /// The batch a slim record was made from: each shared node from <paramref name="sharedNode"/> (its JSON by key), each edge
    /// the next <c>count</c> sentences of its contribution's evidence (<paramref name="evidence"/>, keyed by edge), in batch order.
    /// </summary>
    public static GraphBatch Restore(SlimRecord record, Func<string, string?> sharedNode,
        IReadOnlyDictionary<(string From, string Type, string To), List<EvidenceSentence>> evidence)
    {
        var batch = record.Batch;
        if (record.EvidenceCounts.Count != batch.Edges.Count || record.NodeRefs.Count(r => r is null) != batch.Nodes.Count)
            throw new InvalidDataException($"The stored batch of {batch.DocumentId} does not match its evidence counts or node references.");
        var nodes = new List<GraphNode>(record.NodeRefs.Count);
        var nextInline = 0;
        foreach (var hash in record.NodeRefs)
        {
            if (hash is null)
            {
                nodes.Add(batch.Nodes[nextInline++]);
                continue;
            }
            var json = sharedNode(hash)
                ?? throw new InvalidDataException($"The stored batch of {batch.DocumentId} names a shared node the database does not hold.");
            nodes.Add(GraphJson.Deserialize<GraphNode>(json));
        }
        var taken = new Dictionary<(string, string, string), int>();
        var edges = new List<GraphEdge>(batch.Edges.Count);
        for (var i = 0; i < batch.Edges.Count; i++)
        {
            var edge = batch.Edges[i];
            var count = record.EvidenceCounts[i];
            var key = (edge.From, edge.Type, edge.To);
            var from = taken.GetValueOrDefault(key);
            if (count > 0 && (!evidence.TryGetValue(key, out var sentences) || sentences.Count < from + count))
                throw new InvalidDataException(
                    $"The stored batch of {batch.DocumentId} needs evidence of {edge.From} -[{edge.Type}]-> {edge.To} that the database no longer holds.");
            edges.Add(count == 0 ? edge : edge with { Evidence = evidence[key].GetRange(from, count) });
            taken[key] = from + count;
        }
        return batch with { Nodes = nodes, Edges = edges };
    }

    private static string Decompress(byte[] value)
    {
        using var input = new MemoryStream(value);
        using var brotli = new BrotliStream(input, CompressionMode.Decompress);
        using var reader = new StreamReader(brotli, System.Text.Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>A batch with every edge's evidence and every node it does not own left out; how many sentences each edge had;
    /// per node of the batch, in order, null (the next node left in) or its shared node's key.</summary>
    internal sealed record SlimRecord(GraphBatch Batch, IReadOnlyList<int> EvidenceCounts, IReadOnlyList<string?> NodeRefs);
}
