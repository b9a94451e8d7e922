using KnowledgeGraph.Core.Storage;
using KnowledgeGraph.Core.Trials;

namespace KnowledgeGraph.Api.Http;

/// <summary>The review's table: the evidence table (JSON, CSV or Markdown) and the mechanism x outcome matrix (issue 16).</summary>
public sealed class TrialTableHandlers(IGraphStore store, ILogger<TrialTableHandlers> logger)
{
    /// <summary>The header that carries the next page's cursor of a CSV or Markdown answer (JSON has it in the body).</summary>
    public const string NextCursorHeader = "X-Next-Cursor";

    public Task<IResult> EvidenceTableAsync(HttpRequest request, CancellationToken ct) => ApiResults.GuardAsync(logger, async () =>
    {
        var format = (ApiQuery.Optional(request, "format") ?? "json").ToLowerInvariant();
        if (format is not ("json" or "csv" or "markdown"))
            throw ApiProblemException.BadRequest($"'{format}' is not a table format; use json, csv or markdown.");
        var filter = await FilterAsync(request, ct);
        var page = await store.GetEvidenceTableAsync(filter, ApiQuery.Limit(request), ApiQuery.Cursor(request), ct);
        if (format == "json") return ApiResults.Json(new ApiPage<EvidenceRow>(page.Items, page.NextCursor));
        if (page.NextCursor is { } next) request.HttpContext.Response.Headers[NextCursorHeader] = next;
        return format == "csv"
            ? TypedResults.Text(EvidenceTableFormat.Csv(page.Items), "text/csv; charset=utf-8")
            : TypedResults.Text(EvidenceTableFormat.Markdown(page.Items), "text/markdown; charset=utf-8");
    });

    public Task<IResult> MatrixAsync(HttpRequest request, CancellationToken ct) => ApiResults.GuardAsync(logger, async () =>
        ApiResults.Json(await store.GetOutcomeMatrixAsync(await FilterAsync(request, ct), ct)));

    /// <summary>The filters both routes take; a mechanism must be one of the vocabulary's (as for /api/trials).</summary>
    private async Task<EvidenceTableFilter> FilterAsync(HttpRequest request, CancellationToken ct)
    {
        string? Concept(string name, string prefix) => ApiQuery.Optional(request, name) is { } v ? ApiQuery.WithPrefix(v, prefix) : null;
        return new EvidenceTableFilter(
            ApiQuery.Optional(request, "mechanism") is { } m ? await MechanismComparison.RequireMechanismAsync(store, m, ct) : null,
            Concept("cellType", "celltype:"),
            Concept("product", "product:"),
            Concept("outcome", "outcome:"),
            ApiQuery.Optional(request, "phase"),
            Concept("protection", "protection:"),
            ApiQuery.Optional(request, "status"),
            ApiQuery.Optional(request, "trial") is { } t ? TrialQueries.NormaliseTrialId(t) : null);
    }
}
