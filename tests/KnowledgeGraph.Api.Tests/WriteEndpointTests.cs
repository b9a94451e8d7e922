using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KnowledgeGraph.Core.Ingestion;
using KnowledgeGraph.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeGraph.Api.Tests;

/// <summary>Each test writes, so each gets its own host and database.</summary>
public sealed class WriteEndpointTests
{
    // A paper the samples do not contain, mentioning things they do (so deleting it must leave those alone).
    private const string NewPaper = """
        {"title": "Regulatory T cells preserve C-peptide in new-onset type 1 diabetes",
         "doi": "10.5555/kg-api-test.1",
         "abstract": "Infusion of autologous regulatory T cells (Tregs) was safe. Treg therapy preserved C-peptide in children with type 1 diabetes."}
        """;

    private const string NewPaperId = "paper:doi:10.5555/kg-api-test.1";

    private static async Task<long> TotalAsync(HttpClient client, string kind) => (await client.JsonAsync("/api/health")).GetProperty(kind).GetInt64();

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Posting_the_same_paper_twice_is_created_then_unchanged_with_equal_counts()
    {
        await using var host = await TestApiHost.StartAsync();
        var client = host.Client;
        var before = await TotalAsync(client, "nodes");

        using var first = await client.PostAsync("/api/papers?name=treg.json", Json(NewPaper));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("/api/papers/" + NewPaperId, first.Headers.Location?.OriginalString);
        var created = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(NewPaperId, created.GetProperty("papers")[0].GetProperty("documentId").GetString());
        Assert.Equal("added", created.GetProperty("papers")[0].GetProperty("outcome").GetString());
        var afterFirst = (Nodes: await TotalAsync(client, "nodes"), Rels: await TotalAsync(client, "relationships"));
        Assert.True(afterFirst.Nodes > before);
        var recorded = await host.Services.GetRequiredService<IGraphStore>().GetIngestionAsync("upload:treg.json");

        using var second = await client.PostAsync("/api/papers?name=treg.json", Json(NewPaper));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var unchanged = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Unchanged", unchanged.GetProperty("status").GetString());
        Assert.Equal(afterFirst, (await TotalAsync(client, "nodes"), await TotalAsync(client, "relationships")));

        // The ledger already held this content: answered from its record, which was not even rewritten.
        var after = await host.Services.GetRequiredService<IGraphStore>().GetIngestionAsync("upload:treg.json");
        Assert.Equal(recorded!.UpdatedAt, after!.UpdatedAt);
        Assert.Equal(IngestionStatus.Ingested, after.Status);
        Assert.Equal([NewPaperId], after.DocumentIds);
    }

    [Fact]
    public async Task Name_comes_from_content_disposition_when_not_in_the_query()
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false);
        using var content = Json(NewPaper);
        content.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = "\"from-header.json\"" };
        using var response = await host.Client.PostAsync("/api/papers", content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("upload:from-header.json", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Deleting_a_paper_removes_it_and_the_evidence_only_it_supported()
    {
        await using var host = await TestApiHost.StartAsync();
        var client = host.Client;
        var before = (Nodes: await TotalAsync(client, "nodes"), Rels: await TotalAsync(client, "relationships"));
        var tregBefore = await client.JsonAsync("/api/nodes/celltype:treg/neighbors?types=MENTIONS");

        using (var posted = await client.PostAsync("/api/papers?name=treg.json", Json(NewPaper)))
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var paper = await client.JsonAsync("/api/papers/" + NewPaperId);
        var mentions = paper.GetProperty("relationships").EnumerateArray().ToList();
        Assert.Contains(mentions, r => r.GetProperty("to").GetString() == "celltype:treg");

        using (var deleted = await client.DeleteAsync("/api/papers/" + NewPaperId))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        Assert.Equal(before, (await TotalAsync(client, "nodes"), await TotalAsync(client, "relationships")));
        await client.ProblemAsync("/api/papers/" + NewPaperId, HttpStatusCode.NotFound);
        await client.ProblemAsync("/api/nodes/" + NewPaperId, HttpStatusCode.NotFound);
        foreach (var r in mentions)
            await client.ProblemAsync($"/api/evidence?from={Uri.EscapeDataString(NewPaperId)}&type={r.GetProperty("type").GetString()}&to={r.GetProperty("to").GetString()}", HttpStatusCode.NotFound);
        // What other papers supported is still there, evidence and all.
        var tregAfter = await client.JsonAsync("/api/nodes/celltype:treg/neighbors?types=MENTIONS");
        Assert.Equal(tregBefore.GetRawText(), tregAfter.GetRawText());
        using var again = await client.DeleteAsync("/api/papers/" + NewPaperId);
        await again.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Body_over_the_limit_is_413()
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false, new Dictionary<string, string?> { ["KG:Api:MaxRequestBytes"] = "1024" });
        using var response = await host.Client.PostAsync("/api/papers?name=big.txt", new StringContent(new string('a', 4096) + " type 1 diabetes"));
        var detail = await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("1,024", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binary_of_unknown_format_is_415_and_recorded_as_failed()
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false);
        using var content = new ByteArrayContent([0x00, 0x01, 0x02, 0xFF, 0x10, 0x00, 0x7F, 0x03]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await host.Client.PostAsync("/api/papers?name=blob.bin", content);
        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        var failed = await host.Client.JsonAsync("/api/ingestions?status=Failed");
        var record = Assert.Single(failed.GetProperty("items").EnumerateArray());
        Assert.Equal("upload:blob.bin", record.GetProperty("name").GetString());
        Assert.StartsWith("UnknownFormat", record.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty.json")]
    [InlineData("{\"title\": \"broken", "broken.json")]
    public async Task Empty_or_malformed_bodies_are_400(string body, string name)
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false);
        using var response = await host.Client.PostAsync($"/api/papers?name={name}", Json(body));
        Assert.NotEmpty(await response.ProblemAsync(HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Unreachable_store_makes_health_and_reads_503_with_retry_after_and_without_internals()
    {
        // A database path under a regular file cannot be created.
        var file = Path.GetTempFileName();
        try
        {
            await using var host = await TestApiHost.StartAsync(ingestSamples: false, new Dictionary<string, string?> { ["KG:Sqlite:Path"] = Path.Combine(file, "graph.db") });
            await host.Client.ProblemAsync("/api/health", HttpStatusCode.ServiceUnavailable);
            using var response = await host.Client.GetAsync("/api/nodes");
            Assert.Equal("5", response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var detail = await response.ProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.DoesNotContain(file, detail, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Ledger_counts_attempts_of_the_same_failing_content()
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false);
        var handler = host.Services.GetRequiredService<IngestionLedger>();
        var first = await handler.IngestAsync("papers/empty.txt", Array.Empty<byte>(), "etag-1", CancellationToken.None);
        var second = await handler.IngestAsync("papers/empty.txt", Array.Empty<byte>(), "etag-1", CancellationToken.None);
        Assert.True(first.Unreadable);
        Assert.Equal(IngestionStatus.Failed, second.Record.Status);
        Assert.Equal(2, second.Record.Attempts);
        var good = await handler.IngestAsync("papers/empty.txt", Encoding.UTF8.GetBytes(NewPaper), "etag-2", CancellationToken.None);
        Assert.Equal(IngestionStatus.Ingested, good.Record.Status);
        Assert.Equal(1, good.Record.Attempts);
        Assert.Equal([NewPaperId], good.Record.DocumentIds);
    }
}
