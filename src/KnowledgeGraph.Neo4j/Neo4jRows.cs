using System.Text.Json;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Neo4j;

/// <summary>Reads the plain maps the statements project (no node/relationship objects) back into the graph model.</summary>
internal static class Neo4jRows
{
    public static GraphNode ToNode(JsonElement map)
    {
        var all = (Dictionary<string, object?>)Neo4jJson.ToPlain(map)!;
        var keys = all.TryGetValue("propertyKeys", out var k) && k is string[] list ? list : [];
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var key in keys)
            if (all.TryGetValue(key, out var v)) properties[key] = v;
        return new GraphNode(Text(all, "id"), Text(all, "label"), Text(all, "name"), properties);
    }

    /// <summary>A relationship map <c>{from, type, to, docIds, docAgents, docPublications, docEvidence, docProperties}</c>, aggregated.</summary>
    public static GraphRelationship ToRelationship(JsonElement map) =>
        RelationshipAggregator.Aggregate(map.GetProperty("from").GetString()!, map.GetProperty("type").GetString()!,
            map.GetProperty("to").GetString()!, Contributions(map));

    public static IReadOnlyList<EvidenceSentence> Evidence(JsonElement map) =>
        [.. Contributions(map).OrderBy(c => c.DocumentId, StringComparer.Ordinal).SelectMany(c => c.Evidence)];

    public static IReadOnlyList<EdgeContribution> Contributions(JsonElement map)
    {
        var ids = Strings(map, "docIds");
        var agents = Strings(map, "docAgents");
        var publications = Strings(map, "docPublications");
        var evidence = Strings(map, "docEvidence");
        var properties = Strings(map, "docProperties");
        var result = new List<EdgeContribution>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            result.Add(new EdgeContribution(
                ids[i],
                At(agents, i) ?? GraphEdge.TextMiningAgent,
                Deserialize<List<string>>(At(publications, i)) ?? [],
                Deserialize<List<EvidenceSentence>>(At(evidence, i)) ?? [],
                Deserialize<Dictionary<string, object?>>(At(properties, i)) ?? []));
        }
        return result;
    }

    public static OutcomeSummary ToOutcome(JsonElement map)
    {
        var rel = ToRelationship(map);
        long Count(string key) => rel.Properties.TryGetValue(key, out var v) && v is not null ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return new OutcomeSummary(rel.To, map.TryGetProperty("name", out var n) ? n.GetString() ?? rel.To : rel.To,
            (int)Count("positiveCount"), (int)Count("negativeCount"), rel.EvidenceCount);
    }

    public static IReadOnlyList<string> Strings(JsonElement map, string field) =>
        map.ValueKind == JsonValueKind.Object && map.TryGetProperty(field, out var v) ? Strings(v) : [];

    public static IReadOnlyList<string> Strings(JsonElement list) =>
        list.ValueKind == JsonValueKind.Array ? [.. list.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetRawText())] : [];

    public static string? OptionalString(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => e.GetRawText(),
    };

    private static string? At(IReadOnlyList<string> list, int i) => i < list.Count ? list[i] : null;

    private static T? Deserialize<T>(string? json) where T : class =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<T>(json, Neo4jJson.Options);

    private static string Text(Dictionary<string, object?> map, string key) =>
        map.TryGetValue(key, out var v) && v is not null ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)! : "";
}
