using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Sqlite.Tests;

/// <summary>
/// Group writes leave checkpoints to a background thread (the writer connection has automatic checkpoints off), so the
/// store itself must keep the write-ahead log bounded, and nothing written may depend on a checkpoint having run.
/// </summary>
public sealed class WalCheckpointTests : TempDatabaseFolder
{
    private static GraphBatch Paper(int n) => new($"paper:pmid:{n}", $"h{n}", $"test/{n}", [$"PMID:{n}"],
        [new($"paper:pmid:{n}", GraphSchema.Labels.Paper, $"Paper {n}", new Dictionary<string, object?> { ["title"] = $"Paper {n} on islets " + new string('x', 2000) }) { Authoritative = true }],
        [new($"paper:pmid:{n}", GraphSchema.Relationships.Mentions, "celltype:treg", GraphEdge.TextMiningAgent,
            [new EvidenceSentence($"paper:pmid:{n}", $"Tregs in paper {n}. " + new string('y', 1500), 0, 5, "abstract", "test")], new Dictionary<string, object?> { ["count"] = 1L })]);

    /// <summary>Bytes of one log frame: a 16 KiB page and its 24-byte header.</summary>
    private const long FrameBytes = 16384 + 24;

    [Fact]
    public async Task The_log_never_stays_past_its_limit_plus_one_group_after_a_group_write()
    {
        var path = Path.Combine(Dir, "graph.db");
        const int limitMiB = 1;
        await using (var store = new SqliteGraphStore(path, walLimitMiB: limitMiB))
        {
            long largestGroup = 0, written = 0, largestFile = 0;
            for (var group = 0; group < 40; group++)
            {
                var pagesBefore = store.Writer.CacheWrites;
                await store.UpsertAsync([.. Enumerable.Range(group * 50, 50).Select(Paper)]);
                var groupBytes = (store.Writer.CacheWrites - pagesBefore) * FrameBytes;
                largestGroup = Math.Max(largestGroup, groupBytes);
                written += groupBytes;
                // Past the limit the writer folds the log in and the next group writes it from its start; that group's
                // commit cuts the file back to the limit (or to what the group itself needs), so from the second group on
                // (the first finds the log that opening the store wrote) the file is at most the limit plus one group's
                // frames, whatever the number of groups.
                var wal = new FileInfo(path + "-wal");
                largestFile = Math.Max(largestFile, wal.Exists ? wal.Length : 0);
                if (group == 0) continue;
                Assert.True(!wal.Exists || wal.Length <= limitMiB * 1024L * 1024L + 32 + largestGroup,
                    $"log of {wal.Length} bytes after group {group} (largest group {largestGroup} bytes)");
            }
            Assert.True(store.WalRestarts > 0);
            // The log was written over again from its start, not grown: far more was written to it than it ever held.
            Assert.True(written > 3 * largestFile, $"{written} bytes written to a log of at most {largestFile}");
            Assert.Equal(2000, (await store.GetCountsAsync()).Nodes[GraphSchema.Labels.Paper]);
        }
        // Everything is in the file (or a log SQLite replays) once the store is closed, whichever checkpoints ran.
        await using var reopened = new SqliteGraphStore(path);
        Assert.Equal(2000, (await reopened.GetCountsAsync()).Nodes[GraphSchema.Labels.Paper]);
        Assert.Equal(2000, (await reopened.GetCountsAsync()).Relationships[GraphSchema.Relationships.Mentions]);
        Assert.Equal("h1999", await reopened.GetDocumentHashAsync("paper:pmid:1999"));
    }

    [Fact]
    public async Task Truncating_the_log_leaves_the_file_holding_every_write()
    {
        var path = Path.Combine(Dir, "graph.db");
        await using var store = new SqliteGraphStore(path);
        for (var group = 0; group < 5; group++)
            await store.UpsertAsync([.. Enumerable.Range(group * 20, 20).Select(Paper)]);
        await store.TruncateWalAsync();
        Assert.True(!File.Exists(path + "-wal") || new FileInfo(path + "-wal").Length == 0);
        // A copy of the file alone (no log beside it) holds all of it.
        var copy = Path.Combine(Dir, "copy.db");
        File.Copy(path, copy);
        await using var fromCopy = new SqliteGraphStore(copy);
        Assert.Equal(100, (await fromCopy.GetCountsAsync()).Nodes[GraphSchema.Labels.Paper]);
    }

    [Fact]
    public async Task The_writer_counts_its_page_cache_commits_and_log_restarts()
    {
        var path = Path.Combine(Dir, "graph.db");
        await using var store = new SqliteGraphStore(path, walLimitMiB: 1);
        for (var group = 0; group < 10; group++)
            await store.UpsertAsync([.. Enumerable.Range(group * 50, 50).Select(Paper)]);
        var writer = store.Writer;
        // Every group writes pages to the log and reads pages it already holds; the counters are reset after each group
        // and summed here, so they cover all ten.
        Assert.True(writer.CacheWrites >= 10, $"{writer.CacheWrites} pages written");
        Assert.True(writer.CacheHits > writer.CacheWrites, $"{writer.CacheHits} hits");
        Assert.True(writer.CommitSeconds > 0 && writer.CommitSeconds <= writer.GraphSeconds);
        Assert.True(store.WalRestarts > 0);
        Assert.True(store.WalRestartSeconds > 0);
        var hits = writer.CacheHits;
        await store.UpsertAsync([.. Enumerable.Range(500, 50).Select(Paper)]);
        Assert.True(store.Writer.CacheHits > hits);
    }
}
