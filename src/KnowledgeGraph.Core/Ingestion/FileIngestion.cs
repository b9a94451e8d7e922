using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Storage;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Core.Ingestion;

/// <summary>
/// Files and folders into the ledger: <c>kg ingest</c>, <c>kg serve --ingest</c> and each file of a watched folder.
/// A file is sized before it is opened (over <see cref="IngestionOptions.MaxDocumentBytes"/> it is refused unread;
/// a pipe, socket or device reports size 0 and is never opened, so it cannot block), read with a bound, and ingested
/// under its <see cref="InputNames.File"/> key. An unchanged file is answered from the ledger without a graph write.
/// </summary>
public sealed class FileIngestion(IngestionLedger ledger, IngestionSlots slots, IOptions<KnowledgeGraphOptions> options)
{
    private long MaxBytes => options.Value.Ingestion.MaxDocumentBytes;

    /// <summary>
    /// Ingests one file. Read errors of the file itself are recorded Failed in the ledger and returned with
    /// <see cref="IngestionOutcome.Quarantine"/>; I/O errors (vanished, locked) and store errors are thrown.
    /// </summary>
    public async Task<IngestionOutcome> IngestFileAsync(string path, CancellationToken ct)
    {
        var name = InputNames.File(path);
        using var slot = await slots.WaitAsync(ct);
        byte[] content;
        try
        {
            content = await ReadBoundedAsync(path, MaxBytes, ct);
        }
        catch (DocumentReadException ex)
        {
            var record = await ledger.RecordFailureAsync(name, null, $"{ex.Code}: {ex.Message}", ct);
            return new IngestionOutcome(record, null, ex, Quarantine: true);
        }
        return await ledger.IngestAsync(name, content, null, ct);
    }

    /// <summary>
    /// Ingests files and folders (recursively; hidden files and <c>failed/</c> folders skipped),
    /// <see cref="IngestionOptions.Parallelism"/> groups at a time. A file that fails is reported, never fatal for the rest.
    /// </summary>
    public async Task<IReadOnlyList<IngestResult>> IngestPathsAsync(IEnumerable<string> paths, IProgress<IngestResult>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var files = ExpandPaths(paths).ToList();
        var results = new IngestResult[files.Count];
        await IngestFilesAsync(files, (i, result) =>
        {
            results[i] = result;
            progress?.Report(result);
        }, cancellationToken);
        return results;
    }

    /// <summary>
    /// Ingests the files in groups of <see cref="IngestionOptions.GroupSize"/> (<see cref="IngestionLedger.IngestManyAsync"/>),
    /// <see cref="IngestionOptions.Parallelism"/> groups at a time, each holding one ingestion slot; every result goes to
    /// <paramref name="onResult"/> (with the file's index) and is not kept, so a million files cost no more memory than a few groups.
    /// </summary>
    public async Task IngestFilesAsync(IReadOnlyList<string> files, Action<int, IngestResult> onResult, CancellationToken cancellationToken = default)
    {
        var size = Math.Max(1, options.Value.Ingestion.GroupSize);
        var parallelism = options.Value.Ingestion.Parallelism;
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(Enumerable.Range(0, (files.Count + size - 1) / size), parallel, async (g, ct) =>
        {
            using var slot = await slots.WaitAsync(ct);
            var inputs = new List<LedgerInput>(size);
            var indexes = new List<int>(size);
            long bytes = 0;
            async Task FlushAsync()
            {
                if (inputs.Count == 0) return;
                var outcomes = await ledger.IngestManyAsync(inputs, ct);
                for (var k = 0; k < outcomes.Count; k++) onResult(indexes[k], Result(files[indexes[k]], outcomes[k]));
                inputs.Clear();
                indexes.Clear();
                bytes = 0;
            }
            for (var i = g * size; i < Math.Min(files.Count, (g + 1) * size); i++)
            {
                var path = files[i];
                try
                {
                    // A group holds at most one largest input's worth of bytes.
                    if (bytes > 0 && bytes + new FileInfo(path).Length > MaxBytes) await FlushAsync();
                    var content = await ReadBoundedAsync(path, MaxBytes, ct);
                    inputs.Add(new LedgerInput(InputNames.File(path), content));
                    indexes.Add(i);
                    bytes += content.Length;
                }
                catch (DocumentReadException ex)
                {
                    var record = await ledger.RecordFailureAsync(InputNames.File(path), null, $"{ex.Code}: {ex.Message}", ct);
                    onResult(i, Result(path, new IngestionOutcome(record, null, ex, Quarantine: true)));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    onResult(i, new IngestResult(path, null, [], new IngestFailure("IO", ex.Message)));
                }
            }
            await FlushAsync();
        });
    }

    private static IngestResult Result(string path, IngestionOutcome outcome) =>
        outcome.Result is { } done ? done with { Source = path }
            : new IngestResult(path, null, [], new IngestFailure(outcome.ReadError?.Code.ToString() ?? "ReaderFailed", outcome.Record.Reason ?? "unreadable"));

    /// <summary>
    /// The file's bytes, at most <paramref name="maxBytes"/>: the size is checked before opening and again while
    /// reading (a file still growing), and a file reporting no size is not opened (empty, or a pipe or device).
    /// </summary>
    /// <exception cref="DocumentReadException">Empty, not a regular file, or too large.</exception>
    public static Task<byte[]> ReadBoundedAsync(string path, long maxBytes, CancellationToken ct)
    {
        try
        {
            return Task.FromResult(ReadBounded(path, maxBytes, ct));
        }
        catch (Exception ex)
        {
            return Task.FromException<byte[]>(ex);
        }
    }

    /// <inheritdoc cref="ReadBoundedAsync"/>
    public static byte[] ReadBounded(string path, long maxBytes, CancellationToken ct)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"No file '{path}'.", path);
        if (info.Length == 0)
            throw new DocumentReadException(DocumentErrorCode.Empty, $"'{info.Name}' is empty (or not a regular file: a pipe, socket or device is never read)");
        if (info.Length > maxBytes) throw TooLarge(info.Name, info.Length, maxBytes);
        // Positional reads on the handle: no stream buffer, and no asynchronous I/O emulation (a file on Linux has none;
        // it costs a thread-pool hop per read, a visible share of ingesting a million small files).
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
        var buffer = new byte[Math.Min(info.Length, maxBytes) + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = RandomAccess.Read(handle, buffer.AsSpan(total), total)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            total += read;
        }
        if (total > maxBytes) throw TooLarge(info.Name, total, maxBytes);
        Array.Resize(ref buffer, total);
        return buffer;
    }

    private static DocumentReadException TooLarge(string name, long size, long max) =>
        new(DocumentErrorCode.TooLarge, $"'{name}' is {size:N0} bytes or more; the limit is {max:N0} bytes (KG:Ingestion:MaxDocumentBytes)");

    public static IEnumerable<string> ExpandPaths(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (File.Exists(path)) { yield return path; continue; }
            if (!Directory.Exists(path)) throw new FileNotFoundException($"No file or folder '{path}'.", path);
            var enumeration = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
            foreach (var file in Directory.EnumerateFiles(path, "*", enumeration).Order(StringComparer.Ordinal))
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
