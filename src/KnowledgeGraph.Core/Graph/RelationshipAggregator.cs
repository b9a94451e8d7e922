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

    /// <summary>
    /// The part of an aggregate that cannot be read back from the aggregate itself: the exact sum of evidence weights
    /// (confidence is rounded) and which document the reported value came from. Kept beside a cached aggregate, it lets
    /// <see cref="Add"/> fold in one more document without re-reading every earlier contribution, so writing a paper
    /// to a hub edge (cell type -> outcome, shared by thousands of papers) costs the same as to a fresh one.
    /// </summary>
    public sealed record State(double WeightSum, string? ValueDocument);

    public static State StateOf(string type, IEnumerable<EdgeContribution> contributions)
    {
        var list = contributions.OrderBy(c => c.DocumentId, StringComparer.Ordinal).ToList();
        var weight = list.SelectMany(c => c.Evidence).Sum(e => Math.Clamp(e.Weight, 0, 1));
        string? valueDocument = null;
        if (type == GraphSchema.Relationships.ReportsOutcome)
            valueDocument = list.FirstOrDefault(c => c.Evidence.Any(e => e.Value is not null))?.DocumentId;
        return new State(weight, valueDocument);
    }

    /// <summary>
    /// The aggregate of <paramref name="current"/>'s contributions plus <paramref name="added"/> (a document not among
    /// them), equal to <see cref="Aggregate"/> over all of them; and the new <see cref="State"/>.
    /// </summary>
    public static (GraphRelationship Relationship, State State) Add(GraphRelationship current, State state, EdgeContribution added)
    {
        var properties = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        var p = current.Properties;
        if (added.Properties.TryGetValue("count", out var n) && n is not null)
            properties["count"] = (p.GetValueOrDefault("count") is { } c ? Convert.ToInt64(c, System.Globalization.CultureInfo.InvariantCulture) : 0)
                                  + Convert.ToInt64(n, System.Globalization.CultureInfo.InvariantCulture);
        else if (p.GetValueOrDefault("count") is { } kept) properties["count"] = Convert.ToInt64(kept, System.Globalization.CultureInfo.InvariantCulture);
        bool? primary = p.GetValueOrDefault("primary") as bool?;
        if (added.Properties.TryGetValue("primary", out var pr) && pr is bool b) primary = (primary ?? false) || b;
        if (primary is not null) properties["primary"] = primary.Value;

        var valueDocument = state.ValueDocument;
        if (current.Type == GraphSchema.Relationships.ReportsOutcome)
        {
            long positive = p.GetValueOrDefault("positiveCount") as long? ?? 0, negative = p.GetValueOrDefault("negativeCount") as long? ?? 0;
            foreach (var e in added.Evidence)
            {
                switch (Classify(e))
                {
                    case EvidenceSign.Positive: positive++; break;
                    case EvidenceSign.Negative: negative++; break;
                }
            }
            properties["positiveCount"] = positive;
            properties["negativeCount"] = negative;
            properties["polarity"] = positive > 0 && negative > 0 ? "mixed" : positive > 0 ? "positive" : negative > 0 ? "negative" : "unclear";
            var value = p.GetValueOrDefault("value") as string;
            // The first value in document order wins, as in Aggregate.
            if (added.Evidence.FirstOrDefault(e => e.Value is not null) is { } withValue
                && (valueDocument is null || string.CompareOrdinal(added.DocumentId, valueDocument) < 0))
            {
                value = withValue.Value;
                valueDocument = added.DocumentId;
            }
            if (value is not null) properties["value"] = value;
        }

        var weight = state.WeightSum + added.Evidence.Sum(e => Math.Clamp(e.Weight, 0, 1));
        var evidenceCount = current.EvidenceCount + added.Evidence.Count;
        var manual = current.AgentType == GraphEdge.ManualAgent || added.AgentType == GraphEdge.ManualAgent;
        if (evidenceCount > 0) properties["confidence"] = Math.Round(1 - Math.Exp(-weight), 3);
        else if (manual) properties["confidence"] = 1.0;

        var sources = new List<string>(current.PrimarySources.Count + 1);
        sources.AddRange(current.PrimarySources);
        var at = sources.BinarySearch(added.DocumentId, StringComparer.Ordinal);
        if (at < 0) sources.Insert(~at, added.DocumentId);
        var publications = new SortedSet<string>(current.Publications, StringComparer.Ordinal);
        publications.UnionWith(added.Publications);
        var relationship = new GraphRelationship(
            current.From,
            current.Type,
            current.To,
            manual ? GraphEdge.ManualAgent : GraphEdge.TextMiningAgent,
            evidenceCount,
            current.PaperCount + (added.DocumentId != EdgeContribution.VocabularyDocumentId ? 1 : 0),
            [.. publications],
            sources,
            properties);
        return (relationship, new State(weight, valueDocument));
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
