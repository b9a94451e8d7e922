using System.Reflection;
using Microsoft.OpenApi;

namespace KnowledgeGraph.Api.Tests;

public sealed class OpenApiDocumentTests(SampleGraphFixture fixture) : IClassFixture<SampleGraphFixture>
{
    [Fact]
    public async Task Served_document_is_valid_openapi_with_every_route()
    {
        using var response = await fixture.Host.Client.GetAsync("/api/openapi.json");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = await response.Content.ReadAsStringAsync();
        var result = OpenApiDocument.Parse(json, "json");
        Assert.Empty(result.Diagnostic?.Errors ?? []);
        var document = result.Document!;
        Assert.Equal("KnowledgeGraph API", document.Info.Title);

        var routes = typeof(ApiRoutes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.Name != nameof(ApiRoutes.Prefix))
            .Select(f => "/api/" + ((string)f.GetRawConstantValue()!).Replace("{*", "{", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(20, routes.Distinct().Count());
        foreach (var route in routes) Assert.Contains(route, document.Paths.Keys);

        var papers = document.Paths["/api/papers/{id}"].Operations!;
        Assert.Contains(HttpMethod.Get, papers.Keys);
        Assert.Contains(HttpMethod.Delete, papers.Keys);
        var search = document.Paths["/api/nodes"].Operations![HttpMethod.Get];
        Assert.Contains(search.Parameters!, p => p.Name == "limit" && p.In == ParameterLocation.Query);
        var table = document.Paths["/api/evidence-table"].Operations![HttpMethod.Get];
        Assert.Equal(["mechanism", "cellType", "product", "outcome", "phase", "protection", "status", "trial", "format", "limit", "cursor"],
            table.Parameters!.Select(p => p.Name));
        Assert.Contains("text/csv", table.Responses!["200"].Content!.Keys);
        Assert.Contains("application/json", table.Responses["200"].Content!.Keys);
        Assert.Contains(document.Paths["/api/evidence-matrix"].Operations![HttpMethod.Get].Parameters!, p => p.Name == "protection");
        Assert.NotNull(document.Paths["/api/trials/{id}"].Operations![HttpMethod.Get].Responses!["200"].Content!["application/json"].Schema);
    }
}
