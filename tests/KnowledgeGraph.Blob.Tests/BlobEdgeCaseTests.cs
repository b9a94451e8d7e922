using System.Text;
using KnowledgeGraph.Api.Ingestion;
using KnowledgeGraph.Core.Ingestion;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Blob.Tests;

/// <summary>Single-blob cases: each input handled as the design says (docs/deploy.md, "Blob ingestion").</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobEdgeCaseTests(AzuriteFixture azurite)
{
    private static string Ledger(BlobTestHost host, string name) => $"{host.Papers.Name}/{name}";

    [Fact]
    public async Task Oversized_blob_is_quarantined_by_server_side_copy_with_reason_TooLarge()
    {
        await using var host = await BlobTestHost.StartAsync(azurite, "big", new Dictionary<string, string?> { ["KG:Ingestion:MaxDocumentBytes"] = "4096" });
        var paper = PaperCorpus.Good(0);
        var big = paper with { Name = "big.txt", Content = [.. paper.Content, .. Encoding.UTF8.GetBytes(new string('x', 8192))] };
        await host.UploadAsync(big);

        var result = await host.Processor.ProcessAsync(host.Papers.GetBlobClient("big.txt"), CancellationToken.None);

        Assert.Equal(BlobProcessStatus.Quarantined, result.Status);
        Assert.Empty(await BlobTestHost.NamesAsync(host.Papers));
        var copy = host.Failed.GetBlobClient("big.txt");
        var properties = (await copy.GetPropertiesAsync()).Value;
        Assert.Equal(big.Content.Length, properties.ContentLength);
        Assert.Equal("TooLarge", properties.Metadata["code"]);
        Assert.Contains("limit is 4,096 bytes", properties.Metadata["reason"], StringComparison.Ordinal);
        var record = await host.Handler.GetAsync(Ledger(host, "big.txt"), CancellationToken.None);
        Assert.Equal(IngestionStatus.Failed, record!.Status);
        Assert.Null(record.ContentHash); // never downloaded, so never hashed
        Assert.Null(await host.Store.GetDocumentHashAsync(paper.PaperId!));
    }

    [Theory]
    [InlineData("empty.txt", "", "Empty")]
    [InlineData("garbage.dat", "\u0001\u00ff\u00fe\u0000binary\u0000\u0002", "UnknownFormat")]
    public async Task Unreadable_blob_is_quarantined_at_once_with_its_code(string name, string content, string code)
    {
        await using var host = await BlobTestHost.StartAsync(azurite, "bad");
        var bytes = content.Select(c => (byte)c).ToArray();
        await host.UploadAsync(new CorpusFile(name, bytes, null));

        var result = await host.Processor.ProcessAsync(host.Papers.GetBlobClient(name), CancellationToken.None);

        Assert.Equal(BlobProcessStatus.Quarantined, result.Status);
        Assert.Equal(1, result.Record!.Attempts);
        var failed = host.Failed.GetBlobClient(name);
        Assert.Equal(bytes, (await failed.DownloadContentAsync()).Value.Content.ToArray());
        var metadata = (await failed.GetPropertiesAsync()).Value.Metadata;
        Assert.Equal(code, metadata["code"]);
        Assert.StartsWith(code + ":", metadata["reason"], StringComparison.Ordinal);
        Assert.Equal("1", metadata["attempts"]);
        Assert.Equal(result.Record.ContentHash, metadata["sha256"]);
        Assert.False(await host.Papers.GetBlobClient(name).ExistsAsync());
    }

    [Fact]
    public async Task Wrong_extension_with_valid_content_is_ingested_by_content()
    {
        await using var host = await BlobTestHost.StartAsync(azurite, "ext");
        var trial = PaperCorpus.Good(4, "looks-like.pdf"); // CT.gov JSON named .pdf
        await host.UploadAsync(trial);

        var result = await host.Processor.ProcessAsync(host.Papers.GetBlobClient("looks-like.pdf"), CancellationToken.None);

        Assert.Equal(BlobProcessStatus.Ingested, result.Status);
        Assert.Equal([trial.PaperId!], result.Record!.DocumentIds);
        Assert.NotNull(await host.Store.GetDocumentHashAsync(trial.PaperId!));
        Assert.Empty(await BlobTestHost.NamesAsync(host.Failed));
    }

    [Fact]
    public async Task Reuploading_a_fixed_file_ingests_it_and_clears_its_failed_copy()
    {
        await using var host = await BlobTestHost.StartAsync(azurite, "fix");
        var good = PaperCorpus.Good(3, "fixed.xml");
        await host.UploadAsync(good with { Content = good.Content[..(good.Content.Length / 2)] });
        Assert.Equal(1, (await host.ReconcileAsync()).Quarantined);
        Assert.Equal(["fixed.xml"], await BlobTestHost.NamesAsync(host.Failed));

        await host.UploadAsync(good);
        var summary = await host.ReconcileAsync();

        Assert.Equal(1, summary.Ingested);
        var record = await host.Handler.GetAsync(Ledger(host, "fixed.xml"), CancellationToken.None);
        Assert.Equal(IngestionStatus.Ingested, record!.Status);
        Assert.Null(record.Reason);
        Assert.Equal(1, record.Attempts);
        Assert.Equal([good.PaperId!], record.DocumentIds);
        Assert.Empty(await BlobTestHost.NamesAsync(host.Failed));
    }

    [Fact]
    public async Task Same_name_with_new_content_replaces_that_papers_evidence()
    {
        await using var host = await BlobTestHost.StartAsync(azurite, "replace");
        var first = PaperCorpus.Good(0, "paper.txt");
        await host.UploadAsync(first);
        await host.ReconcileAsync();
        var before = await host.Store.GetNeighborsAsync(first.PaperId!, 1, null, 500);
        Assert.Contains(before!.Nodes, n => n.Id == "celltype:msc");

        // Same PMID, new text: the MSC study rewritten as a Treg study.
        var text = Encoding.UTF8.GetString(first.Content)
            .Replace("Mesenchymal stromal cells (MSCs)", "Regulatory T cells (Tregs)", StringComparison.Ordinal)
            .Replace("mesenchymal stromal cells", "regulatory T cells", StringComparison.OrdinalIgnoreCase)
            .Replace("MSCs", "Tregs", StringComparison.Ordinal).Replace("MSC", "Treg", StringComparison.Ordinal);
        await host.UploadAsync(first with { Content = Encoding.UTF8.GetBytes(text) });
        var summary = await host.ReconcileAsync();

        Assert.Equal(1, summary.Ingested);
        var after = await host.Store.GetNeighborsAsync(first.PaperId!, 1, null, 500);
        Assert.DoesNotContain(after!.Nodes, n => n.Id == "celltype:msc");
        Assert.Contains(after.Nodes, n => n.Id == "celltype:treg");
        Assert.Empty(await GraphSnapshot.DuplicatesAsync(host.Store));
    }

    [Fact]
    public async Task Broken_new_version_is_quarantined_and_the_last_good_paper_stays()
    {
        await using var host = await BlobTestHost.StartAsync(azurite, "broken");
        var good = PaperCorpus.Good(3, "article.xml");
        await host.UploadAsync(good);
        await host.ReconcileAsync();
        var before = await GraphSnapshot.TakeAsync(host.Store);

        await host.UploadAsync(good with { Content = good.Content[..100] });
        Assert.Equal(1, (await host.ReconcileAsync()).Quarantined);

        Assert.Equal(before, await GraphSnapshot.TakeAsync(host.Store));
        var record = await host.Handler.GetAsync(Ledger(host, "article.xml"), CancellationToken.None);
        Assert.Equal(IngestionStatus.Failed, record!.Status);
        Assert.Equal([good.PaperId!], record.DocumentIds);
        // The quarantined name is not a deletion: the next pass leaves the paper alone.
        Assert.Equal(0, (await host.ReconcileAsync()).Removed);
        Assert.NotNull(await host.Store.GetDocumentHashAsync(good.PaperId!));
    }

    [Fact]
    public async Task Same_name_with_a_different_paper_removes_the_paper_it_no_longer_holds()
    {
        await using var host = await BlobTestHost.StartAsync(azurite, "swap");
        var first = PaperCorpus.Good(1, "slot.md");
        var second = PaperCorpus.Good(6, "slot.md");
        await host.UploadAsync(first);
        await host.ReconcileAsync();
        await host.UploadAsync(second);
        await host.ReconcileAsync();

        Assert.Null(await host.Store.GetDocumentHashAsync(first.PaperId!));
        Assert.NotNull(await host.Store.GetDocumentHashAsync(second.PaperId!));
    }

    [Fact]
    public async Task Deleting_a_blob_removes_its_paper_unless_another_name_still_holds_it()
    {
        await using var host = await BlobTestHost.StartAsync(azurite, "delete");
        var paper = PaperCorpus.Good(2, "a.json");
        var copy = paper with { Name = "copy-of-a.json" };
        await host.UploadAllAsync([paper, copy]);
        await host.ReconcileAsync();

        await host.Papers.DeleteBlobAsync("a.json");
        Assert.Equal(1, (await host.ReconcileAsync()).Removed);
        Assert.NotNull(await host.Store.GetDocumentHashAsync(paper.PaperId!));
        Assert.Equal(IngestionStatus.Deleted, (await host.Handler.GetAsync(Ledger(host, "a.json"), CancellationToken.None))!.Status);

        await host.Papers.DeleteBlobAsync("copy-of-a.json");
        Assert.Equal(1, (await host.ReconcileAsync()).Removed);
        Assert.Null(await host.Store.GetDocumentHashAsync(paper.PaperId!));
        Assert.Null(await host.Store.GetNodeAsync(paper.PaperId!));
    }

    [Fact]
    public async Task Deleting_a_blob_keeps_its_paper_when_DeleteRemovesPaper_is_false()
    {
        await using var host = await BlobTestHost.StartAsync(azurite, "keep", new Dictionary<string, string?> { ["KG:Ingestion:DeleteRemovesPaper"] = "false" });
        var paper = PaperCorpus.Good(5, "kept.txt");
        await host.UploadAsync(paper);
        await host.ReconcileAsync();

        await host.Papers.DeleteBlobAsync("kept.txt");
        await host.ReconcileAsync();

        var record = await host.Handler.GetAsync(Ledger(host, "kept.txt"), CancellationToken.None);
        Assert.Equal(IngestionStatus.Deleted, record!.Status);
        Assert.Contains("papers kept", record.Reason, StringComparison.Ordinal);
        Assert.NotNull(await host.Store.GetDocumentHashAsync(paper.PaperId!));
    }
}
