using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using KnowledgeGraph.Core.Sources;

namespace KnowledgeGraph.Api.Ingestion;

/// <summary>
/// Fetched records dropped into the papers container (<c>pubmed/PMID.xml</c>, <c>ctgov/NCT....json</c>), so the blob
/// door ingests them like any uploaded paper: one ingestion path. The container is the cache: its listing (read once
/// per service, with each blob's <c>sourceversion</c> metadata) tells which records are held, so a rerun uploads only
/// what is new or changed. Used by <c>kg fetch --to-blob</c> and by the Functions refresh timer.
/// </summary>
public sealed class BlobSourceSink(BlobContainerClient container) : ISourceSink
{
    public const string VersionMetadata = "sourceversion";

    private readonly Dictionary<SourceKind, Task<Dictionary<string, string?>>> _listings = [];
    private readonly Lock _gate = new();
    private Task? _created;

    public int Uploaded => _uploaded;

    private int _uploaded;

    public async Task<bool> HoldsAsync(SourceKind source, string id, string? version, CancellationToken ct)
    {
        var held = await ListingAsync(source, ct);
        return held.TryGetValue(SourceRecord.BlobNameOf(source, id), out var heldVersion) && (version is null || heldVersion == version);
    }

    public async Task<SinkResult> WriteAsync(SourceRecord record, CancellationToken ct)
    {
        Task created;
        lock (_gate) created = _created ??= container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        await created;
        var held = await ListingAsync(record.Source, ct);
        bool existed;
        lock (held) existed = held.ContainsKey(record.BlobName);
        var metadata = new Dictionary<string, string>
        {
            ["source"] = record.Source == SourceKind.PubMed ? "pubmed" : "ctgov",
            ["sourceid"] = record.Id,
        };
        if (record.Version is not null) metadata[VersionMetadata] = record.Version;
        var options = new BlobUploadOptions
        {
            Metadata = metadata,
            HttpHeaders = new BlobHttpHeaders { ContentType = record.Source == SourceKind.PubMed ? "application/xml" : "application/json" },
        };
        await container.GetBlobClient(record.BlobName).UploadAsync(BinaryData.FromBytes(record.Content), options, ct);
        Interlocked.Increment(ref _uploaded);
        lock (held) held[record.BlobName] = record.Version;
        return new SinkResult(existed ? SinkOutcome.Updated : SinkOutcome.Added);
    }

    private Task<Dictionary<string, string?>> ListingAsync(SourceKind source, CancellationToken ct)
    {
        lock (_gate)
        {
            if (!_listings.TryGetValue(source, out var listing) || listing.IsFaulted || listing.IsCanceled)
                _listings[source] = listing = ListAsync(source, ct);
            return listing;
        }
    }

    private async Task<Dictionary<string, string?>> ListAsync(SourceKind source, CancellationToken ct)
    {
        var held = new Dictionary<string, string?>(StringComparer.Ordinal);
        try
        {
            await foreach (var blob in container.GetBlobsAsync(BlobTraits.Metadata, BlobStates.None, SourceRecord.BlobPrefix(source), ct))
                held[blob.Name] = blob.Metadata.TryGetValue(VersionMetadata, out var v) ? v : null;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No container yet: nothing held.
        }
        return held;
    }
}

/// <summary>
/// The refresh timer's handler (Functions): the configured source queries (<see cref="SourceRefresh"/>) into the
/// papers container through a <see cref="BlobSourceSink"/>.
/// </summary>
public sealed class SourceRefreshHandler(SourceRefresh refresh)
{
    public Task RefreshAsync(BlobContainerClient container, CancellationToken ct) => refresh.RunAsync(new BlobSourceSink(container), ct);
}
