using KnowledgeGraph.Api.Ingestion;
using KnowledgeGraph.Core.Ingestion;
using KnowledgeGraph.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace KnowledgeGraph.Api.Tests;

public sealed class FolderWatcherTests
{
    [Fact]
    public async Task Dropped_files_are_ingested_and_broken_ones_quarantined_with_the_reason()
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false);
        var inbox = Directory.CreateDirectory(Path.Combine(host.Folder, "inbox")).FullName;
        // Present before the watcher starts: found by the initial scan.
        File.Copy(Path.Combine(TestApiHost.SamplesFolder, "000_9072b94603e409bc.txt"), Path.Combine(inbox, "seed.txt"));

        using var watcher = new FolderWatcher(new FolderWatchOptions(inbox, TimeSpan.FromMilliseconds(200)),
            host.Services.GetRequiredService<FileIngestion>(), NullLogger<FolderWatcher>.Instance);
        await watcher.StartAsync(CancellationToken.None);
        try
        {
            // Dropped while watching: found by the watcher events.
            File.Copy(Path.Combine(TestApiHost.SamplesFolder, "ctgov_v2_NCT00676871.json"), Path.Combine(inbox, "trial.json"));
            await File.WriteAllBytesAsync(Path.Combine(inbox, "broken.bin"), [0x00, 0x01, 0x02, 0x03, 0xFE]);

            var store = host.Services.GetRequiredService<IGraphStore>();
            var quarantined = Path.Combine(inbox, "failed", "broken.bin");
            for (var i = 0; i < 150; i++)
            {
                var seed = await store.GetIngestionAsync(InputNames.File(Path.Combine(inbox, "seed.txt")));
                var trial = await store.GetIngestionAsync(InputNames.File(Path.Combine(inbox, "trial.json")));
                if (seed?.Status == IngestionStatus.Ingested && trial?.Status == IngestionStatus.Ingested && File.Exists(quarantined + ".error.txt")) break;
                await Task.Delay(100);
            }

            Assert.NotNull(await store.GetNodeAsync("paper:doi:10.1007/s10517-025-06444-5"));
            Assert.NotNull(await store.GetNodeAsync("trial:NCT00676871"));
            Assert.False(File.Exists(Path.Combine(inbox, "broken.bin")));
            Assert.True(File.Exists(quarantined));
            Assert.Contains("UnknownFormat", await File.ReadAllTextAsync(quarantined + ".error.txt"), StringComparison.Ordinal);
            Assert.Equal(IngestionStatus.Failed, (await store.GetIngestionAsync(InputNames.File(Path.Combine(inbox, "broken.bin"))))?.Status);
            Assert.True(File.Exists(Path.Combine(inbox, "seed.txt")));
        }
        finally
        {
            await watcher.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_sparse_file_over_2_GB_and_a_pipe_are_quarantined_unread_and_the_watcher_keeps_going()
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false);
        var inbox = Directory.CreateDirectory(Path.Combine(host.Folder, "inbox")).FullName;
        // 3 GB that take no disk: the size alone must refuse it (reading it would fail past 2 GB and stop the host).
        await using (var sparse = File.Create(Path.Combine(inbox, "huge.txt"))) sparse.SetLength(3L * 1024 * 1024 * 1024);
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(inbox, "pipe.txt"))) await mkfifo.WaitForExitAsync();

        using var watcher = new FolderWatcher(new FolderWatchOptions(inbox, TimeSpan.FromMilliseconds(200)),
            host.Services.GetRequiredService<FileIngestion>(), NullLogger<FolderWatcher>.Instance);
        await watcher.StartAsync(CancellationToken.None);
        try
        {
            File.Copy(Path.Combine(TestApiHost.SamplesFolder, "000_9072b94603e409bc.txt"), Path.Combine(inbox, "seed.txt"));
            var failed = Path.Combine(inbox, "failed");
            var store = host.Services.GetRequiredService<IGraphStore>();
            for (var i = 0; i < 150; i++)
            {
                var seed = await store.GetIngestionAsync(InputNames.File(Path.Combine(inbox, "seed.txt")));
                if (seed?.Status == IngestionStatus.Ingested && File.Exists(Path.Combine(failed, "huge.txt.error.txt")) && File.Exists(Path.Combine(failed, "pipe.txt.error.txt"))) break;
                await Task.Delay(100);
            }

            Assert.Contains("TooLarge", await File.ReadAllTextAsync(Path.Combine(failed, "huge.txt.error.txt")), StringComparison.Ordinal);
            Assert.Contains("not a regular file", await File.ReadAllTextAsync(Path.Combine(failed, "pipe.txt.error.txt")), StringComparison.Ordinal);
            Assert.NotNull(await store.GetNodeAsync("paper:doi:10.1007/s10517-025-06444-5"));
            Assert.False(watcher.ExecuteTask!.IsCompleted, "the watcher stopped");
        }
        finally
        {
            await watcher.StopAsync(CancellationToken.None);
        }
    }
}
