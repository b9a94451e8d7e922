using System.Net;
using System.Text.Json;

namespace KnowledgeGraph.Cli.Bench;

/// <summary>
/// Stands in for a Neo4j server's Query API so the Neo4j store can write without one: counts every request and
/// its bytes, answers an UpsertDocuments statement with one result row per document it carried (the fields its
/// RETURN clause names), and any other statement with an empty result, in the Query API's JSON shape.
/// </summary>
internal sealed class QueryApiRecorder : HttpMessageHandler
{
    private long _requests;
    private long _requestBytes;
    private long _responseBytes;

    public long Requests => Interlocked.Read(ref _requests);

    public long RequestBytes => Interlocked.Read(ref _requestBytes);

    public long ResponseBytes => Interlocked.Read(ref _responseBytes);

    public void Reset()
    {
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _requestBytes, 0);
        Interlocked.Exchange(ref _responseBytes, 0);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        Interlocked.Increment(ref _requests);
        Interlocked.Add(ref _requestBytes, body.Length);
        var answer = Answer(body);
        Interlocked.Add(ref _responseBytes, answer.Length);
        return new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new ByteArrayContent(answer) { Headers = { { "Content-Type", "application/json" } } } };
    }

    internal static byte[] Answer(byte[] body)
    {
        using var request = JsonDocument.Parse(body);
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("data");
            if (request.RootElement.TryGetProperty("parameters", out var p) && p.TryGetProperty("docs", out var docs))
            {
                w.WriteStartArray("fields");
                foreach (var f in new[] { "id", "outcome", "nodesCreated", "relationshipsCreated", "evidenceAdded" }) w.WriteStringValue(f);
                w.WriteEndArray();
                w.WriteStartArray("values");
                foreach (var d in docs.EnumerateArray())
                {
                    w.WriteStartArray();
                    w.WriteStringValue(d.GetProperty("id").GetString());
                    w.WriteStringValue("Added");
                    w.WriteNumberValue(d.GetProperty("nodes").GetArrayLength());
                    w.WriteNumberValue(d.GetProperty("edges").GetArrayLength());
                    w.WriteNumberValue(0);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
            }
            else
            {
                w.WriteStartArray("fields");
                w.WriteEndArray();
                w.WriteStartArray("values");
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteStartArray("bookmarks");
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
