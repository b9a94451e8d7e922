using Microsoft.Playwright;

namespace KnowledgeGraph.Explorer.Tests;

/// <summary>The explorer's table view of the current selection (issue 16): rows from /api/evidence-table, every cell
/// opening its evidence in the details panel.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EvidenceTableTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_table_of_a_selected_trial_shows_its_rows_and_each_cell_opens_its_evidence()
    {
        await using var session = await ExplorerSession.OpenAsync(fixture);
        var page = session.Page;
        await page.FillAsync("#search", "NCT04786262");
        await page.Locator("#suggestions li[data-id='trial:NCT04786262']").ClickAsync();
        await Assertions.Expect(page.Locator("#details-title")).ToContainTextAsync("NCT04786262");

        await page.ClickAsync("#table-toggle");
        var tableView = page.Locator("#table-view");
        await Assertions.Expect(tableView).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#table-scope")).ToContainTextAsync("trial NCT04786262");
        var expected = await Api.GetAsync(fixture, "api/evidence-table?trial=NCT04786262");
        var rows = page.Locator("#evidence-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(expected.GetProperty("items").GetArrayLength());
        Assert.All(await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.trial)"), t => Assert.Equal("trial:NCT04786262", t));

        // A finding: the registry's number, opening the registry evidence with a link to the study.
        var independence = page.Locator("#evidence-table tbody tr[data-outcome='outcome:insulin-independence']");
        await Assertions.Expect(independence.Locator("td.findings")).ToContainTextAsync("VX-880 full dose: 10 of 12 Participants");
        await independence.Locator("td.findings button.cell-link").First.ClickAsync();
        await Assertions.Expect(page.Locator("#details-title")).ToHaveTextAsync("REPORTS_OUTCOME");
        await Assertions.Expect(page.Locator("#evidence .evidence blockquote").First).ToContainTextAsync("(registry results)");
        await Assertions.Expect(page.Locator("#evidence .evidence a[href='https://clinicaltrials.gov/study/NCT04786262']").First).ToBeVisibleAsync();

        // An attribute: the protection cell opens the registry sentence that states it.
        await independence.Locator("td >> button.cell-link", new() { HasText = "Immunosuppression (pharmacological)" }).ClickAsync();
        await Assertions.Expect(page.Locator("#details-title")).ToHaveTextAsync("PROTECTED_BY");
        await Assertions.Expect(page.Locator("#evidence .evidence blockquote").First).ToContainTextAsync("immunosuppression", new() { IgnoreCase = true });

        // A registry fact: the status opens the trial card with the record field behind it.
        await independence.Locator("button.cell-link", new() { HasText = "ACTIVE_NOT_RECRUITING" }).ClickAsync();
        await Assertions.Expect(page.Locator("#details-title")).ToHaveTextAsync("NCT04786262 (trial card)");
        await Assertions.Expect(page.Locator("#details .props dd").Filter(new() { HasText = "protocolSection.statusModule.overallStatus" })).ToBeVisibleAsync();
        await session.ScreenshotAsync("evidence-table-trial");
        Assert.DoesNotMatch(@"\bundefined\b|\[object Object\]", await page.Locator("#table-view").InnerTextAsync());
        Assert.Empty(session.ConsoleErrors);
        Assert.Empty(session.BlockedRequests);
    }

    [Fact]
    public async Task Without_a_selection_the_table_lists_every_trial_and_the_flag_and_stated_numbers_link_to_their_sources()
    {
        await using var session = await ExplorerSession.OpenAsync(fixture);
        var page = session.Page;

        await page.ClickAsync("#table-toggle");
        await Assertions.Expect(page.Locator("#table-scope")).ToContainTextAsync("all trials");
        var expected = await Api.GetAsync(fixture, "api/evidence-table?limit=100");
        var trials = expected.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("trialId").GetString()).Distinct().ToList();
        await Assertions.Expect(page.Locator("#evidence-table tbody tr")).ToHaveCountAsync(expected.GetProperty("items").GetArrayLength());
        Assert.Equal(trials, (await page.Locator("#evidence-table tbody tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.trial)")).Distinct());
        await Assertions.Expect(page.Locator("#evidence-table tbody tr[data-trial='trial:NCT02239354'] td.flagged").First)
            .ToContainTextAsync("completed-without-results-or-paper");
        Assert.EndsWith("/api/evidence-table?format=csv&limit=500", await page.Locator("#table-csv").GetAttributeAsync("href"));

        // The patient number a paper states opens the card, with the sentence and a link to the paper.
        await page.Locator("#evidence-table tbody tr[data-trial='trial:NCT01210664'] button.cell-link", new() { HasText = "fourteen adults" }).First.ClickAsync();
        var stated = page.Locator("#details .evidence li[data-kind='patients']").First;
        await Assertions.Expect(stated.Locator("blockquote")).ToContainTextAsync("fourteen adults");
        await Assertions.Expect(stated.Locator("a")).ToHaveAttributeAsync("href", "https://pubmed.ncbi.nlm.nih.gov/26606968/");

        // Choosing a mechanism narrows the table to its trials.
        await page.ClickAsync("#table-close");
        await Assertions.Expect(page.Locator("#table-view")).ToBeHiddenAsync();
        await page.SelectOptionAsync("#mechanism-filter", "mechanism:immunomodulation");
        await page.ClickAsync("#table-toggle");
        var immuno = await Api.GetAsync(fixture, "api/evidence-table?mechanism=mechanism:immunomodulation&limit=100");
        await Assertions.Expect(page.Locator("#evidence-table tbody tr")).ToHaveCountAsync(immuno.GetProperty("items").GetArrayLength());
        Assert.DoesNotContain("trial:NCT04786262", await page.Locator("#evidence-table tbody tr").EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.trial)"));
        await session.ScreenshotAsync("evidence-table-immunomodulation");
        Assert.Empty(session.ConsoleErrors);
    }
}
