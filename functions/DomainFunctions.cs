using KnowledgeGraph.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace KnowledgeGraph.Functions;

/// <summary>Cell types, trials, mechanism comparison: bind and delegate to <see cref="DomainHandlers"/>.</summary>
public sealed class DomainFunctions(DomainHandlers handlers)
{
    [Function("ListCellTypes")]
    public Task<IResult> ListCellTypes([HttpTrigger(FunctionAuth.Reads, "get", Route = ApiRoutes.CellTypes)] HttpRequest req, CancellationToken ct) =>
        handlers.CellTypesAsync(req, ct);

    [Function("GetCellType")]
    public Task<IResult> GetCellType([HttpTrigger(FunctionAuth.Reads, "get", Route = ApiRoutes.CellType)] HttpRequest req, string id, CancellationToken ct) =>
        handlers.CellTypeAsync(req, id, ct);

    [Function("ListTrials")]
    public Task<IResult> ListTrials([HttpTrigger(FunctionAuth.Reads, "get", Route = ApiRoutes.Trials)] HttpRequest req, CancellationToken ct) =>
        handlers.TrialsAsync(req, ct);

    [Function("GetTrial")]
    public Task<IResult> GetTrial([HttpTrigger(FunctionAuth.Reads, "get", Route = ApiRoutes.Trial)] HttpRequest req, string id, CancellationToken ct) =>
        handlers.TrialAsync(req, id, ct);

    [Function("CompareMechanisms")]
    public Task<IResult> CompareMechanisms([HttpTrigger(FunctionAuth.Reads, "get", Route = ApiRoutes.MechanismsCompare)] HttpRequest req, CancellationToken ct) =>
        handlers.CompareMechanismsAsync(req, ct);
}
