using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Extraction;
using KnowledgeGraph.Core.Graph;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Core.Ingestion;

/// <summary>
/// The store-free half of ingestion: detect the format, read the papers, extract, build one batch per paper. CPU only,
/// thread-safe, used by the ledger (every door) and by the benchmark. One deadline covers reading and extraction
/// together (<see cref="IngestionOptions.TimeoutSeconds"/>): an input that needs longer is the input's fault and fails
/// with <see cref="DocumentErrorCode.LimitExceeded"/>, so it is quarantined with that reason.
/// </summary>
public sealed class InputPreparer(DocumentReader reader, ConceptExtractor extractor, GraphBatchBuilder builder, IOptions<KnowledgeGraphOptions> options)
{
    private TimeSpan Deadline => TimeSpan.FromSeconds(options.Value.Ingestion.TimeoutSeconds);

    /// <summary>Reads, extracts and builds batches without touching the store.</summary>
    /// <exception cref="DocumentReadException">The input cannot be read, or reading and extraction together ran past the deadline.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled <paramref name="cancellationToken"/>.</exception>
    public PreparedInput Prepare(ReadOnlyMemory<byte> content, string sourceName, CancellationToken cancellationToken = default)
    {
        var format = DocumentReader.Detect(content.Span, sourceName);
        using var deadline = new CancellationTokenSource(Deadline);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var documents = reader.Read(content, sourceName, linked.Token);
            var batches = new List<GraphBatch>(documents.Count);
            foreach (var document in documents)
            {
                linked.Token.ThrowIfCancellationRequested();
                batches.Add(builder.Build(extractor.Extract(document, linked.Token)));
            }
            return new PreparedInput(sourceName, format, batches);
        }
        catch (Exception ex) when (ex is OperationCanceledException || ex is DocumentReadException { Code: DocumentErrorCode.LimitExceeded })
        {
            if (cancellationToken.IsCancellationRequested || !deadline.IsCancellationRequested) throw;
            throw new DocumentReadException(DocumentErrorCode.LimitExceeded,
                $"{format}: reading and extracting '{sourceName}' took longer than {Deadline.TotalSeconds:0.###} s (KG:Ingestion:TimeoutSeconds)", ex);
        }
    }
}

/// <summary>An input read and extracted, ready to write.</summary>
public sealed record PreparedInput(string Source, DocumentFormat Format, IReadOnlyList<GraphBatch> Batches)
{
    public IReadOnlyList<string> DocumentIds => [.. Batches.Select(b => b.DocumentId).Distinct(StringComparer.Ordinal)];
}
