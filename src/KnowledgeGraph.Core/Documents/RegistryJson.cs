using System.Globalization;
using System.Text.Json;

namespace KnowledgeGraph.Core.Documents;

/// <summary>
/// Strict reading of one ClinicalTrials.gov API v2 study: a missing field or module is simply absent, but a field of
/// the wrong JSON kind (an object where text belongs, "forty" as a count, a string where a list belongs) is a
/// <see cref="DocumentErrorCode.Malformed"/> error naming the study and the field's path, and a list longer than
/// <see cref="ReaderLimits.MaxRegistryListItems"/> or results with more than
/// <see cref="ReaderLimits.MaxRegistryResultValues"/> values are <see cref="DocumentErrorCode.LimitExceeded"/>.
/// Silently dropping a wrongly typed fact would make the trial card lie by omission.
/// </summary>
internal sealed class RegistryJson(ReadContext ctx, string format, string where)
{
    private int _values;

    /// <summary>The object at <paramref name="name"/> under <paramref name="parent"/>; null when absent or JSON null.</summary>
    public JsonElement? Obj(JsonElement? parent, string name, string path)
    {
        var e = Child(parent, name);
        if (e is null) return null;
        return e.Value.ValueKind == JsonValueKind.Object ? e : throw Odd(path, e.Value, "an object");
    }

    /// <summary>A list item that must be an object.</summary>
    public JsonElement Item(JsonElement item, string path) =>
        item.ValueKind == JsonValueKind.Object ? item : throw Odd(path, item, "an object");

    /// <summary>The items of the array at <paramref name="name"/>; empty when absent.</summary>
    public IReadOnlyList<JsonElement> Arr(JsonElement? parent, string name, string path)
    {
        var e = Child(parent, name);
        if (e is null) return [];
        if (e.Value.ValueKind != JsonValueKind.Array) throw Odd(path, e.Value, "a list");
        var length = e.Value.GetArrayLength();
        if (length > ctx.Limits.MaxRegistryListItems)
        {
            throw new DocumentReadException(DocumentErrorCode.LimitExceeded,
                $"{format}: {where}: {path} has {length:N0} items; the limit is {ctx.Limits.MaxRegistryListItems:N0} (MaxRegistryListItems)");
        }

        ctx.Token.ThrowIfCancellationRequested();
        return [.. e.Value.EnumerateArray()];
    }

    /// <summary>Text (a number or boolean written as JSON is kept as its JSON text); null when absent or blank.</summary>
    public string? Str(JsonElement? parent, string name, string path)
    {
        var e = Child(parent, name);
        return e is null ? null : Text(e.Value, path);
    }

    public int? Int(JsonElement? parent, string name, string path)
    {
        var e = Child(parent, name);
        if (e is null) return null;
        return e.Value.ValueKind switch
        {
            JsonValueKind.Number when e.Value.TryGetInt32(out var i) => i,
            JsonValueKind.String when string.IsNullOrWhiteSpace(e.Value.GetString()) => null,
            JsonValueKind.String when int.TryParse(e.Value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
            _ => throw Odd(path, e.Value, "a whole number"),
        };
    }

    public bool? Bool(JsonElement? parent, string name, string path)
    {
        var e = Child(parent, name);
        if (e is null) return null;
        return e.Value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(e.Value.GetString(), out var b) => b,
            _ => throw Odd(path, e.Value, "true or false"),
        };
    }

    /// <summary>The texts of a list of strings (blank items skipped).</summary>
    public List<string> Strs(JsonElement? parent, string name, string path)
    {
        var items = Arr(parent, name, path);
        var list = new List<string>(items.Count);
        for (var i = 0; i < items.Count; i++)
            if (Text(items[i], $"{path}[{i}]") is { } s) list.Add(s);
        return list;
    }

    /// <summary>Counts one result value against <see cref="ReaderLimits.MaxRegistryResultValues"/>.</summary>
    public void CountValue()
    {
        if (++_values > ctx.Limits.MaxRegistryResultValues)
        {
            throw new DocumentReadException(DocumentErrorCode.LimitExceeded,
                $"{format}: {where}: the results hold more than {ctx.Limits.MaxRegistryResultValues:N0} values (MaxRegistryResultValues)");
        }

        if (_values % 4096 == 0) ctx.Token.ThrowIfCancellationRequested();
    }

    public DocumentReadException Missing(string path) =>
        new(DocumentErrorCode.Malformed, $"{format}: {where} has no {path}");

    private string? Text(JsonElement e, string path) => e.ValueKind switch
    {
        JsonValueKind.String => string.IsNullOrWhiteSpace(e.GetString()) ? null : e.GetString()!.Trim(),
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => throw Odd(path, e, "text"),
    };

    private static JsonElement? Child(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var e) && e.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? e : null;

    private DocumentReadException Odd(string path, JsonElement e, string expected)
    {
        var shown = e.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "a list",
            JsonValueKind.String => $"the text \"{Clip(e.GetString()!)}\"",
            JsonValueKind.Number => $"the number {Clip(e.GetRawText())}",
            _ => e.ValueKind.ToString().ToLowerInvariant(),
        };
        return new DocumentReadException(DocumentErrorCode.Malformed, $"{format}: {where}: {path} is {shown}, expected {expected}");
    }

    private static string Clip(string s) => s.Length <= 40 ? s : s[..37] + "...";
}
