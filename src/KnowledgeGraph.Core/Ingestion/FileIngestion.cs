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
        // Every result is returned, so this path holds them all anyway; kg ingest and the bench stream instead.
        var results = new List<IngestResult?>();
        var gate = new Lock();
        await IngestFilesAsync(ExpandPaths(paths), (i, result) =>
        {
            lock (gate)
            {
                while (results.Count <= i) results.Add(null);
                results[i] = result;
            }
            progress?.Report(result);
        }, cancellationToken);
        return [.. results.Select(r => r!)];
    }

    /// <summary>
    /// Ingests the files in groups of <see cref="IngestionOptions.GroupSize"/> (<see cref="IngestionLedger.IngestManyAsync"/>),
    /// <see cref="IngestionOptions.Parallelism"/> groups at a time, each holding one ingestion slot; every result goes to
    /// <paramref name="onResult"/> (with the file's position in <paramref name="files"/>) and is not kept. The files are
    /// read from the sequence a group at a time (it may be <see cref="ExpandPaths"/>, which walks folders lazily), so a
    /// million files cost no more memory than a few groups: not the list of their paths either (at a million papers
    /// that list alone was about 200 MB of the ingest's working set).
    /// </summary>
    public async Task IngestFilesAsync(IEnumerable<string> files, Action<int, IngestResult> onResult, CancellationToken cancellationToken = default)
    {
        var size = Math.Max(1, options.Value.Ingestion.GroupSize);
        var parallelism = options.Value.Ingestion.Parallelism;
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        // Chunk is lazy and Parallel.ForEachAsync takes one group at a time from it under its own lock.
        var groups = files.Select((path, index) => (Path: path, Index: index)).Chunk(size);
        await Parallel.ForEachAsync(groups, parallel, async (group, ct) =>
        {
            using var slot = await slots.WaitAsync(ct);
            var inputs = new List<LedgerInput>(size);
            var indexes = new List<int>(size);
            var paths = new List<string>(size);
            long bytes = 0;
            async Task FlushAsync()
            {
                if (inputs.Count == 0) return;
                var outcomes = await ledger.IngestManyAsync(inputs, ct);
                for (var k = 0; k < outcomes.Count; k++) onResult(indexes[k], Result(paths[k], outcomes[k]));
                inputs.Clear();
                indexes.Clear();
                paths.Clear();
                bytes = 0;
            }
            foreach (var (path, i) in group)
            {
                try
                {
                    // A group holds at most one largest input's worth of bytes.
                    if (bytes > 0 && bytes + new FileInfo(path).Length > MaxBytes) await FlushAsync();
                    var content = await ReadBoundedAsync(path, MaxBytes, ct);
                    inputs.Add(new LedgerInput(InputNames.File(path), content));
                    indexes.Add(i);
                    paths.Add(path);
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

    /// <summary>
    /// The files under the paths (folders recursively; hidden files, <c>failed/</c> folders, <c>*.error.txt</c> and
    /// README.md skipped), each folder's in ordinal order of their full paths. A missing path throws
    /// <see cref="FileNotFoundException"/> here, before anything is read. Folders are walked lazily, one folder's listing
    /// at a time, in an order equal to sorting every full path (a sub-folder sorts as its name plus the separator), so a
    /// million files are never held as one list.
    /// </summary>
    public static IEnumerable<string> ExpandPaths(IEnumerable<string> paths)
    {
        var list = paths.ToList();
        foreach (var path in list)
            if (!File.Exists(path) && !Directory.Exists(path)) throw new FileNotFoundException($"No file or folder '{path}'.", path);
        return Walk(list);
    }

    /// <summary>How many files <see cref="ExpandPaths"/> gives, counted by walking the folders without keeping a name
    /// (for a progress total; at a million files about a second).</summary>
    public static long CountFiles(IEnumerable<string> paths)
    {
        long n = 0;
        foreach (var _ in ExpandPaths(paths)) n++;
        return n;
    }

    private static readonly EnumerationOptions FolderListing = new()
    {
        RecurseSubdirectories = false, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
    };

    private static IEnumerable<string> Walk(List<string> paths)
    {
        foreach (var path in paths)
        {
            if (File.Exists(path)) { yield return path; continue; }
            foreach (var file in WalkFolder(path)) yield return file;
        }
    }

    private static IEnumerable<string> WalkFolder(string folder)
    {
        var entries = new List<(string Key, string Path, bool Folder)>();
        foreach (var dir in Directory.EnumerateDirectories(folder, "*", FolderListing))
        {
            var name = Path.GetFileName(dir);
            if (name == "failed" || name.StartsWith('.')) continue;
            entries.Add((name + Path.DirectorySeparatorChar, dir, true));
        }
        foreach (var file in Directory.EnumerateFiles(folder, "*", FolderListing))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith('.') || name.EndsWith(".error.txt", StringComparison.Ordinal) || name.Equals("README.md", StringComparison.OrdinalIgnoreCase)) continue;
            entries.Add((name, file, false));
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var (_, path, isFolder) in entries)
        {
            if (!isFolder) { yield return path; continue; }
            foreach (var file in WalkFolder(path)) yield return file;
        }
    }
}
