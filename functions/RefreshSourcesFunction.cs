using Azure.Storage.Blobs;
using KnowledgeGraph.Api.Ingestion;
using Microsoft.Azure.Functions.Worker;

namespace KnowledgeGraph.Functions;

/// <summary>
/// Keeps the graph current: once a day it runs the queries of <c>KG__Sources__Refresh__Queries</c> against PubMed and
/// ClinicalTrials.gov and drops records not yet held (or updated studies) into the papers container, where the blob
/// trigger ingests them: one ingestion path. Off as long as the setting is empty. The same code as <c>kg fetch --to-blob</c>.
/// </summary>
public sealed class RefreshSourcesFunction(SourceRefreshHandler handler)
{
    /// <summary>Daily at 03:30 UTC, off-peak at NCBI (which asks bulk jobs to run outside US working hours).</summary>
    public const string Schedule = "0 30 3 * * *";

    [Function("RefreshSources")]
    public Task RefreshSources([TimerTrigger(Schedule)] TimerInfo timer,
        [BlobInput("%KG:Ingestion:Container%", Connection = IngestBlobFunction.Connection)] BlobContainerClient container, CancellationToken ct) =>
        handler.RefreshAsync(container, ct);
}
