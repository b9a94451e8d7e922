
using KnowledgeGraph.Api.Http;

namespace KnowledgeGraph.Api.Explorer;

/// <summary>
/// Serves the graph explorer (<c>kg serve</c>: <c>/</c> and <c>/api/explorer/...</c>; Functions: <c>/api/explorer</c>
/// and <c>/api/explorer/...</c>). The page only calls the HTTP API, so it works over any store.
/// </summary>
public sealed class ExplorerHandlers(ExplorerAssets assets, ILogger<ExplorerHandlers> logger)
{
    // The page loads nothing from another origin: no CDN, no fonts, no analytics. Cytoscape sets inline styles.
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    public Task<IResult> AssetAsync(HttpRequest request, string? asset, CancellationToken ct) => ApiResults.GuardAsync(logger, () =>
    {
        ct.ThrowIfCancellationRequested();
        var found = assets.Find(asset) ?? throw ApiProblemException.NotFound($"No explorer asset '{asset}'.");
        var headers = request.HttpContext.Response.Headers;
        headers.ETag = found.ETag;
        headers.CacheControl = found.CacheControl;
        headers.XContentTypeOptions = "nosniff";
        if (found.Name == ExplorerAssets.IndexName) headers.ContentSecurityPolicy = ContentSecurityPolicy;
        var notModified = request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(tag => tag.Trim() == found.ETag));
        return Task.FromResult<IResult>(notModified
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(found.Content, found.ContentType));
    });
}
