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
    /// </summary>
    public sealed record Totals(int EvidenceCount, int PaperCount, bool Manual, long? Count, bool? Primary,
        long Positive, long Negative, double WeightSum, string? Value, string? ValueDocument)
    {
        public static Totals Empty { get; } = new(0, 0, false, null, null, 0, 0, 0, null, null);
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
        if (type == GraphSchema.Relationships.ReportsOutcome)
        {
            foreach (var e in c.Evidence)
            {
                switch (Classify(e))
                {
                    case EvidenceSign.Positive: positive++; break;
                    case EvidenceSign.Negative: negative++; break;
                }
            }
            if (c.Evidence.FirstOrDefault(e => e.Value is not null) is { } withValue
                && (valueDocument is null || string.CompareOrdinal(c.DocumentId, valueDocument) < 0))
                (value, valueDocument) = (withValue.Value, c.DocumentId);
        }
        var weight = t.WeightSum;
        foreach (var e in c.Evidence) weight += Math.Clamp(e.Weight, 0, 1);
        return new Totals(
            t.EvidenceCount + c.Evidence.Count,
            t.PaperCount + (c.DocumentId != EdgeContribution.VocabularyDocumentId ? 1 : 0),
            t.Manual || c.AgentType == GraphEdge.ManualAgent,
            count, primary, positive, negative, weight, value, valueDocument);
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
            properties["polarity"] = t.Positive > 0 && t.Negative > 0 ? Mixed
                : t.Positive > 0 ? Positive
                : t.Negative > 0 ? Negative
                : Unclear;
            if (t.Value is not null) properties["value"] = t.Value;
        }
        // Independent sentences raise confidence with diminishing returns; methods-only or hedged ones weigh less.
        if (t.EvidenceCount > 0) properties["confidence"] = Math.Round(1 - Math.Exp(-t.WeightSum), 3);
        else if (t.Manual) properties["confidence"] = 1.0;
        return new GraphRelationship(from, type, to, t.Manual ? GraphEdge.ManualAgent : GraphEdge.TextMiningAgent,
            t.EvidenceCount, t.PaperCount, publications, documents, properties);
    }

    /// <summary>Positive: an improvement stated plainly. Negative: worsened, not achieved, or a negated improvement.
    /// Hedged (speculative) sentences count as neither.</summary>
    public static EvidenceSign Classify(EvidenceSentence e)
    {
        if (e.Speculative) return EvidenceSign.Neutral;
        return e.Polarity switch
        {
            "improved" => e.Negated ? EvidenceSign.Negative : EvidenceSign.Positive,
            "worsened" or "not_achieved" => EvidenceSign.Negative,
            "unchanged" => EvidenceSign.Neutral,
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
