using Azure.Storage.Blobs;
using KnowledgeGraph.Api.Ingestion;
using Microsoft.Azure.Functions.Worker;

namespace KnowledgeGraph.Functions;

/// <summary>
/// New or changed blobs in the papers container, delivered by Event Grid (Flex Consumption has no polling blob
/// trigger). The container comes from the app setting <c>KG__Ingestion__Container</c>, written <c>%KG:Ingestion:Container%</c>
/// because the host resolves %...% through configuration, where '__' has become ':' (a '__' name does not resolve).
/// <c>PapersStorage</c> must match <c>KG__Ingestion__Connection</c>. Bound as a <see cref="BlobClient"/> (not bytes) so
/// <see cref="BlobPaperProcessor"/>, the class <c>kg serve --blob</c> uses too, can check the size before downloading
/// and move an unreadable blob to the failed container.
/// </summary>
public sealed class IngestBlobFunction(BlobPaperProcessor handler)
{
    public const string BlobPath = "%KG:Ingestion:Container%/{name}";
    public const string Connection = "PapersStorage";

    [Function("IngestBlob")]
    public Task IngestBlob([BlobTrigger(BlobPath, Connection = Connection, Source = BlobTriggerSource.EventGrid)] BlobClient blob, CancellationToken ct) =>
        handler.ProcessAsync(blob, ct);

    /// <summary>
    /// The blob trigger never sees deletions, and a blob whose trigger gave up (store down longer than its retries)
    /// would otherwise wait until its next upload: this pass, every 5 minutes, removes the papers of deleted blobs and
    /// retries waiting ones (the same reconcile <c>kg serve --blob</c> runs every 2 seconds).
    /// </summary>
    [Function("ReconcileBlobs")]
    public Task ReconcileBlobs([TimerTrigger("0 */5 * * * *")] TimerInfo timer, [BlobInput("%KG:Ingestion:Container%", Connection = Connection)] BlobContainerClient container, CancellationToken ct) =>
        handler.ReconcileAsync(container, ct);
}
