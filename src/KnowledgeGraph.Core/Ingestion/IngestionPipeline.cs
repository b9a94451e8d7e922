using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Extraction;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeGraph.Core.Ingestion;

/// <summary>
/// bytes -> documents -> extraction -> batches -> store. The one path every host ingests through
/// (CLI, HTTP POST, blob trigger, folder watcher).
/// </summary>
public sealed class IngestionPipeline(
    DocumentReader reader,
    ConceptExtractor extractor,
    GraphBatchBuilder builder,
    IGraphStore store,
    ILogger<IngestionPipeline>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<IngestionPipeline>.Instance;

    public IGraphStore Store => store;

    /// <summary>Reads, extracts and builds batches without touching the store (CPU only, thread-safe).</summary>
    /// <exception cref="DocumentReadException">The input cannot be read; the message says why.</exception>
    public PreparedInput Prepare(ReadOnlyMemory<byte> content, string sourceName, CancellationToken cancellationToken = default)
    {
        var format = DocumentReader.Detect(content.Span, sourceName);
        var documents = reader.Read(content, sourceName, cancellationToken);
        var batches = documents.Select(d => builder.Build(extractor.Extract(d, cancellationToken))).ToList();
        return new PreparedInput(sourceName, format, batches);
    }

    /// <summary>Ingests one input; idempotent (the same content again is Unchanged).</summary>
    /// <exception cref="DocumentReadException">The input cannot be read; nothing was written.</exception>
    public async Task<IngestResult> IngestAsync(ReadOnlyMemory<byte> content, string sourceName, CancellationToken cancellationToken = default)
    {
        var prepared = Prepare(content, sourceName, cancellationToken);
        return await WriteAsync(prepared, cancellationToken);
    }

    public async Task<IngestResult> WriteAsync(PreparedInput prepared, CancellationToken cancellationToken = default)
    {
        var results = await store.UpsertAsync(prepared.Batches, cancellationToken);
        // Guarded so the boxed counts are not built when Information is off (CA1873).
        if (_logger.IsEnabled(LogLevel.Information))
            foreach (var r in results)
                _logger.LogInformation("Ingested {Source}: paper {PaperId} {Outcome} (+{Nodes} nodes, +{Relationships} relationships, {Evidence} evidence)",
                    prepared.Source, r.DocumentId, r.Outcome, r.NodesCreated, r.RelationshipsCreated, r.EvidenceAdded);
        return new IngestResult(prepared.Source, prepared.Format, results, null);
    }

    /// <summary>
    /// Ingests files and folders (recursively; hidden files and <c>failed/</c> folders skipped). Reading and
    /// extraction run in parallel across cores; writes go to the store as each input is ready, so memory stays
    /// bounded by the inputs in flight. A file that fails is reported, never fatal for the rest.
    /// </summary>
    public async Task<IReadOnlyList<IngestResult>> IngestPathsAsync(IEnumerable<string> paths, IProgress<IngestResult>? progress = null,
        int parallelism = 0, long maxBytes = 20 * 1024 * 1024, CancellationToken cancellationToken = default)
    {
        var files = ExpandPaths(paths).ToList();
        var results = new IngestResult[files.Count];
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), options, async (i, ct) =>
        {
            var path = files[i];
            IngestResult result;
            try
            {
                var info = new FileInfo(path);
                if (info.Length > maxBytes)
                    throw new DocumentReadException(DocumentErrorCode.TooLarge, $"{info.Length:N0} bytes is over the {maxBytes:N0}-byte limit.");
                var bytes = await File.ReadAllBytesAsync(path, ct);
                result = await WriteAsync(Prepare(bytes, path, ct), ct);
            }
            catch (DocumentReadException ex)
            {
                _logger.LogWarning("Could not read {Source}: {Reason}", path, ex.Message);
                result = new IngestResult(path, null, [], new IngestFailure(ex.Code.ToString(), ex.Message));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                result = new IngestResult(path, null, [], new IngestFailure("IO", ex.Message));
            }
            results[i] = result;
            progress?.Report(result);
        });
        return results;
    }

    public static IEnumerable<string> ExpandPaths(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (File.Exists(path)) { yield return path; continue; }
            if (!Directory.Exists(path)) throw new FileNotFoundException($"No file or folder '{path}'.", path);
            var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
            foreach (var file in Directory.EnumerateFiles(path, "*", options).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(path, file);
                var name = Path.GetFileName(file);
                if (name.StartsWith('.') || name.EndsWith(".error.txt", StringComparison.Ordinal) || name.Equals("README.md", StringComparison.OrdinalIgnoreCase)) continue;
                if (relative.Split(Path.DirectorySeparatorChar).SkipLast(1).Any(d => d == "failed" || d.StartsWith('.'))) continue;
                yield return file;
            }
        }
    }
}

/// <summary>An input read and extracted, ready to write.</summary>
public sealed record PreparedInput(string Source, DocumentFormat Format, IReadOnlyList<GraphBatch> Batches);

/// <summary>What ingesting one input did: per paper results, or why it failed.</summary>
public sealed record IngestResult(string Source, DocumentFormat? Format, IReadOnlyList<UpsertResult> Papers, IngestFailure? Failure)
{
    public bool Failed => Failure is not null;

    public int Count(UpsertOutcome outcome) => Papers.Count(p => p.Outcome == outcome);
}

public sealed record IngestFailure(string Code, string Reason);
