using KnowledgeGraph.Api.Explorer;
using KnowledgeGraph.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace KnowledgeGraph.Functions;

/// <summary>The graph explorer page and its files (<c>/api/explorer</c>): bind and delegate to <see cref="ExplorerHandlers"/>.</summary>
public sealed class ExplorerFunctions(ExplorerHandlers handlers)
{
    [Function("Explorer")]
    public Task<IResult> Explorer([HttpTrigger(FunctionAuth.Reads, "get", Route = ApiRoutes.Explorer)] HttpRequest req, string? asset, CancellationToken ct) =>
        handlers.AssetAsync(req, asset, ct);
}
