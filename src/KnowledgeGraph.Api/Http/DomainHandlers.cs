using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Api.Http;

/// <summary>Domain reads: cell types, trials and the mechanism comparison.</summary>
public sealed class DomainHandlers(IGraphStore store, MechanismComparison comparison, ILogger<DomainHandlers> logger)
{
    public Task<IResult> CellTypesAsync(HttpRequest request, CancellationToken ct) => ApiResults.GuardAsync(logger, async () =>
    {
        var limit = ApiQuery.Limit(request);
        var cursor = ApiQuery.Cursor(request);
        var mechanism = ApiQuery.Optional(request, "mechanism") is { } m ? await MechanismComparison.RequireMechanismAsync(store, m, ct) : null;
        var page = OffsetPaging.Page(await store.GetCellTypesAsync(mechanism, ct), limit, cursor);
        return ApiResults.Json(new ApiPage<CellTypeSummary>(page.Items, page.NextCursor));
    });

    public Task<IResult> CellTypeAsync(HttpRequest request, string id, CancellationToken ct) => ApiResults.GuardAsync(logger, async () =>
    {
        var cellTypeId = ApiQuery.WithPrefix(ApiQuery.Id(id), "celltype:");
        var found = await store.GetCellTypeAsync(cellTypeId, ct) ?? throw ApiProblemException.NotFound($"No cell type '{cellTypeId}'.");
        return ApiResults.Json(found);
    });

    public Task<IResult> TrialsAsync(HttpRequest request, CancellationToken ct) => ApiResults.GuardAsync(logger, async () =>
    {
        var limit = ApiQuery.Limit(request);
        var cursor = ApiQuery.Cursor(request);
        var mechanism = ApiQuery.Optional(request, "mechanism") is { } m ? await MechanismComparison.RequireMechanismAsync(store, m, ct) : null;
        var cellType = ApiQuery.Optional(request, "cellType") is { } c ? ApiQuery.WithPrefix(c, "celltype:") : null;
        var filter = new TrialFilter(mechanism, cellType, ApiQuery.Optional(request, "phase"), ApiQuery.Optional(request, "status"));
        var page = await store.GetTrialsAsync(filter, limit, cursor, ct);
        return ApiResults.Json(new ApiPage<TrialSummary>(page.Items, page.NextCursor));
    });

    /// <summary>The trial card of a trial by <c>NCT01234567</c> or <c>trial:NCT01234567</c> (any case): a read by id.</summary>
    public Task<IResult> TrialAsync(HttpRequest request, string id, CancellationToken ct) => ApiResults.GuardAsync(logger, async () =>
    {
        var trialId = Core.Trials.TrialQueries.NormaliseTrialId(ApiQuery.Id(id));
        var card = await store.GetTrialCardAsync(trialId, ct) ?? throw ApiProblemException.NotFound($"No trial '{trialId}'.");
        return ApiResults.Json(card);
    });

    public Task<IResult> CompareMechanismsAsync(HttpRequest request, CancellationToken ct) =>
        ApiResults.GuardAsync(logger, async () => ApiResults.Json(await comparison.CompareAsync(ct)));
}
