using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using KnowledgeGraph.Core.Ingestion;
using KnowledgeGraph.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeGraph.Api.Tests;

/// <summary>
/// What an adversarial review of <c>kg serve</c> found (issue 13), one behaviour each: every case failed before its fix.
/// Each test gets its own host and database on real Kestrel.
/// </summary>
public sealed class HostileWriteTests
{
    private static StringContent Paper(int i) => new(
        $$"""{"title": "Regulatory T cells in type 1 diabetes, cohort {{i}}", "abstract": "Autologous Tregs were infused in cohort {{i}} and C-peptide was preserved in most children."}""",
        Encoding.UTF8, "application/json");

    private static async Task<long> PapersAsync(TestApiHost host) =>
        (await host.Client.JsonAsync("/api/health")).GetProperty("nodesByLabel").GetProperty("Paper").GetInt64();

    [Fact]
    public async Task Fifty_distinct_unnamed_uploads_from_sixteen_clients_keep_fifty_papers()
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false);
        var statuses = new HttpStatusCode[200];
        // 200 posts of 50 distinct papers (each sent four times), 16 at a time, none named.
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            using var response = await host.Client.PostAsync("/api/papers", Paper(i % 50), ct);
            statuses[i] = response.StatusCode;
        });

        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Created or HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, s.ToString()));
        // Anything told to come back (503) is sent again, as a client would.
        foreach (var i in Enumerable.Range(0, 50))
        {
            using var retry = await host.Client.PostAsync("/api/papers", Paper(i));
            Assert.True(retry.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, retry.StatusCode.ToString());
        }
        Assert.Equal(50, await PapersAsync(host));
        var ledger = await host.Client.JsonAsync("/api/ingestions?limit=500");
        var names = ledger.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("name").GetString()!).ToList();
        Assert.Equal(50, names.Count);
        Assert.All(names, n => Assert.StartsWith("upload:sha256:", n, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_write_from_another_sites_page_is_refused()
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false);
        using var foreign = new HttpRequestMessage(HttpMethod.Post, "/api/papers?name=csrf.json") { Content = Paper(1) };
        foreign.Headers.Add("Origin", "http://attacker.example");
        using (var refused = await host.Client.SendAsync(foreign)) await refused.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(0, await PapersAsync(host));

        using var own = new HttpRequestMessage(HttpMethod.Post, "/api/papers?name=own.json") { Content = Paper(2) };
        own.Headers.Add("Origin", host.BaseAddress.GetLeftPart(UriPartial.Authority));
        using var accepted = await host.Client.SendAsync(own);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Fact]
    public async Task A_request_naming_a_foreign_host_cannot_delete()
    {
        await using var host = await TestApiHost.StartAsync();
        const string Seed = "paper:doi:10.1007/s10517-025-06444-5";
        using var rebinding = new HttpRequestMessage(HttpMethod.Delete, "/api/papers/" + Seed);
        rebinding.Headers.Host = "attacker.example";
        using (var refused = await host.Client.SendAsync(rebinding)) await refused.ProblemAsync(HttpStatusCode.Forbidden);
        await host.Client.JsonAsync("/api/papers/" + Seed);
    }

    [Fact]
    public async Task With_a_write_key_set_writes_without_it_are_401_and_reads_stay_open()
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false, new Dictionary<string, string?> { ["KG:Api:WriteKey"] = "s3cret-key" });
        using (var without = await host.Client.PostAsync("/api/papers?name=a.json", Paper(1))) await without.ProblemAsync(HttpStatusCode.Unauthorized);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/papers?name=a.json") { Content = Paper(1) };
        wrong.Headers.Add("x-functions-key", "guess");
        using (var refused = await host.Client.SendAsync(wrong)) await refused.ProblemAsync(HttpStatusCode.Unauthorized);
        using var right = new HttpRequestMessage(HttpMethod.Post, "/api/papers?name=a.json") { Content = Paper(1) };
        right.Headers.Add("x-functions-key", "s3cret-key");
        using (var accepted = await host.Client.SendAsync(right)) Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        await host.Client.JsonAsync("/api/health");
    }

    [Fact]
    public async Task The_curated_vocabulary_cannot_be_deleted()
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false);
        static long ActsVia(JsonElement health) => health.GetProperty("relationshipsByType").GetProperty("ACTS_VIA").GetInt64();
        var before = ActsVia(await host.Client.JsonAsync("/api/health"));
        Assert.True(before > 0);

        using (var response = await host.Client.DeleteAsync("/api/papers/kg:vocabulary")) await response.ProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(before, ActsVia(await host.Client.JsonAsync("/api/health")));
    }

    [Fact]
    public async Task An_upload_finding_every_ingestion_slot_busy_is_503_with_retry_after_and_nothing_is_read()
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false, new Dictionary<string, string?> { ["KG:Ingestion:MaxConcurrentInputs"] = "1" });
        var slots = host.Services.GetRequiredService<IngestionSlots>();
        using (var held = slots.TryTake())
        {
            Assert.NotNull(held);
            using var busy = await host.Client.PostAsync("/api/papers?name=a.json", Paper(1));
            Assert.Equal(TimeSpan.FromSeconds(5), busy.Headers.RetryAfter?.Delta);
            await busy.ProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Null(await host.Services.GetRequiredService<IGraphStore>().GetIngestionAsync("upload:a.json"));
        }
        using var later = await host.Client.PostAsync("/api/papers?name=a.json", Paper(1));
        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
    }

    [Fact]
    public async Task An_export_beyond_the_concurrent_cap_is_503_with_retry_after()
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false, new Dictionary<string, string?> { ["KG:Api:MaxConcurrentExports"] = "1" });
        using (var held = host.Services.GetRequiredService<ExportSlots>().TryTake())
        {
            using var busy = await host.Client.GetAsync("/api/export?format=json");
            Assert.NotNull(busy.Headers.RetryAfter);
            await busy.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        }
        await host.Client.JsonAsync("/api/export?format=json");
    }

    [Fact]
    public async Task A_paper_id_with_non_ascii_characters_gets_a_location_that_reads_back()
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false);
        using var body = new StringContent("""{"title": "Islets für Typ-1-Diabetes", "doi": "10.5555/zürich-ñ.1", "abstract": "Islet transplantation restored insulin independence."}""", Encoding.UTF8, "application/json");

        using var created = await host.Client.PostAsync("/api/papers?name=umlaut.json", body);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        Assert.All(location, c => Assert.True(c < 128, location));
        var paper = await host.Client.JsonAsync(location);
        Assert.Equal("paper:doi:10.5555/zürich-ñ.1", paper.GetProperty("id").GetString());
        using var deleted = await host.Client.DeleteAsync(location);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Fact]
    public async Task A_doi_too_long_for_an_id_gives_a_content_id_that_reads_and_deletes()
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false);
        var doi = "10.5555/" + new string('x', 600);
        using var body = new StringContent($$"""{"title": "A very long DOI", "doi": "{{doi}}", "abstract": "Islet transplantation restored insulin independence."}""", Encoding.UTF8, "application/json");

        using var created = await host.Client.PostAsync("/api/papers?name=long.json", body);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        Assert.StartsWith("/api/papers/paper:sha:", location, StringComparison.Ordinal);
        await host.Client.JsonAsync(location);
        using var deleted = await host.Client.DeleteAsync(location);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("a=b&c=d")]
    public async Task Text_that_is_not_a_paper_is_400_and_never_enters_the_graph(string text)
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false);
        using var response = await host.Client.PostAsync("/api/papers?name=x.txt", new StringContent(text, Encoding.UTF8, "text/plain"));
        Assert.Contains("MinWords", await response.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal(0, await PapersAsync(host));
    }

    [Fact]
    public async Task A_url_encoded_form_is_415_and_a_multipart_upload_ingests_its_file()
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false);
        using (var form = await host.Client.PostAsync("/api/papers", new FormUrlEncodedContent([KeyValuePair.Create("a", "b"), KeyValuePair.Create("c", "d")])))
            await form.ProblemAsync(HttpStatusCode.UnsupportedMediaType);

        using var multipart = new MultipartFormDataContent();
        var file = Paper(7);
        multipart.Add(file, "file", "cohort7.json");
        using var created = await host.Client.PostAsync("/api/papers", multipart);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("upload:cohort7.json", JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("name").GetString());
        Assert.Equal(1, await PapersAsync(host));
    }

    [Fact]
    public async Task A_name_with_line_breaks_is_refused_so_it_cannot_forge_log_lines()
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false);
        using var response = await host.Client.PostAsync("/api/papers?name=" + Uri.EscapeDataString("a.json\r\n2026-01-01 fake: admin logged in"), Paper(1));
        await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("upload:a%0D%0Ab.json", InputNames.Upload("a\r\nb.json"));
    }

    [Fact]
    public async Task Deleting_a_paper_takes_it_out_of_the_ledger_record_that_held_it()
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false);
        using var created = await host.Client.PostAsync("/api/papers?name=one.json", Paper(1));
        var location = created.Headers.Location!.OriginalString;

        using var deleted = await host.Client.DeleteAsync(location);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var record = await host.Services.GetRequiredService<IGraphStore>().GetIngestionAsync("upload:one.json");
        Assert.Equal(IngestionStatus.Deleted, record!.Status);
        Assert.Empty(record.DocumentIds);
        // The same upload again brings the paper back.
        using var again = await host.Client.PostAsync("/api/papers?name=one.json", Paper(1));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Fact]
    public async Task Racing_uploads_of_one_name_leave_one_paper_and_every_paper_held_by_a_record()
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false);
        await Parallel.ForEachAsync(Enumerable.Range(0, 24), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var response = await host.Client.PostAsync("/api/papers?name=same.json", Paper(i), ct);
        });

        var store = host.Services.GetRequiredService<IGraphStore>();
        var record = await store.GetIngestionAsync("upload:same.json");
        var held = Assert.Single(record!.DocumentIds);
        var papers = (await store.SearchNodesAsync(null, "Paper", 500, null)).Items.Select(n => n.Id).ToList();
        Assert.Equal([held], papers);
    }

    [Fact]
    public async Task Request_line_and_headers_over_the_limits_get_problem_json()
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false);
        var longUrl = await RawAsync(host, $"GET /api/nodes?q={new string('a', 10_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 414", longUrl, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", longUrl, StringComparison.Ordinal);
        var bigHeaders = await RawAsync(host, $"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {new string('b', 40_000)}\r\nConnection: close\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 431", bigHeaders, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", bigHeaders, StringComparison.Ordinal);
    }

    private static async Task<string> RawAsync(TestApiHost host, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, host.BaseAddress.Port);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await reader.ReadToEndAsync(timeout.Token);
    }
}
