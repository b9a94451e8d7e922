namespace KnowledgeGraph.Core.Graph;

/// <summary>
/// Turns per-document contributions into the stored edge's Biolink-style provenance and counts.
/// One implementation for every store: a store only has to keep the contributions.
/// </summary>
public static class RelationshipAggregator
{
    /// <summary>Values of a REPORTS_OUTCOME edge's <c>polarity</c>.</summary>
    public const string Positive = "positive", Negative = "negative", Neutral = "neutral", Mixed = "mixed", Unclear = "unclear";

    public static GraphRelationship Aggregate(string from, string type, string to, IEnumerable<EdgeContribution> contributions)
    {
        var list = contributions.OrderBy(c => c.DocumentId, StringComparer.Ordinal).ToList();
        return Build(from, type, to, TotalsOf(type, list),
            [.. list.SelectMany(c => c.Publications).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            [.. list.Select(c => c.DocumentId).Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>The totals of all <paramref name="contributions"/>, folded in document order.</summary>
    public static Totals TotalsOf(string type, IEnumerable<EdgeContribution> contributions)
    {
        var totals = Totals.Empty;
        foreach (var c in contributions.OrderBy(c => c.DocumentId, StringComparer.Ordinal)) totals = Add(totals, type, c);
        return totals;
    }

    /// <summary>
    /// Everything of an aggregate except its two lists (publications, documents), as running totals: a store can keep
    /// them per edge and fold in one more document with <see cref="Add"/> instead of re-reading every earlier
    /// contribution, so writing a paper to a hub edge (cell type -> outcome, shared by thousands of papers) costs the
    /// same as writing to a fresh one. <see cref="WeightSum"/> is exact (confidence is rounded) and
    /// <see cref="ValueDocument"/> says which document gave <see cref="Value"/> (the first in document order wins).
    /// <see cref="Sentences"/> counts evidence sentences by polarity class and <see cref="Papers"/> counts papers by their
    /// one vote (several sentences of one paper are one vote); the edge's polarity is read from the papers.
    /// </summary>
    public sealed record Totals(int EvidenceCount, int PaperCount, bool Manual, long? Count, bool? Primary,
        long Positive, long Negative, double WeightSum, string? Value, string? ValueDocument)
    {
        public static Totals Empty { get; } = new(0, 0, false, null, null, 0, 0, 0, null, null);

        /// <summary>Evidence sentences by polarity (hedged ones not counted).</summary>
        public PolarityCounts Sentences { get; init; } = PolarityCounts.Zero;

        /// <summary>Papers by their vote on the pair.</summary>
        public PolarityCounts Papers { get; init; } = PolarityCounts.Zero;
    }

    /// <summary>Counts by polarity class.</summary>
    public readonly record struct PolarityCounts(long Improved, long Worsened, long Unchanged, long NotAchieved)
    {
        public static PolarityCounts Zero => default;

        public long Positive => Improved;

        public long Negative => Worsened + NotAchieved;

        public PolarityCounts With(string? polarity) => polarity switch
        {
            "improved" => this with { Improved = Improved + 1 },
            "worsened" => this with { Worsened = Worsened + 1 },
            "unchanged" => this with { Unchanged = Unchanged + 1 },
            "not_achieved" => this with { NotAchieved = NotAchieved + 1 },
            _ => this,
        };

        public PolarityCounts Without(string? polarity) => polarity switch
        {
            "improved" => this with { Improved = Improved - 1 },
            "worsened" => this with { Worsened = Worsened - 1 },
            "unchanged" => this with { Unchanged = Unchanged - 1 },
            "not_achieved" => this with { NotAchieved = NotAchieved - 1 },
            _ => this,
        };
    }

    /// <summary>The totals with one more document's contribution (a document not yet among them).</summary>
    public static Totals Add(Totals t, string type, EdgeContribution c)
    {
        var count = t.Count;
        if (c.Properties.TryGetValue("count", out var n) && n is not null)
            count = (count ?? 0) + Convert.ToInt64(n, System.Globalization.CultureInfo.InvariantCulture);
        var primary = t.Primary;
        if (c.Properties.TryGetValue("primary", out var p) && p is bool b) primary = (primary ?? false) || b;
        long positive = t.Positive, negative = t.Negative;
        var (value, valueDocument) = (t.Value, t.ValueDocument);
        var (sentences, papers) = (t.Sentences, t.Papers);
        if (type == GraphSchema.Relationships.ReportsOutcome)
        {
            foreach (var e in c.Evidence)
            {
                switch (Classify(e))
                {
                    case EvidenceSign.Positive: positive++; break;
                    case EvidenceSign.Negative: negative++; break;
                }
                if (!e.Speculative) sentences = sentences.With(e.Polarity);
            }
            papers = papers.With(VoteOf(c));
            var documentValue = c.Properties.GetValueOrDefault("value") as string
                ?? c.Evidence.FirstOrDefault(e => e.Value is not null)?.Value;
            if (documentValue is not null && (valueDocument is null || string.CompareOrdinal(c.DocumentId, valueDocument) < 0))
                (value, valueDocument) = (documentValue, c.DocumentId);
        }
        var weight = t.WeightSum;
        foreach (var e in c.Evidence) weight += Math.Clamp(e.Weight, 0, 1);
        return new Totals(
            t.EvidenceCount + c.Evidence.Count,
            t.PaperCount + (c.DocumentId != EdgeContribution.VocabularyDocumentId ? 1 : 0),
            t.Manual || c.AgentType == GraphEdge.ManualAgent,
            count, primary, positive, negative, weight, value, valueDocument)
        { Sentences = sentences, Papers = papers };
    }

    /// <summary>
    /// The totals without one document's contribution (one that <see cref="Add"/> folded in), so deleting a paper from a
    /// hub edge costs the same as adding it. Null when the remaining totals cannot be told from these alone: the document
    /// gave the edge its value, or set its manual flag, primary flag or count (another document may or may not have set
    /// them too). The caller then rebuilds those totals from the edge's other contributions.
    /// </summary>
    public static Totals? Subtract(Totals t, string type, EdgeContribution c)
    {
        if (c.AgentType == GraphEdge.ManualAgent || c.Properties.ContainsKey("count") || c.Properties.ContainsKey("primary")
            || (t.ValueDocument is not null && c.DocumentId == t.ValueDocument))
            return null;
        long positive = t.Positive, negative = t.Negative;
        var (sentences, papers) = (t.Sentences, t.Papers);
        if (type == GraphSchema.Relationships.ReportsOutcome)
        {
            foreach (var e in c.Evidence)
            {
                switch (Classify(e))
                {
                    case EvidenceSign.Positive: positive--; break;
                    case EvidenceSign.Negative: negative--; break;
                }
                if (!e.Speculative) sentences = sentences.Without(e.Polarity);
            }
            papers = papers.Without(VoteOf(c));
        }
        var evidenceCount = t.EvidenceCount - c.Evidence.Count;
        var weight = t.WeightSum;
        foreach (var e in c.Evidence) weight -= Math.Clamp(e.Weight, 0, 1);
        return t with
        {
            EvidenceCount = evidenceCount,
            PaperCount = t.PaperCount - (c.DocumentId != EdgeContribution.VocabularyDocumentId ? 1 : 0),
            Positive = positive,
            Negative = negative,
            // No evidence left means no weight: a sum of subtractions would leave rounding dust instead of zero.
            WeightSum = evidenceCount == 0 ? 0 : Math.Max(0, weight),
            Sentences = sentences,
            Papers = papers,
        };
    }

    /// <summary>
    /// A document's one vote on a finding: its <c>vote</c> property (the extractor's reading of all its sentences,
    /// <see cref="Extraction.FindingVote"/>), or for a contribution stored before votes existed the sign most of its
    /// unhedged evidence gives (the first sentence deciding a tie) and the most frequent polarity within it.
    /// </summary>
    public static string? VoteOf(EdgeContribution c)
    {
        if (c.Properties.GetValueOrDefault("vote") is string vote) return vote;
        var polar = c.Evidence.Where(e => !e.Speculative && e.Polarity is not null).Select((e, i) => (e.Polarity!, i)).ToList();
        if (polar.Count == 0) return null;
        var sign = polar.GroupBy(x => Extraction.FindingVote.Sign(x.Item1)).OrderByDescending(g => g.Count()).ThenBy(g => g.Min(x => x.i)).First().Key;
        return polar.Where(x => Extraction.FindingVote.Sign(x.Item1) == sign).GroupBy(x => x.Item1)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Min(x => x.i)).First().Key;
    }

    /// <summary>The relationship from totals and its lists (publications and documents, each distinct and in ordinal order).</summary>
    public static GraphRelationship Build(string from, string type, string to, Totals t, IReadOnlyList<string> publications, IReadOnlyList<string> documents)
    {
        var properties = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        if (t.Count is { } count) properties["count"] = count;
        if (t.Primary is { } primary) properties["primary"] = primary;
        if (type == GraphSchema.Relationships.ReportsOutcome)
        {
            properties["positiveCount"] = t.Positive;
            properties["negativeCount"] = t.Negative;
            properties["improvedCount"] = t.Sentences.Improved;
            properties["worsenedCount"] = t.Sentences.Worsened;
            properties["unchangedCount"] = t.Sentences.Unchanged;
            properties["notAchievedCount"] = t.Sentences.NotAchieved;
            properties["improvedPapers"] = t.Papers.Improved;
            properties["worsenedPapers"] = t.Papers.Worsened;
            properties["unchangedPapers"] = t.Papers.Unchanged;
            properties["notAchievedPapers"] = t.Papers.NotAchieved;
            properties["polarity"] = PolarityOf(t.Papers);
            if (t.Value is not null) properties["value"] = t.Value;
        }
        // Independent sentences raise confidence with diminishing returns; methods-only or hedged ones weigh less.
        if (t.EvidenceCount > 0) properties["confidence"] = Math.Round(1 - Math.Exp(-t.WeightSum), 3);
        else if (t.Manual) properties["confidence"] = 1.0;
        return new GraphRelationship(from, type, to, t.Manual ? GraphEdge.ManualAgent : GraphEdge.TextMiningAgent,
            t.EvidenceCount, t.PaperCount, publications, documents, properties);
    }

    /// <summary>
    /// The edge's polarity from its papers' votes: the sign most papers give (positive: improved; negative: worsened or
    /// not achieved; neutral: unchanged), <see cref="Mixed"/> when two signs tie for most, <see cref="Unclear"/> with no vote.
    /// </summary>
    public static string PolarityOf(PolarityCounts papers)
    {
        var (pos, neg, neu) = (papers.Positive, papers.Negative, papers.Unchanged);
        var max = Math.Max(pos, Math.Max(neg, neu));
        if (max == 0) return Unclear;
        var atMax = (pos == max ? 1 : 0) + (neg == max ? 1 : 0) + (neu == max ? 1 : 0);
        if (atMax > 1) return Mixed;
        return pos == max ? Positive : neg == max ? Negative : Neutral;
    }

    /// <summary>Positive: an improvement (including an absent harm: "no adverse events" is read as improved by the
    /// extractor). Negative: worsened or not achieved. Unchanged and hedged (speculative) sentences count as neither.</summary>
    public static EvidenceSign Classify(EvidenceSentence e)
    {
        if (e.Speculative) return EvidenceSign.Neutral;
        return e.Polarity switch
        {
            "improved" => EvidenceSign.Positive,
            "worsened" or "not_achieved" => EvidenceSign.Negative,
            _ => EvidenceSign.Neutral,
        };
    }
}

public enum EvidenceSign
{
    Neutral,
    Positive,
    Negative,
}
