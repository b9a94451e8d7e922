using System.Text;
using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Ingestion;
using KnowledgeGraph.Core.Storage;
using KnowledgeGraph.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Api.Tests;

/// <summary>
/// <see cref="IngestionLedger.IngestManyAsync"/> writes the ledger per group, not per input; what each input ends with
/// (record and graph) must be what one input at a time gives it, in every case the group hands to the plain path too.
/// </summary>
public sealed class LedgerGroupTests
{
    private static LedgerInput Json(string name, string title, string abstractText) =>
        new(name, Encoding.UTF8.GetBytes($$"""{"title": "{{title}}", "abstract": "{{abstractText}}"}"""));

    private static readonly LedgerInput[] Inputs =
    [
        Json("file:/in/a.json", "Tregs in type 1 diabetes", "Autologous Tregs were infused in eight children and preserved C-peptide."),
        Json("file:/in/b.json", "Stem cell-derived islets", "SC-islets led to insulin independence in ten of twelve participants."),
        Json("file:/in/c.json", "Mesenchymal stromal cells", "MSC infusion was safe and preserved C-peptide in new-onset T1D."),
        Json("file:/in/copy-of-a.json", "Tregs in type 1 diabetes", "Autologous Tregs were infused in eight children and preserved C-peptide."),
        new("file:/in/broken.json", new byte[] { 0, 1, 2, 3, 0xFF, 0xFE }),
        Json("file:/in/b.json", "Stem cell-derived islets, again", "SC-islets led to insulin independence in eleven of twelve participants."),
    ];

    [Fact]
    public async Task A_group_ends_with_the_records_and_graph_one_input_at_a_time_gives()
    {
        await using var single = await TestApiHost.StartAsync(ingestSamples: false);
        await using var grouped = await TestApiHost.StartAsync(ingestSamples: false);
        var one = single.Services.GetRequiredService<IngestionLedger>();
        foreach (var input in Inputs) await one.IngestAsync(input.Name, input.Content, null, CancellationToken.None);
        var outcomes = await grouped.Services.GetRequiredService<IngestionLedger>().IngestManyAsync(Inputs, CancellationToken.None);

        Assert.Equal(Inputs.Length, outcomes.Count);
        Assert.Equal(Inputs.Select(i => i.Name), outcomes.Select(o => o.Record.Name));
        Assert.True(outcomes[4].Unreadable);
        Assert.Equal(IngestionStatus.Failed, outcomes[4].Record.Status);
        Assert.Equal(IngestionStatus.Unchanged, outcomes[3].Record.Status); // the same paper under another name
        await AssertSameAsync(single, grouped);
    }

    [Fact]
    public async Task The_same_group_again_is_answered_from_the_ledger_and_a_new_version_replaces_its_papers()
    {
        await using var single = await TestApiHost.StartAsync(ingestSamples: false);
        await using var grouped = await TestApiHost.StartAsync(ingestSamples: false);
        var one = single.Services.GetRequiredService<IngestionLedger>();
        var many = grouped.Services.GetRequiredService<IngestionLedger>();
        LedgerInput[] first = [Inputs[0], Inputs[1], Inputs[2]];
        foreach (var input in first) await one.IngestAsync(input.Name, input.Content, null, CancellationToken.None);
        await many.IngestManyAsync(first, CancellationToken.None);

        var again = await many.IngestManyAsync(first, CancellationToken.None);
        Assert.All(again, o => Assert.All(o.Result!.Papers, p => Assert.Equal(UpsertOutcome.Unchanged, p.Outcome)));

        // c.json becomes a different paper (its old one is dropped: the plain path's removal); a.json gets a new tag.
        LedgerInput[] next = [Inputs[0] with { ETag = "v2" }, Json("file:/in/c.json", "Islet transplantation outcomes", "Islet transplantation restored insulin independence.")];
        foreach (var input in next) await one.IngestAsync(input.Name, input.Content, input.ETag, CancellationToken.None);
        await many.IngestManyAsync(next, CancellationToken.None);
        await AssertSameAsync(single, grouped);
    }

    [Fact]
    public async Task A_group_whose_papers_cannot_be_written_waits_at_Received_holding_them_and_a_later_run_finishes_it()
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false);
        var store = new FailingGraphStore(host.Services.GetRequiredService<IGraphStore>()) { GraphWritesFail = true };
        var ledger = new IngestionLedger(host.Services.GetRequiredService<InputPreparer>(), store,
            host.Services.GetRequiredService<IOptions<KnowledgeGraphOptions>>(), TimeProvider.System, NullLogger<IngestionLedger>.Instance);
        LedgerInput[] group = [Inputs[0], Inputs[1], Inputs[2]];

        // The group's write fails, then each input alone; the first of those is the store error the caller sees.
        await Assert.ThrowsAnyAsync<Exception>(() => ledger.IngestManyAsync(group, CancellationToken.None));
        foreach (var input in group)
        {
            var waiting = await store.GetIngestionAsync(input.Name);
            Assert.Equal(IngestionStatus.Received, waiting!.Status);
            Assert.NotEmpty(waiting.DocumentIds); // a crash here leaves every paper it may have written held
        }
        Assert.Equal(0, (await store.GetCountsAsync()).Nodes["Paper"]);

        store.GraphWritesFail = false;
        var resumed = await ledger.IngestManyAsync(group, CancellationToken.None);
        Assert.All(resumed, o => Assert.Equal(IngestionStatus.Ingested, o.Record.Status));
        Assert.Equal(3, (await store.GetCountsAsync()).Nodes["Paper"]);
    }

    /// <summary>Every ledger record (but its time) and the whole graph are the same in both hosts.</summary>
    private static async Task AssertSameAsync(TestApiHost expected, TestApiHost actual)
    {
        static async Task<List<string>> RecordsAsync(TestApiHost host)
        {
            var list = new List<string>();
            await foreach (var r in host.Services.GetRequiredService<IngestionLedger>().ListAsync(null, CancellationToken.None))
                list.Add(GraphJson.Serialize(r with { UpdatedAt = DateTimeOffset.UnixEpoch }));
            return list;
        }
        Assert.Equal(await RecordsAsync(expected), await RecordsAsync(actual));
        var a = await expected.Services.GetRequiredService<IGraphStore>().ExportAsync();
        var b = await actual.Services.GetRequiredService<IGraphStore>().ExportAsync();
        Assert.Equal(GraphJson.Serialize(a), GraphJson.Serialize(b));
    }
}
