using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Extraction;
using KnowledgeGraph.Core.Vocabulary;

namespace KnowledgeGraph.Core.Graph;

/// <summary>
/// Turns one document's extraction into the batch a store writes: the document's node, the concept and trial
/// nodes it refers to, and its edges with sentence evidence. Pure: the same extraction always gives the same batch.
/// </summary>
public sealed class GraphBatchBuilder(ConceptVocabulary vocabulary)
{
    private readonly TrialFactsBuilder _trialFacts = new(vocabulary);

    private readonly ConceptReferenceNodes _concepts = ConceptReferenceNodes.For(vocabulary);

    /// <summary>Evidence sentences kept per edge and document; counts still cover every mention.</summary>
    public const int MaxEvidencePerEdge = 5;

    public GraphBatch Build(DocumentExtraction extraction)
    {
        var doc = extraction.Document;
        var nodes = new Dictionary<string, GraphNode>(StringComparer.Ordinal);
        var edges = new List<GraphEdge>();
        var isRegistry = doc.Trial is not null;
        var selfId = isRegistry ? TrialNodeId(doc.Trial!.Id) : doc.Id;
        nodes[selfId] = isRegistry ? RegistryTrialNode(doc.Trial!, doc) : PaperNode(doc);

        foreach (var m in extraction.Mentions)
            if (!nodes.ContainsKey(m.ConceptId) && NodeFor(m.ConceptId) is { } node)
                nodes[m.ConceptId] = node;

        if (!isRegistry)
        {
            foreach (var group in extraction.Mentions.Where(m => nodes.ContainsKey(m.ConceptId)).GroupBy(m => m.ConceptId))
            {
                var evidence = group.GroupBy(m => m.SentenceIndex)
                    .Select(g => Evidence(extraction, g.Key, [.. g], null))
                    .Take(MaxEvidencePerEdge).ToList();
                edges.Add(new GraphEdge(doc.Id, GraphSchema.Relationships.Mentions, group.Key, GraphEdge.TextMiningAgent, evidence,
                    new Dictionary<string, object?> { ["count"] = (long)group.Count() }));
                if (group.First().Kind == GraphSchema.Labels.Trial)
                    edges.Add(new GraphEdge(doc.Id, GraphSchema.Relationships.ReportsOn, group.Key, GraphEdge.TextMiningAgent, evidence,
                        new Dictionary<string, object?>()));
            }
        }

        // A registry record states what the trial tests and measures; a paper's sentences only suggest it.
        var agent = isRegistry ? GraphEdge.ManualAgent : GraphEdge.TextMiningAgent;
        foreach (var group in extraction.Relations
                     .Where(r => GraphSchema.RelationshipTypes.Contains(r.Type) && nodes.ContainsKey(r.To) && (nodes.ContainsKey(r.From) || r.From == selfId))
                     .GroupBy(r => (r.From, r.Type, r.To)))
        {
            var props = new Dictionary<string, object?>();
            var relations = group.ToList();
            if (group.Key.Type == GraphSchema.Relationships.ReportsOutcome)
            {
                // A finding is an edge only when some sentence gives its direction; a value alone is not a finding.
                var vote = FindingVote.Of(relations, extraction.Sentences);
                if (vote.Polarity is null) continue;
                props["vote"] = vote.Polarity;
                if (vote.Value is not null) props["value"] = vote.Value;
                // Evidence in the order the vote reads it: directed sentences first.
                relations = [.. relations.OrderBy(r => r.Polarity is null).ThenBy(r => r.SentenceIndex)];
            }
            var evidence = relations.DistinctBy(r => r.SentenceIndex).Take(MaxEvidencePerEdge).Select(r =>
                Evidence(extraction, r.SentenceIndex,
                    [.. extraction.Mentions.Where(m => m.SentenceIndex == r.SentenceIndex && (m.ConceptId == r.From || m.ConceptId == r.To))],
                    r)).ToList();
            if (group.Key.Type == GraphSchema.Relationships.Measures)
                props["primary"] = group.Any(r => r.Primary == true);
            edges.Add(new GraphEdge(group.Key.From, group.Key.Type, group.Key.To, agent, evidence, props));
        }

        if (isRegistry)
            AddRegistryFacts(selfId, extraction, nodes, edges);
        _trialFacts.Add(extraction, nodes, edges);

        return new GraphBatch(doc.Id, BatchHash(doc, extraction.ExtractorVersion), doc.Source, doc.Publications, [.. nodes.Values], edges);
    }

    /// <summary>Conditions the registry record names (its conditions list is a section, so the matcher found them)
    /// become STUDIES edges.</summary>
    private void AddRegistryFacts(string trialId, DocumentExtraction extraction, Dictionary<string, GraphNode> nodes, List<GraphEdge> edges)
    {
        var conditions = extraction.Mentions.Where(m => m.Kind == GraphSchema.Labels.Condition).Select(m => m.ConceptId)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var id in conditions)
        {
            if (NodeFor(id) is not { } node) continue;
            nodes.TryAdd(id, node);
            edges.Add(new GraphEdge(trialId, GraphSchema.Relationships.Studies, id, GraphEdge.ManualAgent, [], new Dictionary<string, object?>()));
        }
    }

    private GraphNode? NodeFor(string id)
    {
        if (id.StartsWith(TrialPrefix, StringComparison.Ordinal))
        {
            var registryId = id[TrialPrefix.Length..];
            return new GraphNode(id, GraphSchema.Labels.Trial, registryId, new Dictionary<string, object?>
            {
                ["category"] = GraphSchema.CategoryOf(GraphSchema.Labels.Trial),
                ["registryId"] = registryId,
                ["url"] = RegistryUrl(registryId),
            });
        }
        return _concepts.Find(id);
    }

    public const string TrialPrefix = "trial:";

    public static string TrialNodeId(string registryId) => TrialPrefix + registryId;

    public static string? RegistryUrl(string registryId) =>
        registryId.StartsWith("NCT", StringComparison.Ordinal) ? $"https://clinicaltrials.gov/study/{registryId}"
        : registryId.StartsWith("ISRCTN", StringComparison.Ordinal) ? $"https://www.isrctn.com/{registryId}"
        : null;

    private static GraphNode PaperNode(PaperDocument doc)
    {
        var props = new Dictionary<string, object?>
        {
            ["category"] = GraphSchema.CategoryOf(GraphSchema.Labels.Paper),
            ["title"] = doc.Title,
            ["authors"] = doc.Authors.ToArray(),
            ["source"] = doc.Source,
            ["format"] = doc.Format.ToString(),
            ["publications"] = doc.Publications.ToArray(),
        };
        if (doc.Year is { } year) props["year"] = (long)year;
        if (doc.Journal is { } journal) props["journal"] = journal;
        if (doc.Doi is { } doi) { props["doi"] = doi; props["url"] = $"https://doi.org/{doi}"; }
        if (doc.Pmid is { } pmid) { props["pmid"] = pmid; props["url"] = $"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"; }
        if (doc.Subjects.Count > 0) props["subjects"] = doc.Subjects.ToArray();
        return new GraphNode(doc.Id, GraphSchema.Labels.Paper, Caption(doc.Title), props) { Authoritative = true };
    }

    private static GraphNode RegistryTrialNode(TrialRecord t, PaperDocument doc)
    {
        var props = new Dictionary<string, object?>
        {
            ["category"] = GraphSchema.CategoryOf(GraphSchema.Labels.Trial),
            ["registryId"] = t.Id,
            ["title"] = t.Title ?? doc.Title,
            ["conditions"] = t.Conditions.ToArray(),
            ["interventions"] = t.Interventions.Select(i => i.Name).ToArray(),
            ["source"] = doc.Source,
        };
        void Set(string key, object? value) { if (value is not null) props[key] = value; }
        Set("phase", t.Phase);
        Set("status", t.Status);
        Set("enrollment", t.Enrollment is { } n ? (long)n : null);
        Set("sponsor", t.Sponsor);
        Set("startDate", t.StartDate);
        Set("completionDate", t.CompletionDate);
        Set("url", RegistryUrl(t.Id));
        if (t.SecondaryIds.Count > 0) props["secondaryIds"] = t.SecondaryIds.ToArray();
        return new GraphNode(TrialNodeId(t.Id), GraphSchema.Labels.Trial, t.Id, props) { Authoritative = true };
    }

    /// <summary>Evidence weight: results and conclusions count fully, methods-only and background mentions less,
    /// hedged or negated statements less again.</summary>
    public static double SectionWeight(SectionKind section) => section switch
    {
        SectionKind.Results or SectionKind.Conclusions or SectionKind.Registry => 1.0,
        SectionKind.Abstract or SectionKind.Title or SectionKind.Discussion or SectionKind.Body => 0.8,
        SectionKind.Background => 0.5,
        SectionKind.Methods => 0.4,
        _ => 0.8,
    };

    private static EvidenceSentence Evidence(DocumentExtraction extraction, int sentenceIndex, IReadOnlyList<Mention> mentions, ExtractedRelation? relation)
    {
        var sentence = extraction.Sentences[sentenceIndex];
        var start = mentions.Count > 0 ? mentions.Min(m => m.Start) : 0;
        var end = mentions.Count > 0 ? mentions.Max(m => m.End) : sentence.Text.Length;
        var negated = relation?.Negated ?? mentions.All(m => m.Negated);
        var speculative = relation?.Speculative ?? mentions.All(m => m.Speculative);
        // A finding's polarity already reads its negation ("no adverse events" is improved): only hedging weighs it down.
        var weakened = speculative || (negated && relation?.Polarity is null);
        var weight = SectionWeight(sentence.Part) * (weakened ? 0.5 : 1.0);
        return new EvidenceSentence(extraction.Document.Id, sentence.Text, start, end, sentence.Part.ToString(),
            extraction.ExtractorVersion, relation?.Polarity, relation?.Value, negated, speculative, weight, relation?.Subject);
    }

    /// <summary>The batch changes when the document or the extractor changes, so a new extractor re-derives edges.</summary>
    private static string BatchHash(PaperDocument doc, string extractorVersion) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(doc.ContentHash + "\n" + extractorVersion + "\n" + BuilderVersion)));

    /// <summary>Bump when the mapping from extraction to graph changes.</summary>
    public const string BuilderVersion = "kg-graph/2";

    private static string Caption(string title) => title.Length <= 80 ? title : title[..77] + "...";
}
