using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace KnowledgeGraph.Explorer.Tests;

/// <summary>
/// One browser context on the explorer: requests to anything but the test host are aborted (and recorded), so a page
/// that needed a CDN would break visibly; console errors and page errors are collected for the assertions.
/// </summary>
public sealed class ExplorerSession : IAsyncDisposable
{
    private readonly IBrowserContext context;

    private ExplorerSession(IBrowserContext context, IPage page)
    {
        this.context = context;
        Page = page;
    }

    public IPage Page { get; }

    public ConcurrentQueue<string> ConsoleErrors { get; } = new();

    public ConcurrentQueue<string> BlockedRequests { get; } = new();

    /// <summary>Every request that reached the test host, in order (page, assets, API calls).</summary>
    public ConcurrentQueue<Uri> Requests { get; } = new();

    public static async Task<ExplorerSession> OpenAsync(BrowserFixture fixture, int width = 1280, int height = 800, string path = "")
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
            BaseURL = fixture.Host.BaseAddress.ToString(),
        });
        var page = await context.NewPageAsync();
        var session = new ExplorerSession(context, page);
        var host = fixture.Host.BaseAddress;
        await context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (url.Scheme is "data" or "blob") await route.ContinueAsync();
            else if (url.Host == host.Host && url.Port == host.Port)
            {
                session.Requests.Enqueue(url);
                await route.ContinueAsync();
            }
            else
            {
                session.BlockedRequests.Enqueue(route.Request.Url);
                await route.AbortAsync();
            }
        });
        page.Console += (_, message) =>
        {
            if (message.Type == "error") session.ConsoleErrors.Enqueue(message.Text);
        };
        page.PageError += (_, error) => session.ConsoleErrors.Enqueue(error);
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync(path);
        await page.WaitForSelectorAsync("body[data-ready='true']");
        return session;
    }

    /// <summary>Nodes the graph currently shows (not hidden by a filter).</summary>
    public Task<int> VisibleNodeCountAsync() =>
        Page.EvaluateAsync<int>("() => window.kgExplorer.cy.nodes().filter(n => !n.hasClass('filtered')).length");

    public Task<string[]> VisibleNodeIdsAsync() =>
        Page.EvaluateAsync<string[]>("() => window.kgExplorer.cy.nodes().filter(n => !n.hasClass('filtered')).map(n => n.id())");

    /// <summary>Saves bin/.../screenshots/NAME.png (the page as the user sees it) and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name, bool fullPage = true)
    {
        var path = Path.Combine(BrowserFixture.ScreenshotFolder, name + ".png");
        // Pan and zoom animate for a moment: shoot the view the user ends up with.
        await Page.WaitForFunctionAsync("() => !window.kgExplorer.cy.animated()");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }

    /// <summary>Waits for the status line to say <paramref name="text"/> (the page reports every action there).</summary>
    public Task WaitForStatusAsync(string text) =>
        Assertions.Expect(Page.Locator("#status")).ToContainTextAsync(text);

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}
