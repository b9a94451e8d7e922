using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Sources;
using KnowledgeGraph.Testing;

namespace KnowledgeGraph.Core.Tests.Sources;

/// <summary>The real ClinicalTrials.gov client and fetcher against API v2 replayed on 127.0.0.1.</summary>
public sealed class ClinicalTrialsFetcherTests : IAsyncLifetime
{
    private SourceReplayServer _server = null!;

    public async Task InitializeAsync() => _server = await SourceReplayServer.StartAsync(SourceTestKit.Formats);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Studies_are_listed_page_by_page_with_pageToken_then_fetched_whole_by_id_each_a_registry_document()
    {
        _server.AddTrials(25);
        var options = SourceTestKit.Options(_server, o => { o.Sources.ClinicalTrials.PageSize = 10; o.Sources.ClinicalTrials.FetchBatchSize = 10; });
        var fetcher = SourceTestKit.Trials(options, out _);
        var sink = new RecordingSink();

        var report = await fetcher.RunAsync(new ClinicalTrialsQuery(Condition: "Type 1 Diabetes", Intervention: "mesenchymal stem cells"), sink);

        Assert.Equal((25, 25, 25), (report.Found, report.Fetched, report.Added));
        var listings = _server.Calls("/studies").Where(c => !c.Parameters.ContainsKey("filter.ids")).ToList();
        Assert.Equal(3, listings.Count);
        Assert.Equal("true", listings[0].Parameters["countTotal"]);
        Assert.False(listings[0].Parameters.ContainsKey("pageToken"));
        Assert.All(listings.Skip(1), l => Assert.True(l.Parameters.ContainsKey("pageToken")));
        Assert.All(listings, l =>
        {
            Assert.Equal(("Type 1 Diabetes", "mesenchymal stem cells"), (l.Parameters["query.cond"], l.Parameters["query.intr"]));
            Assert.Equal("NCTId,LastUpdatePostDate", l.Parameters["fields"]);
            Assert.Equal("10", l.Parameters["pageSize"]);
        });
        var fetches = _server.Calls("/studies").Where(c => c.Parameters.ContainsKey("filter.ids")).ToList();
        Assert.Equal([10, 10, 5], fetches.Select(f => f.Parameters["filter.ids"].Split(',').Length));

        var record = sink.Held.Values.OrderBy(r => r.Id, StringComparer.Ordinal).First();
        Assert.Equal(("NCT05000000", "2024-05-01", "ctgov:NCT05000000", "ctgov/NCT05000000.json"), (record.Id, record.Version, record.LedgerName, record.BlobName));
        var study = Assert.Single(new DocumentReader().Read(record.Content, record.LedgerName));
        Assert.Equal(DocumentFormat.ClinicalTrialsJson, study.Format);
        Assert.Equal("NCT05000000", study.Trial!.Id);
    }

    [Fact]
    public async Task A_rerun_fetches_only_new_and_updated_studies()
    {
        _server.AddTrials(8);
        var fetcher = SourceTestKit.Trials(SourceTestKit.Options(_server), out _);
        var sink = new RecordingSink();
        await fetcher.RunAsync(new ClinicalTrialsQuery(Term: "islet transplantation"), sink);

        var same = await fetcher.RunAsync(new ClinicalTrialsQuery(Term: "islet transplantation"), sink);
        Assert.Equal((8, 0), (same.Held, same.Fetched));

        _server.Trials[2] = (_server.Trials[2].NctId, "2025-02-03");
        _server.AddTrials(1, firstNumber: 6000000);
        var changed = await fetcher.RunAsync(new ClinicalTrialsQuery(Term: "islet transplantation"), sink);

        Assert.Equal((7, 2, 1, 1), (changed.Held, changed.Fetched, changed.Added, changed.Updated));
        Assert.Equal("2025-02-03", sink.Held[$"ClinicalTrials:{_server.Trials[2].NctId}"].Version);
        Assert.Equal(["NCT05000002", "NCT06000000"], _server.Calls("/studies").Last(c => c.Parameters.ContainsKey("filter.ids")).Parameters["filter.ids"].Split(',').Order());
    }

    [Fact]
    public async Task Since_asks_for_studies_updated_from_that_day()
    {
        _server.AddTrials(3, lastUpdate: "2023-01-01");
        _server.AddTrials(2, firstNumber: 5100000, lastUpdate: "2025-01-01");
        var fetcher = SourceTestKit.Trials(SourceTestKit.Options(_server), out _);
        var sink = new RecordingSink();

        var report = await fetcher.RunAsync(new ClinicalTrialsQuery(Condition: "Type 1 Diabetes", Since: new DateOnly(2024, 6, 1)), sink);

        Assert.Equal(2, report.Added);
        Assert.Equal("AREA[LastUpdatePostDate]RANGE[2024-06-01,MAX]", _server.Calls("/studies")[0].Parameters["filter.advanced"]);
    }

    [Fact]
    public async Task Answers_429_and_5xx_are_retried_and_the_run_completes()
    {
        _server.AddTrials(12);
        _server.Fail("/studies", 429, times: 1, retryAfter: "0");
        _server.Fail("/studies", 503, times: 1, after: 2);
        var fetcher = SourceTestKit.Trials(SourceTestKit.Options(_server, o => { o.Sources.ClinicalTrials.PageSize = 5; }), out _);
        var sink = new RecordingSink();

        var report = await fetcher.RunAsync(new ClinicalTrialsQuery(Term: "treg"), sink);

        Assert.Equal(12, report.Added);
        Assert.Equal([429, 503], _server.Requests.Where(r => r.Status != 200).Select(r => r.Status));
    }

    [Fact]
    public async Task A_query_needs_a_term_a_condition_or_an_intervention()
    {
        var fetcher = SourceTestKit.Trials(SourceTestKit.Options(_server), out _);
        await Assert.ThrowsAsync<ArgumentException>(() => fetcher.RunAsync(new ClinicalTrialsQuery(), new RecordingSink()));
    }
}
