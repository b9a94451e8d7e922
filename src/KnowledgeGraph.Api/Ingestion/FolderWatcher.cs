using System.Collections.Concurrent;
using KnowledgeGraph.Core.Ingestion;
using Microsoft.Extensions.Hosting;

namespace KnowledgeGraph.Api.Ingestion;

/// <summary>The folder <c>kg serve --watch DIR</c> watches, and how long a file must be quiet before it is read.</summary>
public sealed record FolderWatchOptions(string Folder, TimeSpan Debounce)
{
    public const string FailedFolder = "failed";
}

/// <summary>
/// Ingests files dropped into a folder through <see cref="FileIngestion"/> (the ledger's file door, as <c>kg ingest</c>):
/// an initial scan, then FileSystemWatcher events, each file read once it has been quiet for the debounce (writers
/// emit several events). A file that cannot be ingested (unreadable, over a limit, not a regular file) moves to
/// <c>DIR/failed/</c> with <c>&lt;name&gt;.error.txt</c> beside it; ingested files stay where they are (re-ingesting
/// them is Unchanged). No file can stop the watcher: every failure is logged and the loop goes on.
/// </summary>
public sealed class FolderWatcher(FolderWatchOptions options, FileIngestion files, ILogger<FolderWatcher> logger) : BackgroundService
{
    // A file still locked by its writer is retried this many times before it is left for the next event.
    private const int MaxReadTries = 20;

    private readonly ConcurrentDictionary<string, (DateTimeOffset Seen, int Tries)> _pending = new(StringComparer.Ordinal);

    private string Root => Path.GetFullPath(options.Folder);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Directory.CreateDirectory(Root);
        using var watcher = new FileSystemWatcher(Root)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Created += (_, e) => Touch(e.FullPath);
        watcher.Changed += (_, e) => Touch(e.FullPath);
        watcher.Renamed += (_, e) => Touch(e.FullPath);
        watcher.EnableRaisingEvents = true;
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)) Touch(file);
        IngestionHostLog.Watching(logger, Root);

        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var (path, state) in _pending)
            {
                if (now - state.Seen < options.Debounce) continue;
                _pending.TryRemove(path, out _);
                await ProcessAsync(path, state.Tries, stoppingToken);
            }
        }
    }

    private void Touch(string path)
    {
        if (!Eligible(path)) return;
        _pending.AddOrUpdate(path, _ => (DateTimeOffset.UtcNow, 0), (_, s) => (DateTimeOffset.UtcNow, s.Tries));
    }

    /// <summary>Skips the quarantine folder, error notes and hidden files (editors' temporary files).</summary>
    private bool Eligible(string path)
    {
        var relative = Path.GetRelativePath(Root, path);
        if (relative.StartsWith("..", StringComparison.Ordinal)) return false;
        var parts = relative.Split(Path.DirectorySeparatorChar);
        return parts[0] != FolderWatchOptions.FailedFolder
            && !parts.Any(p => p.StartsWith('.'))
            && !relative.EndsWith(".error.txt", StringComparison.Ordinal);
    }

    private async Task ProcessAsync(string path, int tries, CancellationToken ct)
    {
        var name = Path.GetRelativePath(Root, path);
        try
        {
            if (!File.Exists(path)) return;
            var outcome = await files.IngestFileAsync(path, ct);
            if (outcome.Quarantine) Quarantine(path, name, outcome.Record.Reason ?? "unreadable");
        }
        catch (IOException) when (tries < MaxReadTries && File.Exists(path))
        {
            // Still being written or locked: try again after another quiet period.
            _pending.TryAdd(path, (DateTimeOffset.UtcNow, tries + 1));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Not the file's content at fault (store unavailable, file locked for good): leave it in place; a later
            // change or a restart retries it. Never rethrown: one file must not stop the watcher or the host.
            IngestionHostLog.WatchIngestFailed(logger, ex, InputNames.Clean(name));
        }
    }

    private void Quarantine(string path, string name, string reason)
    {
        var target = Path.Combine(Root, FolderWatchOptions.FailedFolder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(path, target, overwrite: true);
        File.WriteAllText(target + ".error.txt", reason + Environment.NewLine);
        IngestionHostLog.Quarantined(logger, InputNames.Clean(name), target, reason);
    }
}
