using Microsoft.Playwright;

namespace KnowledgeGraph.Explorer.Tests;

[Collection(BrowserCollection.Name)]
public sealed class PageLoadTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Page_loads_without_console_errors_or_outside_requests_and_starts_on_the_mechanism_split()
    {
        await using var session = await ExplorerSession.OpenAsync(fixture);
        var compare = await Api.GetAsync(fixture, "api/mechanisms/compare");
        var replacement = compare.GetProperty("replacement");
        var immunomodulation = compare.GetProperty("immunomodulation");

        await Assertions.Expect(session.Page.Locator("#details-title")).ToHaveTextAsync("Mechanism split");
        await Assertions.Expect(session.Page.Locator($"[data-mechanism='{replacement.GetProperty("mechanism").GetString()}'] h3"))
            .ToHaveTextAsync(replacement.GetProperty("name").GetString()!);
        await Assertions.Expect(session.Page.Locator($"[data-mechanism='{immunomodulation.GetProperty("mechanism").GetString()}'] h3"))
            .ToHaveTextAsync(immunomodulation.GetProperty("name").GetString()!);

        // The split: replacement's cell types drawn left of centre, immunomodulation's right of it.
        var x = await session.Page.EvaluateAsync<Dictionary<string, double>>(
            "() => Object.fromEntries(window.kgExplorer.cy.nodes().map(n => [n.id(), n.position('x')]))");
        var left = Api.Ids(replacement.GetProperty("cellTypes")).ToList();
        var right = Api.Ids(immunomodulation.GetProperty("cellTypes")).ToList();
        Assert.NotEmpty(left);
        Assert.NotEmpty(right);
        Assert.All(left, id => Assert.True(x[id] < 0, $"{id} is at x={x[id]}"));
        Assert.All(right, id => Assert.True(x[id] > 0, $"{id} is at x={x[id]}"));
        var trials = Api.Ids(replacement.GetProperty("trials")).Concat(Api.Ids(immunomodulation.GetProperty("trials")));
        var expected = left.Concat(right).Concat(trials).Append(replacement.GetProperty("mechanism").GetString()!)
            .Append(immunomodulation.GetProperty("mechanism").GetString()!).ToHashSet();
        Assert.Equal(expected.Order(StringComparer.Ordinal), (await session.VisibleNodeIdsAsync()).Order(StringComparer.Ordinal));
        await Assertions.Expect(session.Page.Locator("#node-count")).ToHaveTextAsync(expected.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await session.ScreenshotAsync("load-mechanism-split");
        Assert.Empty(session.ConsoleErrors);
        Assert.Empty(session.BlockedRequests);
    }

    [Fact]
    public async Task Functions_path_api_explorer_serves_the_same_working_page()
    {
        await using var session = await ExplorerSession.OpenAsync(fixture, path: "api/explorer");
        Assert.EndsWith("/api/explorer", session.Page.Url, StringComparison.Ordinal);
        Assert.True(await session.VisibleNodeCountAsync() > 0);
        await Assertions.Expect(session.Page.Locator("#details-title")).ToHaveTextAsync("Mechanism split");
        await session.ScreenshotAsync("functions-path");
        Assert.Empty(session.ConsoleErrors);
        Assert.Empty(session.BlockedRequests);
    }
}
