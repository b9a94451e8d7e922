using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace KnowledgeGraph.Explorer.Tests;

/// <summary>The explorer draws with graph-schema/style.grass, the file Neo4j Browser uses, read here on its own.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class StyleTests(BrowserFixture fixture)
{
    private static string GrassPath
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KnowledgeGraph.sln"))) dir = dir.Parent;
            return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Not inside the repository."), "graph-schema", "style.grass");
        }
    }

    private static string Rgb(string hex) => string.Create(CultureInfo.InvariantCulture,
        $"rgb({Convert.ToInt32(hex[1..3], 16)},{Convert.ToInt32(hex[3..5], 16)},{Convert.ToInt32(hex[5..7], 16)})");

    [Fact]
    public async Task Node_and_relationship_colours_and_captions_follow_style_grass()
    {
        var grass = await File.ReadAllTextAsync(GrassPath);
        var labels = NodeRule().Matches(grass).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["body"].Value);
        var types = RelationshipRule().Matches(grass).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["body"].Value);
        Assert.True(labels.Count >= 6, $"{labels.Count} node rules in style.grass");

        await using var session = await ExplorerSession.OpenAsync(fixture);
        var page = session.Page;
        // Bring every label into view: Treg's neighbourhood has outcomes, papers and trials; the condition by search.
        await page.FillAsync("#search", "Treg");
        await page.Locator("#suggestions li[data-id='celltype:treg']").ClickAsync();
        await page.ClickAsync("#expand");
        await session.WaitForStatusAsync("Added");
        // The VX-880 trial's neighbourhood has its product, cell sources, delivery site and protection.
        await page.FillAsync("#search", "NCT04786262");
        await page.Locator("#suggestions li[data-id='trial:NCT04786262']").ClickAsync();
        await Assertions.Expect(page.Locator("#details-title")).ToContainTextAsync("NCT04786262");
        await page.ClickAsync("#expand");
        await session.WaitForStatusAsync("of NCT04786262");
        await page.FillAsync("#search", "type 1 diabetes mellitus");
        await page.Locator("#suggestions li[data-id='condition:t1d']").ClickAsync();
        await Assertions.Expect(page.Locator("#details-title")).ToContainTextAsync("Type 1 diabetes");
        await page.Locator("#suggestions").WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        await page.EvaluateAsync("() => window.kgExplorer.cy.elements().unselect()");

        foreach (var (label, body) in labels)
        {
            var color = Color().Match(body).Groups["value"].Value;
            var caption = Caption().Match(body).Groups["field"].Value;
            var drawn = await page.EvaluateAsync<string[]>(
                "label => { const n = window.kgExplorer.cy.nodes().filter(n => n.data('label') === label)[0]; return n ? [n.style('background-color'), n.style('label')] : null; }", label);
            Assert.True(drawn is not null, $"No {label} node in view");
            Assert.Equal(Rgb(color), drawn[0].Replace(" ", "", StringComparison.Ordinal));
            var expectedCaption = await page.EvaluateAsync<string>(
                "([label, field]) => String(window.kgExplorer.cy.nodes().filter(n => n.data('label') === label)[0].data(field))", new[] { label, caption });
            Assert.Equal(expectedCaption, drawn[1]);
            // The legend swatch next to the label filter has the same colour.
            var swatch = await page.Locator($"[data-swatch='{label}']").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
            Assert.Equal(Rgb(color), swatch.Replace(" ", "", StringComparison.Ordinal));
        }

        var checkedTypes = 0;
        foreach (var (type, body) in types)
        {
            var caption = Caption().Match(body);
            // [drawn colour, drawn caption, the caption style.grass asks for], or null when no such edge is in view.
            var drawn = await page.EvaluateAsync<string[]?>(
                "([type, field]) => { const e = window.kgExplorer.cy.edges().filter(e => e.data('type') === type)[0]; " +
                "return e ? [e.style('line-color'), e.style('label'), field ? String(e.data(field)) : ''] : null; }",
                new[] { type, caption.Success ? caption.Groups["field"].Value : "" });
            if (drawn is null) continue;
            checkedTypes++;
            Assert.Equal(Rgb(Color().Match(body).Groups["value"].Value), drawn[0].Replace(" ", "", StringComparison.Ordinal));
            Assert.Equal(drawn[2], drawn[1]);
        }
        Assert.True(checkedTypes >= 4, $"only {checkedTypes} relationship types in view");
        await session.ScreenshotAsync("style-grass");
        Assert.Empty(session.ConsoleErrors);
    }

    [GeneratedRegex(@"^node\.(?<name>\w+)\s*\{(?<body>.*?)^\}", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex NodeRule();

    [GeneratedRegex(@"^relationship\.(?<name>\w+)\s*\{(?<body>.*?)^\}", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex RelationshipRule();

    [GeneratedRegex(@"^\s*color:\s*(?<value>#[0-9A-Fa-f]{6})\s*;", RegexOptions.Multiline)]
    private static partial Regex Color();

    [GeneratedRegex(@"caption:\s*""[{<](?<field>\w+)[}>]""")]
    private static partial Regex Caption();
}
