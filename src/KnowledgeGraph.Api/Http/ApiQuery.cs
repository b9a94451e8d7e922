using System.Globalization;
using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Api.Http;

/// <summary>
/// Reads and validates query and route values. Both hosts hand handlers a raw <see cref="HttpRequest"/>, so the
/// rules live here once; every violation is an <see cref="ApiProblemException"/> (400).
/// </summary>
public static class ApiQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static string? Optional(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;

    public static string Required(HttpRequest request, string name) =>
        Optional(request, name) ?? throw ApiProblemException.BadRequest($"Query parameter '{name}' is required.");

    public static int Int(HttpRequest request, string name, int defaultValue, int min, int max)
    {
        var raw = Optional(request, name);
        if (raw is null) return defaultValue;
        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw ApiProblemException.BadRequest($"'{name}' must be a whole number from {min} to {max}; got '{raw}'.");
        return value;
    }

    public static int Limit(HttpRequest request) => Int(request, "limit", DefaultLimit, 1, MaxLimit);

    public static string? Cursor(HttpRequest request) => Optional(request, "cursor");

    /// <summary>A node label from the schema allow-list (case-insensitive), or null when absent.</summary>
    public static string? Label(HttpRequest request, string name = "label") =>
        Optional(request, name) is { } raw
            ? GraphSchema.NodeLabels.FirstOrDefault(l => l.Equals(raw, StringComparison.OrdinalIgnoreCase))
              ?? throw ApiProblemException.BadRequest($"'{raw}' is not a node label; use one of {string.Join(", ", GraphSchema.NodeLabels.Order(StringComparer.Ordinal))}.")
            : null;

    public static string RelationshipType(string raw) =>
        GraphSchema.RelationshipTypes.FirstOrDefault(t => t.Equals(raw.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw ApiProblemException.BadRequest($"'{raw}' is not a relationship type; use one of {string.Join(", ", GraphSchema.RelationshipTypes.Order(StringComparer.Ordinal))}.");

    /// <summary>Comma-separated relationship types, or null when absent.</summary>
    public static IReadOnlyCollection<string>? Types(HttpRequest request, string name = "types") =>
        Optional(request, name) is { } raw
            ? raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(RelationshipType).Distinct().ToList()
            : null;

    /// <summary>A route id: decoded once more because %2F stays encoded in ASP.NET Core paths.</summary>
    public static string Id(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) throw ApiProblemException.BadRequest("An id is required.");
        var decoded = Uri.UnescapeDataString(id).Trim();
        if (decoded.Length > GraphIds.MaxLength) throw ApiProblemException.BadRequest($"The id is longer than {GraphIds.MaxLength} characters.");
        return decoded;
    }

    /// <summary>Ids with a kind prefix accept the bare form too: <c>treg</c> means <c>celltype:treg</c>.</summary>
    public static string WithPrefix(string id, string prefix) =>
        id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? prefix + id[prefix.Length..] : prefix + id;
}
