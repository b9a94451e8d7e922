using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KnowledgeGraph.Functions.Host.Tests.Parity;

/// <summary>
/// What a client sees of a response, for comparing the two hosts: status, content type, every header but the
/// server's own and the message framing (Date, Server, Content-Length, Transfer-Encoding), and the body. In JSON bodies the values that differ per request or per clock by design (a problem's
/// <c>traceId</c>, a ledger record's <c>updatedAt</c>) are masked; everything else must be byte-for-byte equal.
/// </summary>
internal sealed record ResponseSnapshot(string Head, string Body)
{
    private static readonly HashSet<string> NotCompared = new(StringComparer.OrdinalIgnoreCase) { "Date", "Server", "Content-Length", "Transfer-Encoding", "Content-Type" };
    private static readonly HashSet<string> Varying = new(StringComparer.Ordinal) { "traceId", "updatedAt" };

    public static async Task<ResponseSnapshot> TakeAsync(HttpResponseMessage response)
    {
        var head = new StringBuilder();
        head.Append((int)response.StatusCode).Append(' ').AppendLine(response.Content.Headers.ContentType?.ToString() ?? "(no content type)");
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers).Where(h => !NotCompared.Contains(h.Key)).OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
            head.Append(name).Append(": ").AppendLine(string.Join(", ", values));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var body = Encoding.UTF8.GetString(bytes);
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true && bytes.Length > 0)
            body = MaskVarying(body);
        return new ResponseSnapshot(head.ToString(), body);
    }

    private static string MaskVarying(string json)
    {
        var node = JsonNode.Parse(json);
        Mask(node);
        // Re-serialized only to mask; property order and values are kept, so any other difference still shows.
        return node?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "null";
    }

    private static void Mask(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (Varying.Contains(name) && obj[name] is JsonValue) obj[name] = "(varies)";
                    else Mask(obj[name]);
                }
                break;
            case JsonArray array:
                foreach (var item in array) Mask(item);
                break;
        }
    }
}
