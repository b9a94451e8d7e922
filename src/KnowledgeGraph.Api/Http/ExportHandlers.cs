using KnowledgeGraph.Core.Ingestion;
using KnowledgeGraph.Api.Hosting;
using KnowledgeGraph.Core.Export;

namespace KnowledgeGraph.Api.Http;

/// <summary>Whole-graph exports, the Neo4j Browser guide and the OpenAPI document.</summary>
public sealed class ExportHandlers(GraphExporter exporter, ExportSlots slots, ApiDocumentProvider document, ILogger<ExportHandlers> logger)
{

    public Task<IResult> ExportAsync(HttpRequest request, CancellationToken ct) => ApiResults.GuardAsync(logger, async () =>
    {
        var raw = ApiQuery.Optional(request, "format");
        if (!GraphExport.TryParse(raw, out var format))
            throw ApiProblemException.BadRequest($"'{raw}' is not an export format; use json, graphml or cypher.");
        // A whole-graph export holds the graph in memory while it is written: a few at a time, the rest are told to retry.
        var slot = slots.TryTake() ?? throw new ApiProblemException(StatusCodes.Status503ServiceUnavailable,
            $"{slots.Capacity} export(s) are being written (KG:Api:MaxConcurrentExports); try again shortly.", 10);
        return TypedResults.Stream(async stream =>
        {
            using (slot) await exporter.WriteAsync(format, stream, ct);
        }, GraphExport.ContentType(format), $"knowledge-graph.{GraphExport.FileExtension(format)}");
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
