using KnowledgeGraph.Api;
using Microsoft.Azure.Functions.Worker;

namespace KnowledgeGraph.Functions;

/// <summary>
/// New or changed blobs in the papers container, delivered by Event Grid (Flex Consumption has no polling blob
/// trigger). The container comes from the app setting <c>KG__Ingestion__Container</c>, written <c>%KG:Ingestion:Container%</c>
/// because the host resolves %...% through configuration, where '__' has become ':' (a '__' name does not resolve).
/// <c>PapersStorage</c> must match <c>KG__Ingestion__Connection</c>.
/// </summary>
public sealed class IngestBlobFunction(BlobIngestionHandler handler)
{
    public const string BlobPath = "%KG:Ingestion:Container%/{name}";
    public const string Connection = "PapersStorage";

    [Function("IngestBlob")]
    public Task IngestBlob([BlobTrigger(BlobPath, Connection = Connection, Source = BlobTriggerSource.EventGrid)] byte[] content, string name, CancellationToken ct) =>
        handler.IngestBlobAsync(name, content, ct);
}
