using System.Text.RegularExpressions;

namespace KnowledgeGraph.Neo4j.Tests;

/// <summary>Every statement the store sends, and every statement of schema.cypher and queries.cypher, parses and
/// passes Neo4j's semantic checks (offline, with @neo4j-cypher/language-support).</summary>
public sealed partial class CypherLintTests
{
    [Fact]
    public async Task Every_store_and_schema_statement_passes_the_cypher_linter()
    {
        var items = new List<CypherLinter.Item>();
        items.AddRange(Neo4jStatements.All().Select(s => new CypherLinter.Item(s.Name, s.Text, s.Parameters)));
        items.AddRange(FileStatements("schema.cypher"));
        items.AddRange(FileStatements("queries.cypher"));
        items.AddRange(GuideStatements());

        var outcome = await CypherLinter.RunAsync(items);

        Assert.True(outcome.ExitCode == 0, "Cypher lint failed:\n" + outcome.Output);
        Assert.Contains($"checked {items.Count} statements, 0 with errors", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_and_starter_query_files_hold_the_expected_statements()
    {
        var schema = FileStatements("schema.cypher").ToList();
        var queries = FileStatements("queries.cypher").ToList();

        Assert.All(schema, s => Assert.Contains("IF NOT EXISTS", s.Statement, StringComparison.Ordinal));
        Assert.Contains(schema, s => s.Statement.Contains("(n:Entity) REQUIRE n.id IS UNIQUE", StringComparison.Ordinal));
        Assert.Contains(schema, s => s.Statement.Contains("KgIngestion) REQUIRE i.name IS UNIQUE", StringComparison.Ordinal));
        Assert.Contains(schema, s => s.Statement.StartsWith("CREATE FULLTEXT INDEX", StringComparison.Ordinal));
        foreach (var label in Core.Graph.GraphSchema.NodeLabels)
            Assert.Contains(schema, s => s.Statement.Contains($":{label}) REQUIRE n.id IS UNIQUE", StringComparison.Ordinal));
        Assert.True(queries.Count >= 10, $"queries.cypher has {queries.Count} statements, expected at least ten.");
    }

    [Fact]
    public async Task Linter_fails_on_a_syntax_error_and_names_the_statement()
    {
        var outcome = await CypherLinter.RunAsync([
            new("fine", "MATCH (n:CellType) RETURN n", []),
            new("broken", "MATCH (n:CellType RETURN n", []),
        ]);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("ERROR [broken]", outcome.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("ERROR [fine]", outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Linter_fails_on_an_undefined_variable_and_an_undeclared_parameter()
    {
        var outcome = await CypherLinter.RunAsync([
            new("undefined-variable", "MATCH (n:CellType) RETURN m", []),
            new("undeclared-parameter", "MATCH (n:Entity {id: $id}) RETURN n", []),
        ]);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Matches(UndefinedVariable(), outcome.Output);
        Assert.Contains("ERROR [undeclared-parameter]", outcome.Output, StringComparison.Ordinal);
    }

    private static IEnumerable<CypherLinter.Item> FileStatements(string file)
    {
        var text = File.ReadAllText(Repo.PathOf("graph-schema", file));
        return KnowledgeGraph.Core.Export.SchemaScript.Split(text).Select((s, i) => new CypherLinter.Item($"{file}[{i}]", s, []));
    }

    /// <summary>The runnable queries of the Browser guide (graph-schema/guide/kg-guide.html).</summary>
    private static IEnumerable<CypherLinter.Item> GuideStatements()
    {
        var html = File.ReadAllText(Repo.PathOf("graph-schema", "guide", "kg-guide.html"));
        var queries = RunnableBlock().Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.True(queries.Count >= 5, $"The guide has {queries.Count} runnable queries.");
        return queries.Select((q, i) => new CypherLinter.Item($"kg-guide.html[{i}]", q, []));
    }

    [GeneratedRegex(@"<pre class=""code runnable"">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex RunnableBlock();

    [GeneratedRegex(@"ERROR \[undefined-variable\].*Variable `m` not defined")]
    private static partial Regex UndefinedVariable();
}
