using Microsoft.Playwright;

namespace KnowledgeGraph.Explorer.Tests;

[Collection(BrowserCollection.Name)]
public sealed class SearchAndDetailsTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Searching_Treg_suggests_it_and_opening_it_shows_properties_and_evidence_with_source_links()
    {
        await using var session = await ExplorerSession.OpenAsync(fixture);
        var page = session.Page;
        await page.FillAsync("#search", "Treg");
        var suggestion = page.Locator("#suggestions li[data-id='celltype:treg']");
        await Assertions.Expect(suggestion).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#search")).ToHaveAttributeAsync("aria-expanded", "true");
        await suggestion.ClickAsync();

        var node = await Api.GetAsync(fixture, "api/nodes/celltype:treg");
        await Assertions.Expect(page.Locator("#details-title")).ToHaveTextAsync(node.GetProperty("name").GetString()!);
        await Assertions.Expect(page.Locator(".props")).ToContainTextAsync("CL:0000815");
        await Assertions.Expect(page.Locator(".props")).ToContainTextAsync("biolink:Cell");
        Assert.Equal(["celltype:treg"], await page.EvaluateAsync<string[]>("() => window.kgExplorer.cy.$(':selected').map(n => n.id())"));

        // A sentence the store holds for Treg (a finding: the Treg infusions were safe), shown with a link to its paper.
        var evidence = await Api.GetAsync(fixture, "api/evidence?from=celltype:treg&type=REPORTS_OUTCOME&to=outcome:safety");
        var sentence = evidence.GetProperty("evidence")[0];
        var quote = page.Locator(".evidence li").Filter(new() { HasText = sentence.GetProperty("text").GetString()! }).First;
        await Assertions.Expect(quote).ToBeVisibleAsync();
        Assert.Equal("paper:pmid:26606968", sentence.GetProperty("documentId").GetString());
        await Assertions.Expect(quote.Locator("a")).ToHaveAttributeAsync("href", "https://pubmed.ncbi.nlm.nih.gov/26606968/");
        Assert.True(await page.Locator(".evidence blockquote").CountAsync() >= 2);
        Assert.DoesNotMatch(@"\bnull\b|\bundefined\b|\[object Object\]", await page.Locator("#details").InnerTextAsync());
        await session.ScreenshotAsync("search-treg-evidence");
        Assert.Empty(session.ConsoleErrors);
    }

    [Fact]
    public async Task Papers_and_trials_link_to_doi_pubmed_and_clinicaltrials_gov()
    {
        await using var session = await ExplorerSession.OpenAsync(fixture);
        var page = session.Page;
        await page.FillAsync("#search", "NCT04786262");
        await page.Locator("#suggestions li[data-id='trial:NCT04786262']").ClickAsync();
        await Assertions.Expect(page.Locator(".links a")).ToHaveAttributeAsync("href", "https://clinicaltrials.gov/study/NCT04786262");
        // Sentences from the registry record link back to the study too.
        await Assertions.Expect(page.Locator(".evidence a[href='https://clinicaltrials.gov/study/NCT04786262']").First).ToBeVisibleAsync();

        await page.FillAsync("#search", "polyclonal regulatory");
        await page.Locator("#suggestions li[data-id='paper:pmid:26606968']").ClickAsync();
        var links = page.Locator(".links a");
        await Assertions.Expect(links).ToHaveCountAsync(2);
        Assert.Equal("https://doi.org/10.1126/scitranslmed.aad4134", await links.Nth(0).GetAttributeAsync("href"));
        Assert.Equal("https://pubmed.ncbi.nlm.nih.gov/26606968/", await links.Nth(1).GetAttributeAsync("href"));
        await session.ScreenshotAsync("paper-links");
        Assert.Empty(session.ConsoleErrors);
        Assert.Empty(session.BlockedRequests);
    }
}
