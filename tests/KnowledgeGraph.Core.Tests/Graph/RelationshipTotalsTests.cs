using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Core.Tests.Graph;

/// <summary>Stores fold documents into an edge one at a time (<see cref="RelationshipAggregator.Add"/>); the result
/// must be what <see cref="RelationshipAggregator.Aggregate"/> gives for all of them at once, in any arrival order.</summary>
public sealed class RelationshipTotalsTests
{
    [Theory]
    [InlineData("REPORTS_OUTCOME", 1)]
    [InlineData("REPORTS_OUTCOME", 2)]
    [InlineData("MENTIONS", 3)]
    [InlineData("MEASURES", 4)]
    [InlineData("ACTS_VIA", 5)]
    public void Folding_documents_in_any_order_equals_aggregating_them_all(string type, int seed)
    {
        var rng = new Random(seed);
        var contributions = Enumerable.Range(0, 40).Select(i => Contribution(rng, $"paper:pmid:{rng.Next(100000)}-{i}")).ToList();
        contributions.Add(new EdgeContribution(EdgeContribution.VocabularyDocumentId, GraphEdge.ManualAgent, [], [], new Dictionary<string, object?>()));

        var expected = RelationshipAggregator.Aggregate("a", type, "b", contributions);
        var arrival = contributions.OrderBy(_ => rng.Next()).ToList();
        var totals = RelationshipAggregator.Totals.Empty;
        foreach (var c in arrival) totals = RelationshipAggregator.Add(totals, type, c);
        var folded = RelationshipAggregator.Build("a", type, "b", totals,
            [.. arrival.SelectMany(c => c.Publications).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            [.. arrival.Select(c => c.DocumentId).Order(StringComparer.Ordinal)]);

        Assert.Equal(GraphJson.Serialize(expected), GraphJson.Serialize(folded));
    }

    [Fact]
    public void The_reported_value_is_the_first_in_document_order_whatever_the_arrival_order()
    {
        var early = new EdgeContribution("paper:a", GraphEdge.TextMiningAgent, [], [Evidence("paper:a", "improved", "10 of 12", 1)], new Dictionary<string, object?>());
        var late = new EdgeContribution("paper:b", GraphEdge.TextMiningAgent, [], [Evidence("paper:b", "improved", "3 of 9", 1)], new Dictionary<string, object?>());
        var totals = RelationshipAggregator.Add(RelationshipAggregator.Add(RelationshipAggregator.Totals.Empty, "REPORTS_OUTCOME", late), "REPORTS_OUTCOME", early);
        Assert.Equal("10 of 12", totals.Value);
        Assert.Equal("paper:a", totals.ValueDocument);
    }

    private static EdgeContribution Contribution(Random rng, string document)
    {
        var evidence = Enumerable.Range(0, rng.Next(0, 4))
            .Select(_ => Evidence(document, rng.Next(4) switch { 0 => "improved", 1 => "worsened", 2 => "unchanged", _ => null },
                rng.Next(5) == 0 ? $"{rng.Next(1, 20)} of 20" : null, rng.Next(1, 11) / 10.0, negated: rng.Next(6) == 0, speculative: rng.Next(6) == 0))
            .ToList();
        var properties = new Dictionary<string, object?>();
        if (rng.Next(2) == 0) properties["count"] = (long)rng.Next(1, 5);
        if (rng.Next(3) == 0) properties["primary"] = rng.Next(2) == 0;
        return new EdgeContribution(document, rng.Next(10) == 0 ? GraphEdge.ManualAgent : GraphEdge.TextMiningAgent,
            [$"PMID:{document.GetHashCode(StringComparison.Ordinal) & 0xffff}", "DOI:10.1/shared"], evidence, properties);
    }

    private static EvidenceSentence Evidence(string document, string? polarity, string? value, double weight, bool negated = false, bool speculative = false) =>
        new(document, "A sentence.", 0, 10, "abstract", "test", polarity, value, negated, speculative, weight);
}
