using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Api.Tests;

public sealed class CypherScriptTests
{
    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", @"'it\'s'")]
    [InlineData(@"back\slash", @"'back\\slash'")]
    [InlineData("two\nlines\ttab", @"'two\nlines\ttab'")]
    [InlineData("bell\u0007", @"'bell\u0007'")]
    public void Strings_are_escaped_as_cypher_literals(string value, string expected) =>
        Assert.Equal(expected, CypherScript.Literal(value));

    [Fact]
    public void Node_statement_merges_on_id_with_schema_label_and_literal_properties()
    {
        var node = new GraphNode("paper:doi:10.1/x'y", GraphSchema.Labels.Paper, "A \"title\"",
            new Dictionary<string, object?> { ["year"] = 2024L, ["score"] = 1.0, ["authors"] = new[] { "O'Neil" }, ["odd key"] = true, ["none"] = null });
        var statement = CypherScript.NodeStatement(node);
        Assert.Equal(
            @"MERGE (n:Entity:Paper {id: 'paper:doi:10.1/x\'y'}) SET n += {name: 'A ""title""', category: 'biolink:Publication', authors: ['O\'Neil'], `odd key`: true, score: 1.0, year: 2024};",
            statement);
    }

    [Fact]
    public void Labels_and_types_outside_the_schema_are_refused()
    {
        var node = new GraphNode("x", "Person) DETACH DELETE n //", "x", new Dictionary<string, object?>());
        Assert.ThrowsAny<ArgumentException>(() => CypherScript.NodeStatement(node));
        var rel = new GraphRelationship("a", "KNOWS]->(b) DELETE b //", "b", GraphEdge.TextMiningAgent, 1, 1, [], [], new Dictionary<string, object?>());
        Assert.Throws<ArgumentException>(() => CypherScript.RelationshipStatement(rel));
    }

    [Fact]
    public void Relationship_statement_carries_counts_sources_and_scalar_aggregates()
    {
        var rel = new GraphRelationship("trial:NCT1", GraphSchema.Relationships.Tests, "celltype:islet", GraphEdge.TextMiningAgent, 3, 2,
            ["PMID:1", "DOI:10.1/x"], ["paper:pmid:1"], new Dictionary<string, object?> { ["confidence"] = 0.5, ["polarity"] = "improved", ["nested"] = new object?[] { 1L, "a" } });
        var statement = CypherScript.RelationshipStatement(rel);
        Assert.StartsWith("MATCH (a:Entity {id: 'trial:NCT1'}), (b:Entity {id: 'celltype:islet'}) MERGE (a)-[r:TESTS]->(b) SET r += {", statement, StringComparison.Ordinal);
        Assert.Contains("agentType: 'text_mining_agent', evidenceCount: 3, paperCount: 2, publications: ['PMID:1', 'DOI:10.1/x'], primarySources: ['paper:pmid:1']", statement, StringComparison.Ordinal);
        Assert.Contains("confidence: 0.5", statement, StringComparison.Ordinal);
        Assert.Contains("polarity: 'improved'", statement, StringComparison.Ordinal);
        Assert.DoesNotContain("nested", statement, StringComparison.Ordinal);
    }
}
