using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Api.Hosting;
using KnowledgeGraph.Core.Export;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Api.Http;

/// <summary>Whole-graph exports, the Neo4j Browser guide and the OpenAPI document.</summary>
public sealed class ExportHandlers(GraphExporter exporter, ApiDocumentProvider document, IOptions<KnowledgeGraphOptions> options, ILogger<ExportHandlers> logger)
    : IDisposable
{
    // A whole-graph export holds the graph in memory while it is written: a few at a time, the rest are told to retry.
    private readonly SemaphoreSlim _exports = new(options.Value.Api.MaxConcurrentExports, options.Value.Api.MaxConcurrentExports);

    public Task<IResult> ExportAsync(HttpRequest request, CancellationToken ct) => ApiResults.GuardAsync(logger, async () =>
    {
        var raw = ApiQuery.Optional(request, "format");
        if (!GraphExport.TryParse(raw, out var format))
            throw ApiProblemException.BadRequest($"'{raw}' is not an export format; use json, graphml or cypher.");
        if (!await _exports.WaitAsync(0, ct))
            throw new ApiProblemException(StatusCodes.Status503ServiceUnavailable,
                $"{options.Value.Api.MaxConcurrentExports} export(s) are being written (KG:Api:MaxConcurrentExports); try again shortly.", 10);
        return TypedResults.Stream(async stream =>
        {
            try
            {
                await exporter.WriteAsync(format, stream, ct);
            }
            finally
            {
                _exports.Release();
            }
        }, GraphExport.ContentType(format), $"knowledge-graph.{GraphExport.FileExtension(format)}");
    });

    public void Dispose() => _exports.Dispose();

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
