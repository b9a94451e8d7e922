using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.Playwright;

namespace KnowledgeGraph.Explorer.Tests;

[Collection(BrowserCollection.Name)]
public sealed class GraphActionTests(BrowserFixture fixture)
{
    private static async Task OpenTregAsync(ExplorerSession session)
    {
        await session.Page.FillAsync("#search", "Treg");
        await session.Page.Locator("#suggestions li[data-id='celltype:treg']").ClickAsync();
        await Assertions.Expect(session.Page.Locator("#expand")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Expanding_a_node_adds_its_neighbours_from_the_api()
    {
        await using var session = await ExplorerSession.OpenAsync(fixture);
        await OpenTregAsync(session);
        var before = await session.VisibleNodeIdsAsync();
        await session.Page.ClickAsync("#expand");
        await session.WaitForStatusAsync("Added");

        var neighbours = Api.Ids((await Api.GetAsync(fixture, "api/nodes/celltype:treg/neighbors?depth=1&limit=50")).GetProperty("nodes")).ToList();
        var after = await session.VisibleNodeIdsAsync();
        Assert.True(after.Length > before.Length, $"{before.Length} nodes before, {after.Length} after");
        Assert.Subset(after.ToHashSet(), neighbours.ToHashSet());
        var edges = await session.Page.EvaluateAsync<int>("() => window.kgExplorer.cy.getElementById('celltype:treg').connectedEdges().length");
        Assert.True(edges >= neighbours.Count - 1, $"Treg has {edges} edges in view for {neighbours.Count - 1} neighbours");
        await Assertions.Expect(session.Page.Locator("#node-count")).ToHaveTextAsync(after.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await session.ScreenshotAsync("expand-treg");
        Assert.Empty(session.ConsoleErrors);
    }

    [Fact]
    public async Task Clicking_a_finding_shows_its_polarity_and_its_papers_and_sentences_by_polarity()
    {
        await using var session = await ExplorerSession.OpenAsync(fixture);
        await OpenTregAsync(session);
        await session.Page.ClickAsync("#expand");
        await session.WaitForStatusAsync("Added");
        var rel = (await Api.GetAsync(fixture, "api/evidence?from=celltype:treg&type=REPORTS_OUTCOME&to=outcome:safety")).GetProperty("relationship");
        var properties = rel.GetProperty("properties");
        await session.Page.EvaluateAsync("() => window.kgExplorer.cy.getElementById('celltype:treg|REPORTS_OUTCOME|outcome:safety').emit('tap')");
        var panel = session.Page.Locator("#details-body dl.props");
        await Assertions.Expect(panel).ToContainTextAsync("papers by polarity");
        await Assertions.Expect(panel).ToContainTextAsync(properties.GetProperty("polarity").GetString()!);
        var improved = properties.GetProperty("improvedPapers").GetInt64();
        if (improved > 0) await Assertions.Expect(panel).ToContainTextAsync($"improved {improved}");
        await session.ScreenshotAsync("finding-edge-panel");
        Assert.Empty(session.ConsoleErrors);
    }

    [Fact]
    public async Task The_page_asks_for_neighbourhoods_and_never_for_the_whole_graph()
    {
        await using var session = await ExplorerSession.OpenAsync(fixture);
        await OpenTregAsync(session);
        await session.Page.ClickAsync("#expand");
        await session.WaitForStatusAsync("Added");
        var api = session.Requests.Where(u => u.AbsolutePath.StartsWith("/api/", StringComparison.Ordinal) && !u.AbsolutePath.StartsWith("/api/explorer", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(api);
        Assert.DoesNotContain(api, u => u.AbsolutePath == "/api/export");
        // No unfiltered list of trials or nodes: trial facets are asked one trial at a time, searches are by text or label.
        Assert.DoesNotContain(api, u => u.AbsolutePath == "/api/trials");
        Assert.All(api.Where(u => u.AbsolutePath == "/api/nodes"), u =>
            Assert.True(u.Query.Contains("q=", StringComparison.Ordinal) || u.Query.Contains("label=Mechanism", StringComparison.Ordinal), u.ToString()));
        var neighbourhoods = api.Where(u => u.AbsolutePath.EndsWith("/neighbors", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(neighbourhoods);
        Assert.All(neighbourhoods, u =>
        {
            Assert.Contains("depth=1", u.Query, StringComparison.Ordinal);
            Assert.Contains("limit=50", u.Query, StringComparison.Ordinal);
        });
        Assert.Empty(session.ConsoleErrors);
    }

    [Fact]
    public async Task Path_query_between_two_picked_nodes_highlights_the_api_path()
    {
        await using var session = await ExplorerSession.OpenAsync(fixture);
        var page = session.Page;
        await OpenTregAsync(session);
        await page.ClickAsync("#path-start");
        await Assertions.Expect(page.Locator("#path-from")).ToHaveValueAsync("celltype:treg");
        await page.FillAsync("#search", "HbA1c");
        await page.Locator("#suggestions li[data-id='outcome:hba1c']").ClickAsync();
        await page.ClickAsync("#path-end");
        await Assertions.Expect(page.Locator("#path-to")).ToHaveValueAsync("outcome:hba1c");
        await page.ClickAsync("#path-form button[type=submit]");
        await Assertions.Expect(page.Locator("#path-result")).ToContainTextAsync("hops");

        var path = await Api.GetAsync(fixture, "api/paths?from=celltype:treg&to=outcome:hba1c&maxHops=4");
        var expectedNodes = Api.Ids(path.GetProperty("nodes")).ToList();
        var highlighted = await page.EvaluateAsync<string[]>("() => window.kgExplorer.cy.nodes('.path').map(n => n.id())");
        Assert.Equal(expectedNodes.Order(StringComparer.Ordinal), highlighted.Order(StringComparer.Ordinal));
        var pathEdges = await page.EvaluateAsync<int>("() => window.kgExplorer.cy.edges('.path').length");
        Assert.Equal(path.GetProperty("length").GetInt32(), pathEdges);
        Assert.True(await page.EvaluateAsync<int>("() => window.kgExplorer.cy.elements('.faded').length") > 0);
        var names = path.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()!);
        await Assertions.Expect(page.Locator("#path-result")).ToContainTextAsync(string.Join(" → ", names));
        await session.ScreenshotAsync("path-treg-hba1c");

        await page.ClickAsync("#path-clear");
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.kgExplorer.cy.elements('.path, .faded').length"));
        Assert.Empty(session.ConsoleErrors);
    }

    [Fact]
    public async Task Exporting_png_downloads_a_real_png_of_the_view()
    {
        await using var session = await ExplorerSession.OpenAsync(fixture);
        await OpenTregAsync(session);
        var download = await session.Page.RunAndWaitForDownloadAsync(() => session.Page.ClickAsync("#export-png"));
        Assert.Equal("knowledge-graph-view.png", download.SuggestedFilename);
        var file = Path.Combine(BrowserFixture.ScreenshotFolder, "export-view.png");
        await download.SaveAsAsync(file);
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        var width = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4));
        var height = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4));
        Assert.True(width > 200 && height > 200, $"{width}x{height}");
        Assert.True(bytes.Length > 10_000, $"{bytes.Length} bytes");
        await session.ScreenshotAsync("export-png");
        Assert.Empty(session.ConsoleErrors);
    }

    [Fact]
    public async Task Exporting_cytoscape_json_gives_the_visible_nodes_and_edges()
    {
        await using var session = await ExplorerSession.OpenAsync(fixture);
        await OpenTregAsync(session);
        await session.Page.ClickAsync("#expand");
        await session.WaitForStatusAsync("Added");
        var visible = await session.VisibleNodeIdsAsync();
        var download = await session.Page.RunAndWaitForDownloadAsync(() => session.Page.ClickAsync("#export-json"));
        Assert.Equal("knowledge-graph-view.cyjs", download.SuggestedFilename);
        var path = await download.PathAsync();
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path));
        var elements = json.RootElement.GetProperty("elements");
        var nodes = elements.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("data")).ToList();
        var edges = elements.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("data")).ToList();
        Assert.Equal(visible.Order(StringComparer.Ordinal), nodes.Select(n => n.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(nodes, n => Assert.False(string.IsNullOrEmpty(n.GetProperty("name").GetString())));
        Assert.All(elements.GetProperty("nodes").EnumerateArray(), n => Assert.Equal(JsonValueKind.Number, n.GetProperty("position").GetProperty("x").ValueKind));
        Assert.NotEmpty(edges);
        var ids = visible.ToHashSet();
        Assert.All(edges, e =>
        {
            Assert.Contains(e.GetProperty("source").GetString()!, ids);
            Assert.Contains(e.GetProperty("target").GetString()!, ids);
            Assert.Equal(e.GetProperty("type").GetString(), e.GetProperty("interaction").GetString());
        });
        // Cytoscape desktop reads flat columns: no nested objects in data.
        Assert.All(nodes.Concat(edges), d => Assert.All(d.EnumerateObject(), p => Assert.NotEqual(JsonValueKind.Object, p.Value.ValueKind)));
        await session.ScreenshotAsync("export-json");
        Assert.Empty(session.ConsoleErrors);
    }
}
