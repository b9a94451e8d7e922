namespace KnowledgeGraph.Core.Graph;

/// <summary>
/// Turns per-document contributions into the stored edge's Biolink-style provenance and counts.
/// One implementation for every store: a store only has to keep the contributions.
/// </summary>
public static class RelationshipAggregator
{
    public static GraphRelationship Aggregate(string from, string type, string to, IEnumerable<EdgeContribution> contributions)
    {
        var list = contributions.OrderBy(c => c.DocumentId, StringComparer.Ordinal).ToList();
        var evidence = list.SelectMany(c => c.Evidence).ToList();
        var properties = new SortedDictionary<string, object?>(StringComparer.Ordinal);

        long count = 0;
        var anyCount = false;
        bool? primary = null;
        string? value = null;
        foreach (var c in list)
        {
            if (c.Properties.TryGetValue("count", out var n) && n is not null)
            {
                count += Convert.ToInt64(n, System.Globalization.CultureInfo.InvariantCulture);
                anyCount = true;
            }
            if (c.Properties.TryGetValue("primary", out var p) && p is bool b)
                primary = (primary ?? false) || b;
        }
        if (anyCount) properties["count"] = count;
        if (primary is not null) properties["primary"] = primary.Value;

        if (type == GraphSchema.Relationships.ReportsOutcome)
        {
            int positive = 0, negative = 0;
            foreach (var e in evidence)
            {
                switch (Classify(e))
                {
                    case EvidenceSign.Positive: positive++; break;
                    case EvidenceSign.Negative: negative++; break;
                }
                value ??= e.Value;
            }
            properties["positiveCount"] = (long)positive;
            properties["negativeCount"] = (long)negative;
            properties["polarity"] = positive > 0 && negative > 0 ? "mixed"
                : positive > 0 ? "positive"
                : negative > 0 ? "negative"
                : "unclear";
            if (value is not null) properties["value"] = value;
        }

        if (evidence.Count > 0)
        {
            // Independent sentences raise confidence with diminishing returns; methods-only or hedged ones weigh less.
            var weight = evidence.Sum(e => Math.Clamp(e.Weight, 0, 1));
            properties["confidence"] = Math.Round(1 - Math.Exp(-weight), 3);
        }
        else if (list.Any(c => c.AgentType == GraphEdge.ManualAgent))
        {
            properties["confidence"] = 1.0;
        }

        var documents = list.Where(c => c.DocumentId != EdgeContribution.VocabularyDocumentId).ToList();
        return new GraphRelationship(
            from,
            type,
            to,
            list.Any(c => c.AgentType == GraphEdge.ManualAgent) ? GraphEdge.ManualAgent : GraphEdge.TextMiningAgent,
            evidence.Count,
            documents.Count,
            [.. list.SelectMany(c => c.Publications).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            [.. list.Select(c => c.DocumentId).Distinct(StringComparer.Ordinal)],
            properties);
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
