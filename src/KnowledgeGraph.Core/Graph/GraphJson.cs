using System.Text.Json;
using System.Text.Json.Serialization;

namespace KnowledgeGraph.Core.Graph;

/// <summary>
/// JSON for graph data at rest and on the wire. Property maps hold only JSON-friendly values; reading them back
/// yields string, long, double, bool, string[] or null so a round trip compares equal across stores.
/// </summary>
public static class GraphJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        o.Converters.Add(new PropertyMapConverter());
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Expected a {typeof(T).Name}, got null.");

    /// <summary>Converts a JSON value to the CLR value a property map holds.</summary>
    public static object? ToClr(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? (object)l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Array => e.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String)
            ? e.EnumerateArray().Select(x => x.GetString()!).ToArray()
            : e.EnumerateArray().Select(ToClr).ToArray(),
        JsonValueKind.Object => NormalizeMap(e.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, ToClr(p.Value)))),
        _ => e.GetRawText(),
    };

    private static IReadOnlyDictionary<string, object?> NormalizeMap(IEnumerable<KeyValuePair<string, object?>> map)
    {
        var normalized = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in map) normalized[key] = Normalize(value);
        return normalized;
    }

    /// <summary>Normalises a CLR value for a property map (ints widen to long, lists of strings to string[]).</summary>
    public static object? Normalize(object? value) => value switch
    {
        null => null,
        string or bool or long or double => value,
        int i => (long)i,
        float f => (double)f,
        decimal d => (double)d,
        JsonElement je => ToClr(je),
        IEnumerable<string> s => s.ToArray(),
        // Before the list case: a map is a list of key/value pairs too, and must stay a map (not "[key, value]" strings).
        IEnumerable<KeyValuePair<string, object?>> map => NormalizeMap(map),
        System.Collections.IEnumerable list => list.Cast<object?>().Select(Normalize).ToArray(),
        _ => value.ToString(),
    };

    private sealed class PropertyMapConverter : JsonConverter<IReadOnlyDictionary<string, object?>>
    {
        public override IReadOnlyDictionary<string, object?> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            var map = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var p in doc.RootElement.EnumerateObject())
                map[p.Name] = ToClr(p.Value);
            return map;
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<string, object?> value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            foreach (var (k, v) in value.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(k);
                JsonSerializer.Serialize(writer, Normalize(v), options);
            }
            writer.WriteEndObject();
        }
    }
}
