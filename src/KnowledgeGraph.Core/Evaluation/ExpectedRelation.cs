using System.Text.Json;

namespace KnowledgeGraph.Core.Evaluation;

/// <summary>
/// A finding a curator put in a document's results table (<c>expected.relations</c> of the evaluation JSONL):
/// <c>celltype:x REPORTS_OUTCOME outcome:y</c> with a polarity (improved, worsened, unchanged, not_achieved), other
/// acceptable readings, an optional value, and <c>context: preclinical</c> for animal or in-vitro findings (scored apart).
/// </summary>
public sealed record ExpectedRelation(
    string From,
    string Type,
    string To,
    string? Polarity,
    IReadOnlyList<string> AlsoAccept,
    string? Value,
    string? Context)
{
    public bool IsPreclinical => string.Equals(Context, "preclinical", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses one item of <c>expected.relations</c>; <paramref name="fail"/> builds the line-numbered error.</summary>
    internal static ExpectedRelation Parse(JsonElement item, Func<string, FormatException> fail)
    {
        if (item.ValueKind != JsonValueKind.Object) throw fail("'relations' items must be objects");
        string Required(string name) =>
            item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
                ? s : throw fail($"a relation's '{name}' is missing or not a string");
        string? Optional(string name) =>
            !item.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
            : v.ValueKind == JsonValueKind.String ? v.GetString() : throw fail($"a relation's '{name}' must be a string");
        IReadOnlyList<string> also = [];
        if (item.TryGetProperty("alsoAccept", out var a) && a.ValueKind != JsonValueKind.Null)
        {
            if (a.ValueKind != JsonValueKind.Array || a.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
                throw fail("a relation's 'alsoAccept' must be an array of strings");
            also = [.. a.EnumerateArray().Select(x => x.GetString()!)];
        }
        return new ExpectedRelation(Required("from"), Required("type"), Required("to"), Optional("polarity"), also,
            Optional("value"), Optional("context"));
    }
}
