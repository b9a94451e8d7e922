using System.Net.Http.Json;
using System.Text.Json;

namespace KnowledgeGraph.Explorer.Tests;

/// <summary>What the API itself answers, so the browser assertions compare against the store, not against constants.</summary>
internal static class Api
{
    public static async Task<JsonElement> GetAsync(BrowserFixture fixture, string path)
    {
        using var client = new HttpClient { BaseAddress = fixture.Host.BaseAddress };
        return await client.GetFromJsonAsync<JsonElement>(path);
    }

    public static IEnumerable<string> Ids(JsonElement array) => array.EnumerateArray().Select(e => e.GetProperty("id").GetString()!);
}
