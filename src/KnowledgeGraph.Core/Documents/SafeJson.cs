using System.Globalization;
using System.Text.Json;

namespace KnowledgeGraph.Core.Documents;

/// <summary>JSON parsing with the depth limit enforced, plus tolerant accessors for loosely typed fields.</summary>
internal static class SafeJson
{
    /// <param name="where">How to name the input in messages, e.g. "'file.json'" or "line 2".</param>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, ReadContext ctx, string formatName, string where)
    {
        if (utf8.Span.StartsWith(TextDecoding.Utf8Bom))
        {
            utf8 = utf8[3..];
        }

        CheckDepth(utf8.Span, ctx, formatName, where);
        try
        {
            return JsonDocument.Parse(utf8, new JsonDocumentOptions
            {
                MaxDepth = ctx.Limits.MaxXmlDepth + 1,
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
        }
        catch (JsonException e)
        {
            throw new DocumentReadException(DocumentErrorCode.Malformed,
                $"{formatName}: {where} is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }
    }

    // A forward-only pass that reports nesting beyond the limit as LimitExceeded (JsonDocument would report it as a
    // generic syntax error), and lets a long scan be cancelled.
    private static void CheckDepth(ReadOnlySpan<byte> utf8, ReadContext ctx, string formatName, string where)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions
        {
            MaxDepth = Math.Max(ctx.Limits.MaxXmlDepth + 2, 1024),
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        var tokens = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth >= ctx.Limits.MaxXmlDepth)
                {
                    throw new DocumentReadException(DocumentErrorCode.LimitExceeded,
                        $"{formatName}: {where} nests JSON deeper than {ctx.Limits.MaxXmlDepth} levels (limit MaxXmlDepth)");
                }

                if (++tokens % 4096 == 0)
                {
                    ctx.Token.ThrowIfCancellationRequested();
                }
            }
        }
        catch (JsonException e)
        {
            throw new DocumentReadException(DocumentErrorCode.Malformed,
                $"{formatName}: {where} is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }
    }

    /// <summary>The property at <paramref name="path"/>, or null when any step is missing or not an object.</summary>
    public static JsonElement? Get(this JsonElement e, params string[] path)
    {
        var current = e;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : current;
    }

    /// <summary>A string (or a number written as text) at <paramref name="path"/>; null when absent, blank or of another kind.</summary>
    public static string? Str(this JsonElement e, params string[] path) => e.Get(path) switch
    {
        { ValueKind: JsonValueKind.String } s when !string.IsNullOrWhiteSpace(s.GetString()) => s.GetString()!.Trim(),
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        _ => null,
    };

    public static int? Int(this JsonElement e, params string[] path) => e.Get(path) switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetInt32(out var i) => i,
        { ValueKind: JsonValueKind.String } s when int.TryParse(s.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
        _ => null,
    };

    /// <summary>Items of the array at <paramref name="path"/> (empty when absent or not an array).</summary>
    public static IEnumerable<JsonElement> Items(this JsonElement e, params string[] path) =>
        e.Get(path) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : [];

    /// <summary>Strings of the array at <paramref name="path"/>, skipping non-string items.</summary>
    public static List<string> Strings(this JsonElement e, params string[] path) =>
        e.Items(path).Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!.Trim()).Where(s => s.Length > 0).ToList();
}
