using KnowledgeGraph.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace KnowledgeGraph.Functions;

/// <summary>Export, Browser guide, OpenAPI document: bind and delegate to <see cref="ExportHandlers"/>.</summary>
public sealed class ExportFunctions(ExportHandlers handlers)
{
    [Function("Export")]
    public Task<IResult> Export([HttpTrigger(FunctionAuth.Reads, "get", Route = ApiRoutes.Export)] HttpRequest req, CancellationToken ct) =>
        handlers.ExportAsync(req, ct);

    [Function("Guide")]
    public Task<IResult> Guide([HttpTrigger(FunctionAuth.Reads, "get", Route = ApiRoutes.Guide)] HttpRequest req, CancellationToken ct) =>
        handlers.GuideAsync(req, ct);

    [Function("OpenApi")]
    public Task<IResult> OpenApi([HttpTrigger(FunctionAuth.Reads, "get", Route = ApiRoutes.OpenApi)] HttpRequest req, CancellationToken ct) =>
        handlers.OpenApiAsync(req, ct);
}
