using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Neo4j;

/// <summary>
/// JSON settings for everything the store sends or keeps as JSON text. Values typed <c>object</c> are read back
/// as the plain CLR values the graph model allows (string, long, double, bool, string[], maps), never as
/// <see cref="JsonElement"/>, so a batch read from Neo4j equals the batch that was written.
/// </summary>
internal static class Neo4jJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new PlainObjectConverter());
        options.Converters.Add(new FloatPreservingDoubleConverter());
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }

    /// <summary>A JSON value as a plain CLR value: <see cref="GraphJson.ToClr"/> (integral numbers as long, others as
    /// double, string arrays as string[]), plus nested maps, which Query API rows carry.</summary>
    public static object? ToPlain(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => ToPlain(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array when e.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String) => e.EnumerateArray().Select(ToPlain).ToArray(),
        _ => GraphJson.ToClr(e),
    };

    private sealed class PlainObjectConverter : JsonConverter<object>
    {
        public override object? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            return ToPlain(doc.RootElement);
        }

        public override void Write(Utf8JsonWriter writer, object value, JsonSerializerOptions options)
        {
            if (value.GetType() == typeof(object))
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
                return;
            }
            JsonSerializer.Serialize(writer, value, value.GetType(), options);
        }
    }

    /// <summary>Writes 1.0 as <c>1.0</c>, not <c>1</c>: Neo4j would otherwise store an INTEGER and a double would come back as long.</summary>
    private sealed class FloatPreservingDoubleConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsNaN(value) || double.IsInfinity(value))
                throw new JsonException("Neo4j parameters cannot carry NaN or infinity.");
            var text = value.ToString("R", CultureInfo.InvariantCulture);
            if (text.IndexOfAny(['.', 'E', 'e']) < 0) text += ".0";
            writer.WriteRawValue(text, skipInputValidation: true);
        }
    }
}
