using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace KnowledgeGraph.Explorer.Tests;

/// <summary>The explorer's files over HTTP: only the manifest is served, with its type and cache headers.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ExplorerAssetTests(BrowserFixture fixture)
{
    private HttpClient Client() => new() { BaseAddress = fixture.Host.BaseAddress };

    [Theory]
    [InlineData("/", "text/html", "no-cache")]
    [InlineData("/api/explorer", "text/html", "no-cache")]
    [InlineData("/api/explorer/index.html", "text/html", "no-cache")]
    [InlineData("/api/explorer/app.js", "text/javascript", "public, max-age=300")]
    [InlineData("/api/explorer/app.css", "text/css", "public, max-age=300")]
    [InlineData("/api/explorer/cytoscape.min.js", "text/javascript", "public, max-age=300")]
    [InlineData("/api/explorer/style.json", "application/json", "public, max-age=300")]
    public async Task Each_asset_has_its_content_type_cache_policy_and_etag(string path, string mediaType, string cacheControl)
    {
        using var client = Client();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(cacheControl, response.Headers.CacheControl?.ToString());
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100);
    }

    [Fact]
    public async Task The_page_forbids_other_origins_and_kg_serve_root_is_the_same_page()
    {
        using var client = Client();
        using var root = await client.GetAsync(new Uri("/", UriKind.Relative));
        using var functionsPath = await client.GetAsync(new Uri("/api/explorer", UriKind.Relative));
        Assert.Equal(await root.Content.ReadAsStringAsync(), await functionsPath.Content.ReadAsStringAsync());
        var csp = root.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", csp, StringComparison.Ordinal);
        var html = await root.Content.ReadAsStringAsync();
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_served_cytoscape_is_the_locked_npm_package()
    {
        using var client = Client();
        var served = await client.GetStringAsync(new Uri("/api/explorer/cytoscape.min.js", UriKind.Relative));
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "KnowledgeGraph.sln"))) dir = dir.Parent;
        using var lockFile = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir.FullName, "explorer", "package-lock.json")));
        var version = lockFile.RootElement.GetProperty("packages").GetProperty("node_modules/cytoscape").GetProperty("version").GetString()!;
        Assert.Contains($"\"{version}\"", served, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(dir.FullName, "explorer", "node_modules", "cytoscape", "dist", "cytoscape.min.js")), served);
    }

    [Theory]
    [InlineData("/api/explorer/nope.js")]
    [InlineData("/api/explorer/APP.JS")]
    [InlineData("/api/explorer/..%2Fapp.js")]
    [InlineData("/api/explorer/..%2F..%2Fappsettings.json")]
    [InlineData("/api/explorer/src/app.js")]
    [InlineData("/api/explorer/%2Fetc%2Fpasswd")]
    [InlineData("/api/explorer/KnowledgeGraph.Api.dll")]
    public async Task Anything_outside_the_manifest_is_a_404_problem(string path)
    {
        using var client = Client();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_matching_etag_gets_304_and_a_stale_one_gets_the_asset()
    {
        using var client = Client();
        using var first = await client.GetAsync(new Uri("/api/explorer/app.js", UriKind.Relative));
        var etag = first.Headers.ETag!;
        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/explorer/app.js", UriKind.Relative));
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());

        using var stale = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/explorer/app.js", UriKind.Relative));
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0000\""));
        using var full = await client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_explorer_but_not_the_kg_serve_root()
    {
        using var client = Client();
        using var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/openapi.json", UriKind.Relative)));
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/explorer/{asset}", out var explorer));
        Assert.Equal("Explorer", explorer.GetProperty("get").GetProperty("operationId").GetString());
        Assert.False(paths.TryGetProperty("/", out _));
    }
}
