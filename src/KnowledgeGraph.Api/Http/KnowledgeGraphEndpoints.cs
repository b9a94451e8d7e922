using KnowledgeGraph.Api.Explorer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace KnowledgeGraph.Api.Http;

/// <summary>
/// Maps every endpoint under <c>/api</c> for <c>kg serve</c> (and for the OpenAPI document both hosts serve).
/// Each route only forwards to a handler; the Functions app forwards to the same handlers.
/// </summary>
public static class KnowledgeGraphEndpoints
{
    public static RouteGroupBuilder MapKnowledgeGraphApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/" + ApiRoutes.Prefix);

        api.MapGet(ApiRoutes.Health, (HttpRequest r, [FromServices] GraphHandlers h, CancellationToken ct) => h.HealthAsync(r, ct))
            .Describe("Health", "Store reachable, with node and relationship counts", typeof(HealthReport), 503);
        api.MapGet(ApiRoutes.Nodes, (HttpRequest r, [FromServices] GraphHandlers h, CancellationToken ct) => h.SearchNodesAsync(r, ct))
            .Describe("SearchNodes", "Nodes by name, id or synonym", typeof(ApiPage<ApiNode>), 400)
            .Query(("q", false, "Text to find"), ("label", false, "Node label"), Limit, Cursor);
        api.MapGet(ApiRoutes.Neighbors, (string id, HttpRequest r, [FromServices] GraphHandlers h, CancellationToken ct) => h.NeighborsAsync(r, id, ct))
            .Describe("GetNeighbors", "Nodes within depth hops (encode '/' in ids as %2F)", typeof(ApiSubgraph), 400, 404)
            .Query(("depth", false, "1-3 (default 1)"), ("types", false, "Comma-separated relationship types"), Limit);
        api.MapGet(ApiRoutes.Node, (string id, HttpRequest r, [FromServices] GraphHandlers h, CancellationToken ct) => h.GetNodeAsync(r, id, ct))
            .Describe("GetNode", "One node by id (ids may contain ':' and '/')", typeof(ApiNode), 400, 404);
        api.MapGet(ApiRoutes.Paths, (HttpRequest r, [FromServices] GraphHandlers h, CancellationToken ct) => h.PathAsync(r, ct))
            .Describe("FindPath", "A shortest path between two nodes", typeof(ApiPath), 400, 404)
            .Query(("from", true, "Start node id"), ("to", true, "End node id"), ("maxHops", false, "1-6 (default 4)"));
        api.MapGet(ApiRoutes.CellTypes, (HttpRequest r, [FromServices] DomainHandlers h, CancellationToken ct) => h.CellTypesAsync(r, ct))
            .Describe("ListCellTypes", "Cell types with mechanisms, outcomes, the number of trials testing each (trialCount) and the first 50 trial ids (trials)", typeof(ApiPage<Core.Storage.CellTypeSummary>), 400)
            .Query(("mechanism", false, "Mechanism id, e.g. mechanism:replacement"), Limit, Cursor);
        api.MapGet(ApiRoutes.CellType, (string id, HttpRequest r, [FromServices] DomainHandlers h, CancellationToken ct) => h.CellTypeAsync(r, id, ct))
            .Describe("GetCellType", "One cell type (celltype:treg or treg)", typeof(Core.Storage.CellTypeSummary), 404);
        api.MapGet(ApiRoutes.Trials, (HttpRequest r, [FromServices] DomainHandlers h, CancellationToken ct) => h.TrialsAsync(r, ct))
            .Describe("ListTrials", "Trials, filtered", typeof(ApiPage<Core.Storage.TrialSummary>), 400)
            .Query(("mechanism", false, "Mechanism id"), ("cellType", false, "Cell type id"), ("phase", false, "Registry phase"), ("status", false, "Registry status"), Limit, Cursor);
        api.MapGet(ApiRoutes.Trial, (string id, HttpRequest r, [FromServices] DomainHandlers h, CancellationToken ct) => h.TrialAsync(r, id, ct))
            .Describe("GetTrial", "The trial card: every registry fact with its field, linked concepts, findings with values, papers (NCT01234567 or trial:NCT01234567)",
                typeof(Core.Storage.TrialCard), 404);
        api.MapGet(ApiRoutes.EvidenceTable, (HttpRequest r, [FromServices] TrialTableHandlers h, CancellationToken ct) => h.EvidenceTableAsync(r, ct))
            .Describe("GetEvidenceTable", "The review's table: one row per trial x outcome with product, cell type, mechanism, source, site, protection, phase, status, enrollment and findings with values and sources",
                typeof(ApiPage<Core.Storage.EvidenceRow>), 400)
            .TextResponses("text/csv", "text/markdown")
            .Query(TableFilters.Append(("format", false, "json (default), csv or markdown (next page cursor in the X-Next-Cursor header)"))
                .Append(("limit", false, "Trials per page, 1-500 (default 50); a page holds every row of its trials")).Append(Cursor).ToArray());
        api.MapGet(ApiRoutes.EvidenceMatrix, (HttpRequest r, [FromServices] TrialTableHandlers h, CancellationToken ct) => h.MatrixAsync(r, ct))
            .Describe("GetEvidenceMatrix", "Mechanism x outcome: trials, papers, patients and the direction of the findings", typeof(Core.Storage.OutcomeMatrix), 400)
            .Query([.. TableFilters]);
        api.MapGet(ApiRoutes.MechanismsCompare, (HttpRequest r, [FromServices] DomainHandlers h, CancellationToken ct) => h.CompareMechanismsAsync(r, ct))
            .Describe("CompareMechanisms", "Beta-cell replacement vs immunomodulation side by side: trial counts, trials by phase and outcome totals over all trials; the first 50 trials of each side with a cursor for /trials", typeof(MechanismComparisonResult));
        api.MapGet(ApiRoutes.Evidence, (HttpRequest r, [FromServices] GraphHandlers h, CancellationToken ct) => h.EvidenceAsync(r, ct))
            .Describe("GetEvidence", "Sentences behind one relationship, a page at a time (limit, cursor; the relationship's evidenceCount is the total)", typeof(EvidencePage), 400, 404)
            .Query(("from", true, "From node id"), ("type", true, "Relationship type"), ("to", true, "To node id"), Limit, Cursor);
        api.MapPost(ApiRoutes.Papers, (HttpRequest r, [FromServices] PaperHandlers h, CancellationToken ct) => h.PostAsync(r, ct))
            .Describe("IngestPaper", "Ingest a paper (any supported format); 201 added, 200 unchanged", typeof(IngestResponse), 400, 413, 415)
            .RawBody()
            .Produces<IngestResponse>(StatusCodes.Status201Created)
            .Query(("name", false, "Input name (else Content-Disposition file name)"));
        api.MapGet(ApiRoutes.Paper, (string id, HttpRequest r, [FromServices] PaperHandlers h, CancellationToken ct) => h.GetAsync(r, id, ct))
            .Describe("GetPaper", "One paper and what it mentions", typeof(PaperDetail), 404);
        api.MapDelete(ApiRoutes.Paper, (string id, HttpRequest r, [FromServices] PaperHandlers h, CancellationToken ct) => h.DeleteAsync(r, id, ct))
            .Describe("DeletePaper", "Remove a paper and the evidence only it supported", null, 404)
            .Produces(StatusCodes.Status204NoContent);
        api.MapGet(ApiRoutes.Export, (HttpRequest r, [FromServices] ExportHandlers h, CancellationToken ct) => h.ExportAsync(r, ct))
            .Describe("Export", "The whole graph as JSON, GraphML or a Cypher script", null, 400)
            .Query(("format", false, "json (default), graphml or cypher"));
        api.MapGet(ApiRoutes.Guide, (HttpRequest r, [FromServices] ExportHandlers h, CancellationToken ct) => h.GuideAsync(r, ct))
            .Describe("Guide", "Neo4j Browser guide (:play)", null, 404);
        api.MapGet(ApiRoutes.Ingestions, (HttpRequest r, [FromServices] PaperHandlers h, CancellationToken ct) => h.IngestionsAsync(r, ct))
            .Describe("ListIngestions", "The ingestion ledger", typeof(ApiPage<Core.Storage.IngestionRecord>), 400)
            .Query(("status", false, "Received, Ingested, Unchanged, Failed or Deleted"), Limit, Cursor);
        api.MapGet(ApiRoutes.OpenApi, (HttpRequest r, [FromServices] ExportHandlers h, CancellationToken ct) => h.OpenApiAsync(r, ct))
            .Describe("OpenApi", "This document", null);
        api.MapGet(ApiRoutes.Explorer, (string? asset, HttpRequest r, [FromServices] ExplorerHandlers h, CancellationToken ct) => h.AssetAsync(r, asset, ct))
            .Describe("Explorer", "The graph explorer page (/api/explorer) and its files (app.js, app.css, cytoscape.min.js, style.json)", null, 404)
            .Produces(StatusCodes.Status200OK, contentType: "text/html");
        return api;
    }

    private static readonly (string, bool, string) Limit = ("limit", false, "1-500 (default 50)");
    private static readonly (string, bool, string)[] TableFilters =
    [
        ("mechanism", false, "Mechanism id (narrower mechanisms included)"), ("cellType", false, "Cell type id"),
        ("product", false, "Product id, e.g. product:vx-880"), ("outcome", false, "Outcome id"), ("phase", false, "Registry phase, e.g. 2"),
        ("protection", false, "Protection id (narrower agents included), e.g. protection:immunosuppression"), ("status", false, "Registry status"),
        ("trial", false, "One trial (NCT01234567)"),
    ];
    private static readonly (string, bool, string) Cursor = ("cursor", false, "nextCursor of the previous page");

    private static RouteHandlerBuilder Describe(this RouteHandlerBuilder builder, string name, string summary, Type? response, params int[] problems)
    {
        builder.WithName(name).WithSummary(summary);
        if (response is not null) builder.Produces(StatusCodes.Status200OK, response, "application/json");
        foreach (var status in problems) builder.ProducesProblem(status);
        return builder;
    }

    /// <summary>
    /// Documents the raw body of POST /papers. Not <c>Accepts()</c>: that would make routing answer 415 for any other
    /// Content-Type, while the reader detects the format from the bytes whatever the header says.
    /// </summary>
    private static RouteHandlerBuilder RawBody(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "A paper: PubMed/JATS XML, ClinicalTrials.gov JSON/XML, Semantic Scholar JSON, text, Markdown or PDF",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/octet-stream"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                },
            };
            return Task.CompletedTask;
        });

    /// <summary>Documents the text forms a route can answer with besides JSON (the same 200 response, another media type).</summary>
    private static RouteHandlerBuilder TextResponses(this RouteHandlerBuilder builder, params string[] mediaTypes) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
            {
                response.Content ??= new Dictionary<string, OpenApiMediaType>();
                foreach (var type in mediaTypes)
                    response.Content[type] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }
            return Task.CompletedTask;
        });

    /// <summary>Documents query parameters: handlers read them from the request, so the generator cannot see them.</summary>
    private static RouteHandlerBuilder Query(this RouteHandlerBuilder builder, params (string Name, bool Required, string Description)[] parameters) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var (name, required, description) in parameters)
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = name,
                    In = ParameterLocation.Query,
                    Required = required,
                    Description = description,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            return Task.CompletedTask;
        });
}
