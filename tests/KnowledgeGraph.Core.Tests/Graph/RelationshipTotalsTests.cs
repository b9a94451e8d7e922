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

    [Theory]
    [InlineData("REPORTS_OUTCOME", 11)]
    [InlineData("REPORTS_OUTCOME", 12)]
    [InlineData("TESTS", 13)]
    [InlineData("MEASURES", 14)]
    public void Taking_documents_out_of_the_totals_equals_aggregating_the_rest(string type, int seed)
    {
        // Deleting papers from a hub edge subtracts each from the running totals; where a document's share cannot be
        // subtracted (it gave the value, a flag or a count) the store rebuilds from the rest, as this loop does.
        var rng = new Random(seed);
        var contributions = Enumerable.Range(0, 60).Select(i => Contribution(rng, $"paper:pmid:{rng.Next(100000)}-{i}")).ToList();
        var totals = RelationshipAggregator.TotalsOf(type, contributions);
        var left = contributions.ToList();
        var subtracted = 0;
        foreach (var gone in contributions.OrderBy(_ => rng.Next()).Take(45))
        {
            left.Remove(gone);
            var next = RelationshipAggregator.Subtract(totals, type, gone);
            if (next is null) next = RelationshipAggregator.TotalsOf(type, left);
            else subtracted++;
            var expected = RelationshipAggregator.TotalsOf(type, left);
            Assert.Equal(expected.WeightSum, next.WeightSum, 9);
            Assert.Equal(expected with { WeightSum = 0 }, next with { WeightSum = 0 });
            totals = next;
        }
        Assert.True(subtracted > 5, $"only {subtracted} of 45 removals subtracted");
    }

    [Fact]
    public void A_document_that_gave_the_value_or_a_flag_cannot_be_subtracted()
    {
        var valued = new EdgeContribution("paper:a", GraphEdge.TextMiningAgent, [], [Evidence("paper:a", "improved", "10 of 12", 1)], new Dictionary<string, object?>());
        var other = new EdgeContribution("paper:b", GraphEdge.TextMiningAgent, [], [Evidence("paper:b", "improved", "3 of 9", 1)], new Dictionary<string, object?>());
        var manual = new EdgeContribution("trial:x", GraphEdge.ManualAgent, [], [], new Dictionary<string, object?>());
        var counted = new EdgeContribution("paper:c", GraphEdge.TextMiningAgent, [], [], new Dictionary<string, object?> { ["count"] = 2L });
        var totals = RelationshipAggregator.TotalsOf("REPORTS_OUTCOME", [valued, other, manual, counted]);

        Assert.Null(RelationshipAggregator.Subtract(totals, "REPORTS_OUTCOME", valued));
        Assert.Null(RelationshipAggregator.Subtract(totals, "REPORTS_OUTCOME", manual));
        Assert.Null(RelationshipAggregator.Subtract(totals, "REPORTS_OUTCOME", counted));
        Assert.Equal("10 of 12", RelationshipAggregator.Subtract(totals, "REPORTS_OUTCOME", other)!.Value);
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
        if (rng.Next(2) == 0) properties["vote"] = rng.Next(4) switch { 0 => "improved", 1 => "worsened", 2 => "unchanged", _ => "not_achieved" };
        if (rng.Next(4) == 0) properties["value"] = $"{rng.Next(1, 20)}%";
        return new EdgeContribution(document, rng.Next(10) == 0 ? GraphEdge.ManualAgent : GraphEdge.TextMiningAgent,
            [$"PMID:{document.GetHashCode(StringComparison.Ordinal) & 0xffff}", "DOI:10.1/shared"], evidence, properties);
    }

    private static EvidenceSentence Evidence(string document, string? polarity, string? value, double weight, bool negated = false, bool speculative = false) =>
        new(document, "A sentence.", 0, 10, "abstract", "test", polarity, value, negated, speculative, weight);

    private static EdgeContribution Paper(string document, params EvidenceSentence[] evidence) =>
        new(document, GraphEdge.TextMiningAgent, [], evidence, new Dictionary<string, object?>());

    [Fact]
    public void An_absent_harm_read_as_improved_counts_positive_even_though_negated()
    {
        // "No serious adverse events": the extractor reads the negation into the polarity; the roll-up must not flip it.
        var rel = RelationshipAggregator.Aggregate("celltype:msc", "REPORTS_OUTCOME", "outcome:safety",
            [Paper("paper:a", Evidence("paper:a", "improved", null, 1, negated: true))]);
        Assert.Equal("positive", rel.Properties["polarity"]);
        Assert.Equal((1L, 0L), ((long)rel.Properties["positiveCount"]!, (long)rel.Properties["negativeCount"]!));
    }

    [Fact]
    public void Several_sentences_of_one_paper_are_one_vote()
    {
        // Paper a: three improved sentences and one not achieved -> one improved vote; paper b: one worsened sentence.
        var a = Paper("paper:a", Evidence("paper:a", "improved", null, 1), Evidence("paper:a", "improved", null, 1),
            Evidence("paper:a", "improved", null, 1), Evidence("paper:a", "not_achieved", null, 1));
        var b = Paper("paper:b", Evidence("paper:b", "worsened", null, 1));
        var rel = RelationshipAggregator.Aggregate("x", "REPORTS_OUTCOME", "y", [a, b]);
        Assert.Equal((1L, 1L, 0L, 0L), ((long)rel.Properties["improvedPapers"]!, (long)rel.Properties["worsenedPapers"]!,
            (long)rel.Properties["unchangedPapers"]!, (long)rel.Properties["notAchievedPapers"]!));
        Assert.Equal((3L, 1L, 0L, 1L), ((long)rel.Properties["improvedCount"]!, (long)rel.Properties["worsenedCount"]!,
            (long)rel.Properties["unchangedCount"]!, (long)rel.Properties["notAchievedCount"]!));
        Assert.Equal("mixed", rel.Properties["polarity"]); // one paper each way, however many sentences
    }

    [Theory]
    [InlineData(2, 1, 0, "positive")]
    [InlineData(0, 2, 1, "negative")]
    [InlineData(0, 0, 3, "neutral")]
    [InlineData(1, 0, 1, "mixed")]
    [InlineData(0, 0, 0, "unclear")]
    public void The_edge_polarity_is_the_sign_most_papers_give(long improved, long worsened, long unchanged, string polarity) =>
        Assert.Equal(polarity, RelationshipAggregator.PolarityOf(new RelationshipAggregator.PolarityCounts(improved, worsened, unchanged, 0)));

    [Fact]
    public void A_papers_vote_and_value_come_from_its_properties_before_its_evidence()
    {
        var withVote = new EdgeContribution("paper:a", GraphEdge.TextMiningAgent, [],
            [Evidence("paper:a", "improved", "8.1%", 1), Evidence("paper:a", "not_achieved", null, 1)],
            new Dictionary<string, object?> { ["vote"] = "not_achieved", ["value"] = "6.4%" });
        Assert.Equal("not_achieved", RelationshipAggregator.VoteOf(withVote));
        var totals = RelationshipAggregator.Add(RelationshipAggregator.Totals.Empty, "REPORTS_OUTCOME", withVote);
        Assert.Equal("6.4%", totals.Value);
        Assert.Equal(1, totals.Papers.NotAchieved);
    }
}
