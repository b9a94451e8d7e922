using KnowledgeGraph.Core.Export;

namespace KnowledgeGraph.Api;

/// <summary>Whole-graph exports, the Neo4j Browser guide and the OpenAPI document.</summary>
public sealed class ExportHandlers(GraphStoreAccessor stores, GraphExporter exporter, ApiDocumentProvider document, ILogger<ExportHandlers> logger)
{
    public Task<IResult> ExportAsync(HttpRequest request, CancellationToken ct) => ApiResults.GuardAsync(logger, async () =>
    {
        var raw = ApiQuery.Optional(request, "format");
        if (!GraphExport.TryParse(raw, out var format))
            throw ApiProblemException.BadRequest($"'{raw}' is not an export format; use json, graphml or cypher.");
        var store = await stores.GetAsync(ct);
        return TypedResults.Stream(stream => exporter.WriteAsync(store, format, stream, ct), GraphExport.ContentType(format),
            $"knowledge-graph.{GraphExport.FileExtension(format)}");
    });

    /// <summary>The Neo4j Browser guide (<c>:play &lt;host&gt;/api/guide</c>); the Browser fetches it cross-origin.</summary>
    public Task<IResult> GuideAsync(HttpRequest request, CancellationToken ct) => ApiResults.GuardAsync(logger, async () =>
    {
        var path = SchemaFiles.Find(SchemaFiles.GuideRelativePath)
            ?? throw ApiProblemException.NotFound($"No guide: {SchemaFiles.GuideRelativePath} is not part of this build.");
        var html = await File.ReadAllTextAsync(path, ct);
        request.HttpContext.Response.Headers.AccessControlAllowOrigin = "*";
        return TypedResults.Content(html, "text/html; charset=utf-8");
    });

    public Task<IResult> OpenApiAsync(HttpRequest request, CancellationToken ct) =>
        ApiResults.GuardAsync(logger, async () => TypedResults.Content(await document.GetJsonAsync(ct), "application/json; charset=utf-8"));
}
