using System.Net;
using System.Text.Json;

namespace KnowledgeGraph.Neo4j.Tests;

/// <summary>Answers an UpsertDocuments request with one result row per document it carried, as the statement's
/// RETURN clause does; other statements get an empty result.</summary>
internal static class UpsertResponder
{
    public static (HttpStatusCode, string) Answer(JsonDocument request)
    {
        var parameters = request.RootElement.GetProperty("parameters");
        if (!parameters.TryGetProperty("docs", out var docs)) return (HttpStatusCode.Accepted, QueryApiBodies.Empty);
        var rows = docs.EnumerateArray()
            .Select(d => new object?[] { d.GetProperty("id").GetString(), "Added", d.GetProperty("nodes").GetArrayLength(), d.GetProperty("edges").GetArrayLength(), 2 })
            .ToArray();
        return (HttpStatusCode.Accepted, QueryApiBodies.Rows(["id", "outcome", "nodesCreated", "relationshipsCreated", "evidenceAdded"], rows));
    }
}
