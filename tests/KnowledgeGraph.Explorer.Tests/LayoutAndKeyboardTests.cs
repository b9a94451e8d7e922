using Microsoft.Playwright;

namespace KnowledgeGraph.Explorer.Tests;

[Collection(BrowserCollection.Name)]
public sealed class LayoutAndKeyboardTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Phone_width_has_no_horizontal_overflow_and_still_opens_a_node()
    {
        await using var session = await ExplorerSession.OpenAsync(fixture, width: 390, height: 844);
        var page = session.Page;
        await page.FillAsync("#search", "Treg");
        await page.Locator("#suggestions li[data-id='celltype:treg']").ClickAsync();
        await Assertions.Expect(page.Locator(".evidence blockquote").First).ToBeVisibleAsync();

        var overflow = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        Assert.True(overflow[0] <= overflow[1], $"page is {overflow[0]}px wide in a {overflow[1]}px viewport");
        var wide = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && getComputedStyle(e).position !== 'absolute' && e.offsetParent !== null).map(e => e.tagName + '#' + e.id + '.' + e.className)");
        Assert.Empty(wide);
        var graph = await page.Locator("#cy").BoundingBoxAsync();
        Assert.NotNull(graph);
        Assert.True(graph.Width >= 350 && graph.Height >= 300, $"graph is {graph.Width}x{graph.Height}");
        await Assertions.Expect(page.Locator("#search")).ToBeInViewportAsync();
        await session.ScreenshotAsync("phone-390");
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await session.ScreenshotAsync("phone-390-first-screen", fullPage: false);
        Assert.Empty(session.ConsoleErrors);
    }

    [Fact]
    public async Task Desktop_1280x800_shows_search_graph_details_and_tools_side_by_side()
    {
        await using var session = await ExplorerSession.OpenAsync(fixture);
        var page = session.Page;
        var graph = (await page.Locator("#cy").BoundingBoxAsync())!;
        var details = (await page.Locator("#details").BoundingBoxAsync())!;
        var side = (await page.Locator(".side").BoundingBoxAsync())!;
        Assert.True(side.X + side.Width <= graph.X + 1 && graph.X + graph.Width <= details.X + 1, "tools | graph | details");
        Assert.True(graph.Width >= 600 && graph.Height >= 600, $"graph is {graph.Width}x{graph.Height}");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollHeight <= window.innerHeight"), "the page scrolls at 1280x800");
        await session.ScreenshotAsync("desktop-1280x800");
    }

    private static async Task TabToAsync(IPage page, string selector)
    {
        // Bounded: the page has fewer focus stops than this before the node list ends.
        for (var i = 0; i < 120; i++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector)) return;
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"Tab never reached {selector}");
    }

    [Fact]
    public async Task Keyboard_alone_searches_opens_expands_and_opens_a_node_from_the_list()
    {
        await using var session = await ExplorerSession.OpenAsync(fixture);
        var page = session.Page;
        await TabToAsync(page, "#search");
        await page.Keyboard.TypeAsync("Treg");
        await Assertions.Expect(page.Locator("#suggestions li[data-id='celltype:treg']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#search")).ToHaveAttributeAsync("aria-activedescendant", "suggestion-0");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#details-title")).ToHaveTextAsync("Regulatory T cells");

        await TabToAsync(page, "#expand");
        await page.Keyboard.PressAsync("Enter");
        await session.WaitForStatusAsync("Added");

        await TabToAsync(page, "#node-list button[data-id='outcome:safety']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#details-title")).ToContainTextAsync("Safety");
        Assert.Equal("details", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await Assertions.Expect(page.Locator(".evidence blockquote").First).ToBeVisibleAsync();
        await session.ScreenshotAsync("keyboard-flow");
        Assert.Empty(session.ConsoleErrors);
    }
}
