using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Trials;

namespace KnowledgeGraph.Core.Graph;

/// <summary>
/// The registry facts a Trial node carries. The whole <see cref="TrialRecord"/> is kept as JSON
/// (<see cref="RecordProperty"/>: the trial card reads it, so every value is the record's own), and the facts people
/// filter on in Neo4j Browser are also flat properties (strings, numbers, booleans, string lists).
/// </summary>
public static class TrialNodeProperties
{
    /// <summary>The registry record as JSON (<see cref="GraphJson"/>), read back by <see cref="ReadRecord"/>.</summary>
    public const string RecordProperty = "registryRecord";

    /// <summary>The record's format (ClinicalTrialsJson or ClinicalTrialsXml), which names the fields behind the facts.</summary>
    public const string FormatProperty = "registryFormat";

    public static void Add(Dictionary<string, object?> props, TrialRecord t, DocumentFormat format, IReadOnlyList<StatedFact> stated)
    {
        var f = t.Facts;
        void Set(string key, object? value) { if (value is not null) props[key] = value; }
        props[RecordProperty] = GraphJson.Serialize(t);
        props[FormatProperty] = format.ToString();
        Set("briefTitle", f.BriefTitle);
        Set("officialTitle", f.OfficialTitle);
        Set("acronym", f.Acronym);
        Set("whyStopped", f.WhyStopped);
        Set("primaryCompletionDate", f.PrimaryCompletionDate);
        Set("allocation", f.Allocation);
        Set("masking", f.Masking);
        Set("enrollmentType", f.EnrollmentType);
        Set("hasResults", f.HasResults);
        Set("resultsFirstPosted", f.ResultsFirstPostedDate);
        if (f.Countries.Count > 0) props["countries"] = f.Countries.ToArray();
        var pmids = f.References.Select(r => r.Pmid).OfType<string>().Distinct().ToArray();
        if (pmids.Length > 0) props["referencePmids"] = pmids;
        if (stated.Count > 0) props[TrialFactsBuilder.StatedFactsProperty] = GraphJson.Serialize(stated);
    }

    /// <summary>The registry record a Trial node was written from, or null for a trial only papers name.</summary>
    public static TrialRecord? ReadRecord(GraphNode node) =>
        node.Properties.TryGetValue(RecordProperty, out var v) && v is string json && json.Length > 0
            ? GraphJson.Deserialize<TrialRecord>(json)
            : null;

    /// <summary>The stated facts kept on a Paper or Trial node.</summary>
    public static IReadOnlyList<StatedFact> ReadStatedFacts(GraphNode node) =>
        node.Properties.TryGetValue(TrialFactsBuilder.StatedFactsProperty, out var v) && v is string json && json.Length > 0
            ? GraphJson.Deserialize<List<StatedFact>>(json)
            : [];
}
