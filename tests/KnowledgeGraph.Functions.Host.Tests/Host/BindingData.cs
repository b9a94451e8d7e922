using System.Text.Json;
using Google.Protobuf;
using KnowledgeGraph.Functions.Host.Tests.Rpc;

namespace KnowledgeGraph.Functions.Host.Tests.Host;

/// <summary>The typed data the host puts in invocation requests for the trigger kinds this app uses.</summary>
internal static class BindingData
{
    /// <summary>
    /// An SDK-type blob binding: the blobs extension's model binding data (source <c>AzureStorageBlobs</c>, JSON
    /// content naming the connection setting, container and blob). The worker's converter builds the
    /// <c>BlobClient</c> / <c>BlobContainerClient</c> from it with the connection it resolves in its own settings.
    /// A container binding has an empty blob name.
    /// </summary>
    public static TypedData Blob(string connection, string container, string blobName) => new()
    {
        ModelBindingData = new ModelBindingData
        {
            Version = "1.0",
            Source = "AzureStorageBlobs",
            ContentType = "application/json",
            Content = ByteString.CopyFromUtf8(JsonSerializer.Serialize(new { Connection = connection, ContainerName = container, BlobName = blobName })),
        },
    };

    /// <summary>The timer trigger's TimerInfo as JSON: its schedule status and whether the run is past due.</summary>
    public static TypedData Timer(DateTimeOffset now, TimeSpan interval) => Json(new
    {
        Schedule = new { AdjustForDST = true },
        ScheduleStatus = new { Last = now - interval, Next = now + interval, LastUpdated = now },
        IsPastDue = false,
    });

    public static TypedData Json(object value) => new() { Json = JsonSerializer.Serialize(value) };

    public static TypedData String(string value) => new() { String = value };

    /// <summary>A W3C trace context for one invocation, as the host passes its current activity.</summary>
    public static RpcTraceContext NewTraceContext() =>
        new() { TraceParent = $"00-{Guid.NewGuid():N}-{Guid.NewGuid().ToString("N")[..16]}-01" };
}
