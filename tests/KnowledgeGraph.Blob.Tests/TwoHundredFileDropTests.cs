using System.Diagnostics;
using KnowledgeGraph.Api.Ingestion;
using KnowledgeGraph.Core.Ingestion;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Extraction;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;
using KnowledgeGraph.Core.Vocabulary;
using KnowledgeGraph.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KnowledgeGraph.Blob.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class TwoHundredFileDropTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Two_hundred_dropped_files_give_each_good_paper_once_and_quarantine_each_malformed_one()
    {
        var corpus = PaperCorpus.TwoHundred();
        Assert.Equal(200, corpus.Count);
        await using var host = await BlobTestHost.StartAsync(azurite, "drop");
        var upload = Stopwatch.StartNew();
        await host.UploadAllAsync(corpus);
        upload.Stop();

        var clock = Stopwatch.StartNew();
        var summary = await host.ReconcileAsync();
        clock.Stop();
        // Reported, not asserted: speed targets live in benchmarks.
        output.WriteLine($"200-file run: {summary}; upload {upload.Elapsed.TotalSeconds:F1} s, ingest pass {clock.Elapsed.TotalSeconds:F1} s");

        var good = corpus.Where(f => f.PaperId is not null).ToList();
        var expectedPapers = good.Select(f => f.PaperId!).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(170, expectedPapers.Count);
        Assert.Equal(new ReconcileSummary(host.Papers.Name, 200, 200, 170, 20, 10, 0, 0), summary);

        // Ledger: one record per file; the counts add up to 200.
        var ledger = await host.LedgerAsync();
        Assert.Equal(200, ledger.Count);
        var byStatus = ledger.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(170, byStatus[IngestionStatus.Ingested]);
        Assert.Equal(20, byStatus[IngestionStatus.Unchanged]);
        Assert.Equal(10, byStatus[IngestionStatus.Failed]);
        Assert.Equal(200, byStatus.Values.Sum());
        foreach (var file in good)
            Assert.Equal([file.PaperId!], ledger.Single(r => r.Name == $"{host.Papers.Name}/{file.Name}").DocumentIds);

        // Graph: every good paper exactly once, nothing else, no node or relationship twice.
        var batches = new List<GraphBatch>();
        await foreach (var b in host.Store.ExportBatchesAsync()) batches.Add(b);
        Assert.Equal(expectedPapers.Order(StringComparer.Ordinal), batches.Select(b => b.DocumentId).Order(StringComparer.Ordinal));
        Assert.Empty(await GraphSnapshot.DuplicatesAsync(host.Store));

        // Malformed: each moved to papers-failed with its reason, none left in papers.
        var malformed = corpus.Where(f => f.PaperId is null).Select(f => f.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(malformed, (await BlobTestHost.NamesAsync(host.Failed)).Order(StringComparer.Ordinal));
        Assert.Equal(190, (await BlobTestHost.NamesAsync(host.Papers)).Count);
        foreach (var name in malformed)
        {
            var metadata = (await host.Failed.GetBlobClient(name).GetPropertiesAsync()).Value.Metadata;
            Assert.False(string.IsNullOrWhiteSpace(metadata["reason"]), name);
            Assert.True(Enum.TryParse<DocumentErrorCode>(metadata["code"], out _), $"{name}: code {metadata["code"]}");
            Assert.Equal(Uri.EscapeDataString($"{host.Papers.Name}/{name}"), metadata["originalname"]);
            Assert.Equal(ledger.Single(r => r.Name == $"{host.Papers.Name}/{name}").Reason, metadata["reason"]);
            output.WriteLine($"{name}: {metadata["reason"]}");
        }

        // Parallel blob ingestion built exactly the graph a one-at-a-time ingest of the distinct papers builds.
        var folder = Directory.CreateTempSubdirectory("kg-sequential-").FullName;
        try
        {
            await using var sequential = new SqliteGraphStore(Path.Combine(folder, "graph.db"), ConceptVocabulary.Default);
            await sequential.InitializeAsync();
            var preparer = host.Services.GetRequiredService<InputPreparer>();
            foreach (var file in good.DistinctBy(f => f.PaperId).OrderBy(f => f.Name, StringComparer.Ordinal))
                await sequential.UpsertAsync(preparer.Prepare(file.Content, $"{host.Papers.Name}/{file.Name}").Batches);
            Assert.Equal(await GraphSnapshot.TakeAsync(sequential), await GraphSnapshot.TakeAsync(host.Store));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        // A second pass finds nothing to do: ETags match the ledger.
        var again = await host.ReconcileAsync();
        Assert.Equal(0, again.Processed);
    }
}
