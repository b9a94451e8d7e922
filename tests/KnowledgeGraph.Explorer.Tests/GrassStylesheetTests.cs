using KnowledgeGraph.Api.Explorer;

namespace KnowledgeGraph.Explorer.Tests;

public sealed class GrassStylesheetTests
{
    [Fact]
    public void Quoted_braces_and_semicolons_stay_inside_the_caption()
    {
        var rules = GrassStylesheet.Parse("node.Paper {\n  color: #C7C7C7;\n  caption: \"{name}\";\n}\nrelationship.X { caption: \"a;b\"; }");
        Assert.Equal(["node.Paper", "relationship.X"], rules.Select(r => r.Selector));
        Assert.Equal("{name}", rules[0].Properties["caption"]);
        Assert.Equal("#C7C7C7", rules[0].Properties["color"]);
        Assert.Equal("a;b", rules[1].Properties["caption"]);
    }

    [Fact]
    public void Rules_become_cytoscape_selectors_with_colours_sizes_and_caption_mappers()
    {
        var sheet = GrassStylesheet.ToCytoscape(GrassStylesheet.Parse(
            "node.Trial { color: #1F77B4; diameter: 45px; caption: \"{id}\"; }\nrelationship.MENTIONS { color: #D0D0D0; shaft-width: 1px; caption: \"\"; }\nrelationship.TESTS { caption: \"<type>\"; }"));
        var trial = sheet[0]!.AsObject();
        Assert.Equal("node[label = \"Trial\"]", trial["selector"]!.GetValue<string>());
        Assert.Equal("#1F77B4", trial["style"]!["background-color"]!.GetValue<string>());
        Assert.Equal(45, trial["style"]!["width"]!.GetValue<double>());
        Assert.Equal("data(id)", trial["style"]!["label"]!.GetValue<string>());
        var mentions = sheet[1]!["style"]!.AsObject();
        Assert.Equal("#D0D0D0", mentions["line-color"]!.GetValue<string>());
        Assert.Equal("", mentions["label"]!.GetValue<string>());
        Assert.Equal("data(type)", sheet[2]!["style"]!["label"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("graph { color: #000; }")]
    [InlineData("node.Bad-Label { color: #000; }")]
    [InlineData("node.Paper { color: #000;")]
    [InlineData("node.Paper { caption: \"{name}; }")]
    [InlineData("node.Paper { nonsense }")]
    [InlineData("")]
    public void Malformed_style_files_are_refused(string grass) =>
        Assert.Throws<FormatException>(() => GrassStylesheet.ToCytoscape(GrassStylesheet.Parse(grass)));

    [Fact]
    public void The_repository_style_grass_has_a_rule_for_every_schema_label()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "KnowledgeGraph.sln"))) dir = dir.Parent;
        var sheet = GrassStylesheet.ToCytoscape(GrassStylesheet.Parse(File.ReadAllText(Path.Combine(dir.FullName, "graph-schema", "style.grass"))));
        var selectors = sheet.Select(r => r!["selector"]!.GetValue<string>()).ToHashSet();
        foreach (var label in Core.Graph.GraphSchema.NodeLabels)
            Assert.Contains($"node[label = \"{label}\"]", selectors);
    }
}
