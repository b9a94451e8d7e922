using Microsoft.Playwright;

namespace KnowledgeGraph.Explorer.Tests;

[Collection(BrowserCollection.Name)]
public sealed class FilterTests(BrowserFixture fixture)
{
    private static Task<string[]> VisibleAsync(ExplorerSession session, string label) =>
        session.Page.EvaluateAsync<string[]>(
            "label => window.kgExplorer.cy.nodes().filter(n => !n.hasClass('filtered') && n.data('label') === label).map(n => n.id())", label);

    [Fact]
    public async Task Filters_hide_and_show_nodes_by_label_mechanism_and_phase()
    {
        await using var session = await ExplorerSession.OpenAsync(fixture);
        var page = session.Page;
        var all = await session.VisibleNodeIdsAsync();
        var trials = await VisibleAsync(session, "Trial");
        Assert.NotEmpty(trials);

        // Label: unchecking Trial hides exactly the trials; checking it again brings them back.
        await page.Locator("#label-filter input[value='Trial']").UncheckAsync();
        Assert.Empty(await VisibleAsync(session, "Trial"));
        Assert.Equal(all.Length - trials.Length, (await session.VisibleNodeIdsAsync()).Length);
        await Assertions.Expect(page.Locator("#node-list [data-id^='trial:']")).ToHaveCountAsync(0);
        await page.Locator("#label-filter input[value='Trial']").CheckAsync();
        Assert.Equal(all.Order(StringComparer.Ordinal), (await session.VisibleNodeIdsAsync()).Order(StringComparer.Ordinal));

        // Mechanism: only replacement's cell types and trials stay (as /api/celltypes and /api/trials say).
        await page.SelectOptionAsync("#mechanism-filter", "mechanism:replacement");
        var replacementCells = Api.Ids((await Api.GetAsync(fixture, "api/celltypes?mechanism=mechanism:replacement")).GetProperty("items")).ToHashSet();
        var replacementTrials = Api.Ids((await Api.GetAsync(fixture, "api/trials?mechanism=mechanism:replacement")).GetProperty("items")).ToHashSet();
        var cells = await VisibleAsync(session, "CellType");
        Assert.NotEmpty(cells);
        Assert.All(cells, id => Assert.Contains(id, replacementCells));
        Assert.All(await VisibleAsync(session, "Trial"), id => Assert.Contains(id, replacementTrials));
        Assert.Equal(["mechanism:replacement"], await VisibleAsync(session, "Mechanism"));
        Assert.DoesNotContain("celltype:treg", await session.VisibleNodeIdsAsync());
        await session.ScreenshotAsync("filter-replacement");

        // Phase: only trials of that registry phase stay.
        await page.SelectOptionAsync("#mechanism-filter", "");
        await page.SelectOptionAsync("#phase-filter", "PHASE1/PHASE2");
        var phaseTrials = Api.Ids((await Api.GetAsync(fixture, "api/trials?phase=PHASE1/PHASE2")).GetProperty("items")).ToList();
        Assert.NotEmpty(phaseTrials);
        Assert.Equal(phaseTrials.Order(StringComparer.Ordinal), (await VisibleAsync(session, "Trial")).Order(StringComparer.Ordinal));
        Assert.Contains("celltype:treg", await session.VisibleNodeIdsAsync());
        await session.ScreenshotAsync("filter-phase");

        await page.SelectOptionAsync("#phase-filter", "");
        Assert.Equal(all.Order(StringComparer.Ordinal), (await session.VisibleNodeIdsAsync()).Order(StringComparer.Ordinal));
        Assert.Empty(session.ConsoleErrors);
    }
}
