namespace KnowledgeGraph.Api.Tests;

public sealed class CypherScriptTests(SampleGraphFixture fixture) : IClassFixture<SampleGraphFixture>
{
    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", @"'it\'s'")]
    [InlineData(@"back\slash", @"'back\\slash'")]
    [InlineData("two\nlines\ttab", @"'two\nlines\ttab'")]
    public void Strings_are_escaped_as_cypher_literals(string value, string expected) =>
        Assert.Equal(expected, CypherScript.Literal(value));

    [Fact]
    public async Task Export_script_merges_every_node_and_relationship_of_the_store()
    {
        using var response = await fixture.Host.Client.GetAsync("/api/export?format=cypher");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var health = await fixture.Host.Client.JsonAsync("/api/health");
        Assert.Equal(health.GetProperty("nodes").GetInt64(), lines.Count(l => l.StartsWith("MERGE (n:Entity {id: ", StringComparison.Ordinal)));
        Assert.Equal(health.GetProperty("relationships").GetInt64(), lines.Count(l => l.StartsWith("MATCH (a:Entity {id: ", StringComparison.Ordinal)));
        Assert.All(lines.Where(l => !l.StartsWith("//", StringComparison.Ordinal)), l => Assert.EndsWith(";", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("MERGE (a)-[r:ACTS_VIA]->(b)", StringComparison.Ordinal) && l.Contains("`primarySources`: ['kg:vocabulary']", StringComparison.Ordinal));
    }
}
