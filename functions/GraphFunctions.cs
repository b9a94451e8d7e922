using KnowledgeGraph.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace KnowledgeGraph.Functions;

/// <summary>Graph reads. Each function only binds and delegates to <see cref="GraphHandlers"/> (shared with kg serve).</summary>
public sealed class GraphFunctions(GraphHandlers handlers)
{
    [Function("Health")]
    public Task<IResult> Health([HttpTrigger(FunctionAuth.Reads, "get", Route = ApiRoutes.Health)] HttpRequest req, CancellationToken ct) =>
        handlers.HealthAsync(req, ct);

    [Function("SearchNodes")]
    public Task<IResult> SearchNodes([HttpTrigger(FunctionAuth.Reads, "get", Route = ApiRoutes.Nodes)] HttpRequest req, CancellationToken ct) =>
        handlers.SearchNodesAsync(req, ct);

    [Function("GetNode")]
    public Task<IResult> GetNode([HttpTrigger(FunctionAuth.Reads, "get", Route = ApiRoutes.Node)] HttpRequest req, string id, CancellationToken ct) =>
        handlers.GetNodeAsync(req, id, ct);

    [Function("GetNeighbors")]
    public Task<IResult> GetNeighbors([HttpTrigger(FunctionAuth.Reads, "get", Route = ApiRoutes.Neighbors)] HttpRequest req, string id, CancellationToken ct) =>
        handlers.NeighborsAsync(req, id, ct);

    [Function("FindPath")]
    public Task<IResult> FindPath([HttpTrigger(FunctionAuth.Reads, "get", Route = ApiRoutes.Paths)] HttpRequest req, CancellationToken ct) =>
        handlers.PathAsync(req, ct);

    [Function("GetEvidence")]
    public Task<IResult> GetEvidence([HttpTrigger(FunctionAuth.Reads, "get", Route = ApiRoutes.Evidence)] HttpRequest req, CancellationToken ct) =>
        handlers.EvidenceAsync(req, ct);
}
