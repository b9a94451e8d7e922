using KnowledgeGraph.Core.Configuration;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Api.Http;

/// <summary>Generic graph reads: health, node search and lookup, neighbourhoods, paths, evidence.</summary>
public sealed class GraphHandlers(IGraphStore store, IOptions<KnowledgeGraphOptions> options, ILogger<GraphHandlers> logger)
{
    private const string NeighborsSuffix = "/neighbors";

    public async Task<IResult> HealthAsync(HttpRequest request, CancellationToken ct)
    {
        var storeName = options.Value.Store.ToString().ToLowerInvariant();
        try
        {
            var counts = await store.GetCountsAsync(ct);
            return ApiResults.Json(new HealthReport("healthy", storeName, counts.Nodes.Values.Sum(), counts.Relationships.Values.Sum(),
                counts.Nodes, counts.Relationships));
        }
        catch (StoreUnavailableException ex)
        {
            HttpLog.StoreUnreachable(logger, ex, storeName);
            return ApiResults.StoreUnavailable(ex);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            HttpLog.StoreUnreachable(logger, ex, storeName);
            return ApiResults.Problem(StatusCodes.Status503ServiceUnavailable, $"The {storeName} store is not reachable.");
        }
    }

    public Task<IResult> SearchNodesAsync(HttpRequest request, CancellationToken ct) => ApiResults.GuardAsync(logger, async () =>
    {
        var q = ApiQuery.Optional(request, "q");
        var label = ApiQuery.Label(request);
        var limit = ApiQuery.Limit(request);
        var page = await store.SearchNodesAsync(q, label, limit, ApiQuery.Cursor(request), ct);
        return ApiResults.Json(new ApiPage<ApiNode>([.. page.Items.Select(ApiNode.From)], page.NextCursor));
    });

    /// <summary>
    /// One node. The catch-all route also receives <c>paper:doi:10.1/x/neighbors</c> when the caller did not encode
    /// the DOI's '/', so an unknown id ending in <c>/neighbors</c> is answered as the neighbours of the rest.
    /// </summary>
    public Task<IResult> GetNodeAsync(HttpRequest request, string id, CancellationToken ct) => ApiResults.GuardAsync(logger, async () =>
    {
        var nodeId = ApiQuery.Id(id);
        if (await store.GetNodeAsync(nodeId, ct) is { } node) return ApiResults.Json(ApiNode.From(node));
        if (nodeId.EndsWith(NeighborsSuffix, StringComparison.Ordinal) && nodeId.Length > NeighborsSuffix.Length)
            return await NeighborsCoreAsync(request, nodeId[..^NeighborsSuffix.Length], ct);
        throw ApiProblemException.NotFound($"No node '{nodeId}'.");
    });

    public Task<IResult> NeighborsAsync(HttpRequest request, string id, CancellationToken ct) =>
        ApiResults.GuardAsync(logger, () => NeighborsCoreAsync(request, ApiQuery.Id(id), ct));

    private async Task<IResult> NeighborsCoreAsync(HttpRequest request, string nodeId, CancellationToken ct)
    {
        var depth = ApiQuery.Int(request, "depth", 1, 1, 3);
        var types = ApiQuery.Types(request);
        var limit = ApiQuery.Limit(request);
        var graph = await store.GetNeighborsAsync(nodeId, depth, types, limit, ct) ?? throw ApiProblemException.NotFound($"No node '{nodeId}'.");
        return ApiResults.Json(ApiSubgraph.From(graph));
    }

    public Task<IResult> PathAsync(HttpRequest request, CancellationToken ct) => ApiResults.GuardAsync(logger, async () =>
    {
        var from = ApiQuery.Required(request, "from");
        var to = ApiQuery.Required(request, "to");
        var maxHops = ApiQuery.Int(request, "maxHops", 4, 1, 6);
        foreach (var id in new[] { from, to })
            if (await store.GetNodeAsync(id, ct) is null) throw ApiProblemException.NotFound($"No node '{id}'.");
        var path = await store.FindShortestPathAsync(from, to, maxHops, ct)
            ?? throw ApiProblemException.NotFound($"No path from '{from}' to '{to}' within {maxHops} hops.");
        return ApiResults.Json(new ApiPath(path.Length, [.. path.Nodes.Select(ApiNode.From)], path.Relationships));
    });

    public Task<IResult> EvidenceAsync(HttpRequest request, CancellationToken ct) => ApiResults.GuardAsync(logger, async () =>
    {
        var from = ApiQuery.Required(request, "from");
        var type = ApiQuery.RelationshipType(ApiQuery.Required(request, "type"));
        var to = ApiQuery.Required(request, "to");
        var limit = ApiQuery.Limit(request);
        var cursor = ApiQuery.Cursor(request);
        // The store reads one page (an edge many papers support has thousands of sentences); the relationship's
        // evidenceCount is the total.
        // A foreign cursor is an ArgumentException from the store: a 400 like every other.
        var page = await store.GetEvidencePageAsync(from, type, to, limit, cursor, ct)
            ?? throw ApiProblemException.NotFound($"No {type} relationship from '{from}' to '{to}'.");
        return ApiResults.Json(new EvidencePage(page.Relationship, page.Evidence, page.NextCursor));
    });
}
