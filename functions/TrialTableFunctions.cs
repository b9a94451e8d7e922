using KnowledgeGraph.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace KnowledgeGraph.Functions;

/// <summary>The evidence table and the mechanism x outcome matrix: bind and delegate to <see cref="TrialTableHandlers"/>.</summary>
public sealed class TrialTableFunctions(TrialTableHandlers handlers)
{
    [Function("GetEvidenceTable")]
    public Task<IResult> GetEvidenceTable([HttpTrigger(FunctionAuth.Reads, "get", Route = ApiRoutes.EvidenceTable)] HttpRequest req, CancellationToken ct) =>
        handlers.EvidenceTableAsync(req, ct);

    [Function("GetEvidenceMatrix")]
    public Task<IResult> GetEvidenceMatrix([HttpTrigger(FunctionAuth.Reads, "get", Route = ApiRoutes.EvidenceMatrix)] HttpRequest req, CancellationToken ct) =>
        handlers.MatrixAsync(req, ct);
}
