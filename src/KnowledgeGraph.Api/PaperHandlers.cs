using System.Net.Http.Headers;
using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Api;

/// <summary>Papers: upload (idempotent), look up, delete; and the ingestion ledger.</summary>
public sealed class PaperHandlers(
    GraphStoreAccessor stores,
    BlobIngestionHandler ingestion,
    IOptions<KnowledgeGraphOptions> options,
    ILogger<PaperHandlers> logger)
{
    public const string DefaultName = "upload";

    /// <summary>
    /// Ingests the body. 201 with the papers when anything was added or replaced, 200 when all were unchanged;
    /// 413 over <c>KG:Api:MaxRequestBytes</c>, 415 for an unknown format, 400 for an unreadable one.
    /// </summary>
    public Task<IResult> PostAsync(HttpRequest request, CancellationToken ct) => ApiResults.GuardAsync(logger, async () =>
    {
        var max = options.Value.Api.MaxRequestBytes;
        if (request.ContentLength > max) throw TooLarge(max);
        // Kestrel's own default (30 MB) must not cut in before ours.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            sizeFeature.MaxRequestBodySize = max + 1;
        var body = await ReadBoundedAsync(request.Body, max, ct);
        if (body.Length == 0) throw ApiProblemException.BadRequest("The request body is empty; send a paper (PubMed/JATS XML, CT.gov JSON/XML, JSON, text, Markdown or PDF).");
        var name = NameOf(request);
        var outcome = await ingestion.IngestAsync(name, body, null, ct);
        if (outcome.ReadError is { } readError) return ApiResults.FromReadError(readError);
        if (outcome.Result is not { } result) throw new InvalidOperationException(outcome.Record.Reason);
        var changed = result.Papers.Any(p => p.Outcome != UpsertOutcome.Unchanged);
        var response = new IngestResponse(name, result.Format?.ToString(), outcome.Record.Status.ToString(), result.Papers);
        if (!changed) return ApiResults.Json(response);
        request.HttpContext.Response.Headers.Location = $"/{ApiRoutes.Prefix}/papers/{result.Papers[0].DocumentId}";
        return ApiResults.Json(response, StatusCodes.Status201Created);
    });

    public Task<IResult> GetAsync(HttpRequest request, string id, CancellationToken ct) => ApiResults.GuardAsync(logger, async () =>
    {
        var paperId = ApiQuery.Id(id);
        var store = await stores.GetAsync(ct);
        var hash = await store.GetDocumentHashAsync(paperId, ct) ?? throw ApiProblemException.NotFound($"No paper '{paperId}'.");
        var node = await store.GetNodeAsync(paperId, ct);
        var relationships = node is null ? []
            : (await store.GetNeighborsAsync(paperId, 1, null, ApiQuery.MaxLimit, ct))?.Relationships.Where(r => r.From == paperId).ToList() ?? [];
        return ApiResults.Json(new PaperDetail(paperId, hash, node is null ? null : ApiNode.From(node), relationships));
    });

    /// <summary>Removes the paper and the evidence only it supported: 204, or 404 when unknown.</summary>
    public Task<IResult> DeleteAsync(HttpRequest request, string id, CancellationToken ct) => ApiResults.GuardAsync(logger, async () =>
    {
        var paperId = ApiQuery.Id(id);
        var store = await stores.GetAsync(ct);
        if (!await store.DeleteDocumentAsync(paperId, ct)) throw ApiProblemException.NotFound($"No paper '{paperId}'.");
        ApiLog.PaperDeleted(logger, paperId);
        return TypedResults.NoContent();
    });

    public Task<IResult> IngestionsAsync(HttpRequest request, CancellationToken ct) => ApiResults.GuardAsync(logger, async () =>
    {
        IngestionStatus? status = ApiQuery.Optional(request, "status") is { } raw
            ? Enum.TryParse<IngestionStatus>(raw, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s
                : throw ApiProblemException.BadRequest($"'{raw}' is not a status; use one of {string.Join(", ", Enum.GetNames<IngestionStatus>())}.")
            : null;
        var limit = ApiQuery.Limit(request);
        var store = await stores.GetAsync(ct);
        var page = await store.ListIngestionsAsync(status, limit, ApiQuery.Cursor(request), ct);
        return ApiResults.Json(new ApiPage<IngestionRecord>(page.Items, page.NextCursor));
    });

    /// <summary>The input's name: <c>?name=</c>, else the Content-Disposition file name, else a default with an
    /// extension from Content-Type (the reader detects formats by content first, name second).</summary>
    public static string NameOf(HttpRequest request)
    {
        var name = ApiQuery.Optional(request, "name");
        if (name is null && ContentDispositionHeaderValue.TryParse(request.Headers.ContentDisposition.ToString(), out var cd))
            name = (cd.FileNameStar ?? cd.FileName)?.Trim('"');
        if (string.IsNullOrWhiteSpace(name))
            name = DefaultName + ExtensionFor(request.ContentType);
        // Only the file name part: a ledger key, never a path on this machine.
        name = name.Replace('\\', '/');
        return name.Length > 256 ? name[^256..] : name;
    }

    private static string ExtensionFor(string? contentType) => contentType?.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "application/pdf" => ".pdf",
        "application/json" => ".json",
        "application/xml" or "text/xml" => ".xml",
        "text/markdown" => ".md",
        "text/plain" => ".txt",
        _ => "",
    };

    private static async Task<byte[]> ReadBoundedAsync(Stream body, long max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max) throw TooLarge(max);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static ApiProblemException TooLarge(long max) =>
        new(StatusCodes.Status413PayloadTooLarge, $"The body is over the {max:N0}-byte limit (KG:Api:MaxRequestBytes).");
}
