using System.Net.Http.Headers;
using System.Security.Cryptography;
using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Ingestion;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Api.Http;

/// <summary>Papers: upload (idempotent), look up, delete; and the ingestion ledger.</summary>
public sealed class PaperHandlers(
    IGraphStore store,
    IngestionLedger ledger,
    IngestionSlots slots,
    IOptions<KnowledgeGraphOptions> options,
    ILogger<PaperHandlers> logger)
{
    /// <summary>Seconds a client is asked to wait when every ingestion slot is busy.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>
    /// Ingests the body (raw bytes, or the first file of a multipart/form-data body). 201 with the papers when anything
    /// was added or replaced, 200 when all were unchanged; 413 over <c>KG:Api:MaxRequestBytes</c>, 415 for an unknown
    /// format or a form body, 400 for an unreadable one, 503 with Retry-After when every ingestion slot is busy.
    /// </summary>
    public Task<IResult> PostAsync(HttpRequest request, CancellationToken ct) => ApiResults.GuardAsync(logger, async () =>
    {
        var max = options.Value.Api.MaxRequestBytes;
        if (request.ContentLength > max) throw TooLarge(max);
        var given = GivenName(request);
        // The slot is taken before the body is read: a full server refuses at once instead of buffering it.
        using var slot = slots.TryTake() ?? throw Busy();
        // Kestrel's own default (30 MB) must not cut in before ours.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            sizeFeature.MaxRequestBodySize = max + 1;
        var (body, fileName) = await ReadBodyAsync(request, max, ct);
        if (body.Length == 0) throw ApiProblemException.BadRequest("The request body is empty; send a paper (PubMed/JATS XML, CT.gov JSON/XML, JSON, text, Markdown or PDF).");
        var name = (given ?? fileName) is { } n
            ? InputNames.Upload(n)
            // Unnamed: keyed by content, so two different unnamed uploads never replace each other.
            : InputNames.UnnamedUpload(Convert.ToHexStringLower(SHA256.HashData(body)), ExtensionFor(request.ContentType));
        var outcome = await ledger.IngestAsync(name, body, null, ct);
        if (outcome.ReadError is { } readError) return ApiResults.FromReadError(readError);
        if (outcome.Result is not { } result) throw new InvalidOperationException(outcome.Record.Reason);
        var changed = result.Papers.Any(p => p.Outcome != UpsertOutcome.Unchanged);
        // What this request did: content the ledger already held is Unchanged, and its record is left as it was.
        var response = new IngestResponse(name, result.Format?.ToString(), changed ? outcome.Record.Status.ToString() : nameof(IngestionStatus.Unchanged), result.Papers);
        if (!changed) return ApiResults.Json(response);
        request.HttpContext.Response.Headers.Location = ApiRoutes.PaperLocation(result.Papers[0].DocumentId);
        return ApiResults.Json(response, StatusCodes.Status201Created);
    });

    public Task<IResult> GetAsync(HttpRequest request, string id, CancellationToken ct) => ApiResults.GuardAsync(logger, async () =>
    {
        var paperId = ApiQuery.Id(id);
        var hash = await store.GetDocumentHashAsync(paperId, ct) ?? throw ApiProblemException.NotFound($"No paper '{paperId}'.");
        var node = await store.GetNodeAsync(paperId, ct);
        var relationships = node is null ? []
            : (await store.GetNeighborsAsync(paperId, 1, null, ApiQuery.MaxLimit, ct))?.Relationships.Where(r => r.From == paperId).ToList() ?? [];
        return ApiResults.Json(new PaperDetail(paperId, hash, node is null ? null : ApiNode.From(node), relationships));
    });

    /// <summary>Removes the paper and the evidence only it supported, and takes it out of the ledger: 204, 404 when
    /// unknown, 403 for the curated vocabulary.</summary>
    public Task<IResult> DeleteAsync(HttpRequest request, string id, CancellationToken ct) => ApiResults.GuardAsync(logger, async () =>
    {
        var paperId = ApiQuery.Id(id);
        return await ledger.DeletePaperAsync(paperId, ct) switch
        {
            PaperDeletion.Deleted => TypedResults.NoContent(),
            PaperDeletion.Protected => throw new ApiProblemException(StatusCodes.Status403Forbidden,
                $"'{paperId}' is the curated vocabulary, part of the graph's schema; it cannot be deleted."),
            _ => throw ApiProblemException.NotFound($"No paper '{paperId}'."),
        };
    });

    public Task<IResult> IngestionsAsync(HttpRequest request, CancellationToken ct) => ApiResults.GuardAsync(logger, async () =>
    {
        IngestionStatus? status = ApiQuery.Optional(request, "status") is { } raw
            ? Enum.TryParse<IngestionStatus>(raw, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s
                : throw ApiProblemException.BadRequest($"'{raw}' is not a status; use one of {string.Join(", ", Enum.GetNames<IngestionStatus>())}.")
            : null;
        var limit = ApiQuery.Limit(request);
        var page = await store.ListIngestionsAsync(status, limit, ApiQuery.Cursor(request), ct);
        return ApiResults.Json(new ApiPage<IngestionRecord>(page.Items, page.NextCursor));
    });

    /// <summary>The input's name from <c>?name=</c> or the Content-Disposition file name (only its file name part:
    /// a ledger key, never a path on this machine); null when neither is given. Control characters are refused.</summary>
    public static string? GivenName(HttpRequest request)
    {
        var name = ApiQuery.Optional(request, "name");
        if (name is null && ContentDispositionHeaderValue.TryParse(request.Headers.ContentDisposition.ToString(), out var cd))
            name = (cd.FileNameStar ?? cd.FileName)?.Trim('"');
        if (string.IsNullOrWhiteSpace(name)) return null;
        if (name.AsSpan().ContainsAnyInRange('\0', '\u001f') || name.Contains('\u007f'))
            throw ApiProblemException.BadRequest("The name holds control characters; give a plain file name.");
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

    /// <summary>
    /// The paper's bytes: the body itself, or the first file of a multipart/form-data body (<c>curl -F file=@paper.pdf</c>)
    /// with its file name. A url-encoded form is not a paper: 415.
    /// </summary>
    private static async Task<(byte[] Body, string? FileName)> ReadBodyAsync(HttpRequest request, long max, CancellationToken ct)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType == "application/x-www-form-urlencoded")
            throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType,
                "A url-encoded form is not a paper: send the file's bytes as the body (curl --data-binary @paper.pdf) or as multipart/form-data (curl -F file=@paper.pdf).");
        if (mediaType != "multipart/form-data") return (await ReadBoundedAsync(request.Body, max, ct), null);

        var boundary = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed)
            ? Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(parsed.Boundary).ToString() : "";
        if (boundary.Length is 0 or > 200) throw ApiProblemException.BadRequest("The multipart/form-data body has no valid boundary.");
        var reader = new Microsoft.AspNetCore.WebUtilities.MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024, BodyLengthLimit = max + 81920 };
        for (var parts = 0; parts < 16 && await reader.ReadNextSectionAsync(ct) is { } section; parts++)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
            var fileName = (disposition.FileNameStar ?? disposition.FileName)?.Trim('"');
            if (string.IsNullOrEmpty(fileName)) continue;
            return (await ReadBoundedAsync(section.Body, max, ct), fileName);
        }
        throw ApiProblemException.BadRequest("The multipart/form-data body holds no file part; send the paper as a file (curl -F file=@paper.pdf).");
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream body, long max, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        try
        {
            while ((read = await body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > max) throw TooLarge(max);
                buffer.Write(chunk, 0, read);
            }
        }
        catch (InvalidDataException ex)
        {
            // MultipartReader's own limits and a malformed envelope.
            throw ApiProblemException.BadRequest($"The multipart/form-data body is malformed: {ex.Message}");
        }
        return buffer.ToArray();
    }

    private static ApiProblemException TooLarge(long max) =>
        new(StatusCodes.Status413PayloadTooLarge, $"The body is over the {max:N0}-byte limit (KG:Api:MaxRequestBytes).");

    private static ApiProblemException Busy() =>
        new(StatusCodes.Status503ServiceUnavailable, "Every ingestion slot is busy (KG:Ingestion:MaxConcurrentInputs); try again shortly.", RetryAfterSeconds);
}
