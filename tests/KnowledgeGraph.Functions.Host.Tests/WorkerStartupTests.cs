using System.Net;
using System.Text.Json;
using KnowledgeGraph.Functions.Host.Tests.Host;

namespace KnowledgeGraph.Functions.Host.Tests;

/// <summary>The built app started as the Functions host starts it: handshake, indexing, loading, refusal.</summary>
public sealed class WorkerStartupTests
{
    private static Dictionary<string, string> Settings(string folder) => new()
    {
        ["KG__Store"] = "sqlite",
        ["KG__Sqlite__Path"] = Path.Combine(folder, "graph.db"),
        ["KG__Ingestion__Container"] = "papers",
    };

    [Fact]
    public async Task Worker_loads_every_function_of_its_metadata_and_serves_http_through_the_host()
    {
        var folder = Directory.CreateTempSubdirectory("kg-fnhost-").FullName;
        try
        {
            await using var host = await FunctionsHost.StartAsync(Settings(folder));
            using var metadata = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(host.AppDirectory, "functions.metadata")));
            var declared = metadata.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal);
            Assert.Equal(declared, host.Functions.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(24, host.Functions.Count);
            Assert.True(host.WorkerCapabilities.ContainsKey("HttpUri"), "The ASP.NET Core integration reports where HTTP requests go.");

            using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
            using var health = await client.GetAsync("api/health");
            var text = await health.Content.ReadAsStringAsync();
            Assert.True(health.StatusCode == HttpStatusCode.OK, text + "\n" + string.Join('\n', host.Logs));
            Assert.Equal("sqlite", JsonDocument.Parse(text).RootElement.GetProperty("store").GetString());
            Assert.Empty(host.Failures);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task App_refuses_to_start_when_reads_require_keys_the_build_lacks()
    {
        var folder = Directory.CreateTempSubdirectory("kg-fnhost-").FullName;
        try
        {
            var settings = Settings(folder);
            settings["KG__Api__RequireKeyForReads"] = "true";
            var refused = await Assert.ThrowsAsync<WorkerStartException>(() => FunctionsHost.StartAsync(settings));
            // Options are validated when the app starts, before it connects: no function is ever served anonymously.
            Assert.False(refused.Connected, refused.Message);
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("KG:Api:RequireKeyForReads is true but this build serves reads anonymously", refused.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
