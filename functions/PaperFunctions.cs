using KnowledgeGraph.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace KnowledgeGraph.Functions;

/// <summary>Papers and the ingestion ledger: bind and delegate to <see cref="PaperHandlers"/>. Writes need a key.</summary>
public sealed class PaperFunctions(PaperHandlers handlers)
{
    [Function("IngestPaper")]
    public Task<IResult> IngestPaper([HttpTrigger(FunctionAuth.Writes, "post", Route = ApiRoutes.Papers)] HttpRequest req, CancellationToken ct) =>
        handlers.PostAsync(req, ct);

    [Function("GetPaper")]
    public Task<IResult> GetPaper([HttpTrigger(FunctionAuth.Reads, "get", Route = ApiRoutes.Paper)] HttpRequest req, string id, CancellationToken ct) =>
        handlers.GetAsync(req, id, ct);

    [Function("DeletePaper")]
    public Task<IResult> DeletePaper([HttpTrigger(FunctionAuth.Writes, "delete", Route = ApiRoutes.Paper)] HttpRequest req, string id, CancellationToken ct) =>
        handlers.DeleteAsync(req, id, ct);

    [Function("ListIngestions")]
    public Task<IResult> ListIngestions([HttpTrigger(FunctionAuth.Reads, "get", Route = ApiRoutes.Ingestions)] HttpRequest req, CancellationToken ct) =>
        handlers.IngestionsAsync(req, ct);
}
