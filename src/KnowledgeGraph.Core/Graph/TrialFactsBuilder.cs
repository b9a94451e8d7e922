using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Extraction;
using KnowledgeGraph.Core.Trials;
using KnowledgeGraph.Core.Vocabulary;

namespace KnowledgeGraph.Core.Graph;

/// <summary>
/// The trial-facts part of a document's batch (issue 16), kept apart from <see cref="GraphBatchBuilder"/>'s concept
/// and evidence edges:
/// <list type="bullet">
/// <item>a registry record's Trial node gets every registry fact (<see cref="TrialNodeProperties"/>), its posted
/// results become REPORTS_OUTCOME findings with the rendered values as evidence (registry as source), its RESULT and
/// DERIVED references become Paper -REPORTS_ON-> Trial links (the paper node is created as a placeholder
/// <c>paper:pmid:N</c> if the paper is not in the graph yet), and its interventions, arms and descriptions give the
/// intervention attributes (USES_PRODUCT, SOURCED_FROM, DELIVERED_VIA, PROTECTED_BY);</item>
/// <item>a paper's sentences give the same attributes for the trials they name (or the paper's only trial), and the
/// doses, patient numbers and follow-up it states (<see cref="StatedFacts"/>) are kept on its Paper node.</item>
/// </list>
/// </summary>
public sealed class TrialFactsBuilder(ConceptVocabulary vocabulary)
{
    /// <summary>Stored in the evidence this builder writes.</summary>
    public const string Version = "kg-trialfacts/1";

    /// <summary>Node property holding the <see cref="StatedFact"/>s of a document, as JSON.</summary>
    public const string StatedFactsProperty = "statedFacts";

    private readonly InterventionLexicon _lexicon = new(vocabulary);

    private readonly ConceptReferenceNodes _concepts = ConceptReferenceNodes.For(vocabulary);

    // Background and discussion sentences mostly speak of other studies.
    private static readonly HashSet<SectionKind> SkippedSections = [SectionKind.Background, SectionKind.Discussion];

    public InterventionLexicon Lexicon => _lexicon;

    public void Add(DocumentExtraction extraction, Dictionary<string, GraphNode> nodes, List<GraphEdge> edges)
    {
        var doc = extraction.Document;
        if (doc.Trial is { } trial) AddRegistry(doc, trial, nodes, edges);
        else AddPaper(extraction, nodes, edges);
    }

    private void AddRegistry(PaperDocument doc, TrialRecord trial, Dictionary<string, GraphNode> nodes, List<GraphEdge> edges)
    {
        var trialId = GraphBatchBuilder.TrialNodeId(trial.Id);
        var stated = new List<StatedFact>();
        foreach (var (label, text) in RegistryTexts(doc, trial))
        {
            foreach (var sentence in SentenceSplitter.Split(text, SectionKind.Registry))
            {
                AddAttributes(doc.Id, sentence.Text, "Registry: " + label, [trialId], GraphEdge.ManualAgent, nodes, edges);
                stated.AddRange(StatedFacts.Find(sentence.Text, doc.Id, "Registry: " + label, trialId));
            }
        }
        stated = Bounded(stated);

        if (nodes.TryGetValue(trialId, out var node))
        {
            var props = new Dictionary<string, object?>(node.Properties, StringComparer.Ordinal);
            TrialNodeProperties.Add(props, trial, doc.Format, stated);
            nodes[trialId] = node with { Properties = props };
        }

        foreach (var finding in RegistryFindings.From(trial, _lexicon))
        {
            AddNode(finding.OutcomeId, nodes);
            AddOrMerge(edges, new GraphEdge(trialId, GraphSchema.Relationships.ReportsOutcome, finding.OutcomeId, GraphEdge.ManualAgent,
                [new EvidenceSentence(doc.Id, finding.Text, 0, finding.Text.Length, "Registry results", Version, Value: finding.Value)],
                new Dictionary<string, object?>()));
        }

        foreach (var reference in trial.Facts.References.Where(r => r.ReportsOnTrial && r.Pmid is not null).DistinctBy(r => r.Pmid))
        {
            var paperId = $"paper:pmid:{reference.Pmid}";
            nodes.TryAdd(paperId, PlaceholderPaper(paperId, reference));
            var text = $"Registry reference ({reference.Type}): {reference.Citation ?? $"PMID {reference.Pmid}"}";
            AddOrMerge(edges, new GraphEdge(paperId, GraphSchema.Relationships.ReportsOn, trialId, GraphEdge.ManualAgent,
                [new EvidenceSentence(doc.Id, text, 0, text.Length, "Registry references", Version)],
                new Dictionary<string, object?>()));
        }
    }

    private void AddPaper(DocumentExtraction extraction, Dictionary<string, GraphNode> nodes, List<GraphEdge> edges)
    {
        var doc = extraction.Document;
        var trialMentions = extraction.Mentions.Where(m => m.Kind == GraphSchema.Labels.Trial && !m.Negated).ToList();
        var documentTrials = trialMentions.Select(m => m.ConceptId).Distinct(StringComparer.Ordinal).ToList();
        var stated = new List<StatedFact>();
        foreach (var sentence in extraction.Sentences)
        {
            if (SkippedSections.Contains(sentence.Section)) continue;
            // Most papers name no trial: then no sentence does either (and the empty list of the document serves).
            IReadOnlyList<string> inSentence = trialMentions.Count == 0 ? documentTrials
                : trialMentions.Where(m => m.SentenceIndex == sentence.Index).Select(m => m.ConceptId).Distinct(StringComparer.Ordinal).ToList();
            var targets = inSentence.Count > 0 ? inSentence : documentTrials.Count == 1 ? documentTrials : [];
            if (targets.Count > 0)
                AddAttributes(doc.Id, sentence.Text, sentence.Section.ToString(), targets, GraphEdge.TextMiningAgent, nodes, edges);
            foreach (var target in targets.Count > 0 ? targets.Select(t => (string?)t) : [null])
                stated.AddRange(StatedFacts.Find(sentence.Text, doc.Id, sentence.Section.ToString(), target));
        }
        stated = Bounded(stated);
        if (stated.Count > 0 && nodes.TryGetValue(doc.Id, out var node))
        {
            var props = new Dictionary<string, object?>(node.Properties, StringComparer.Ordinal) { [StatedFactsProperty] = GraphJson.Serialize(stated) };
            nodes[doc.Id] = node with { Properties = props };
        }
    }

    /// <summary>Each attribute the sentence names (not negated) becomes an edge from every target trial.</summary>
    private void AddAttributes(string documentId, string sentence, string section, IReadOnlyList<string> trials, string agent,
        Dictionary<string, GraphNode> nodes, List<GraphEdge> edges)
    {
        var matches = _lexicon.Attributes.Match(sentence);
        if (matches.Count == 0) return;
        ScopeDetector? scope = null;
        foreach (var m in matches)
        {
            if (m.Entry.Role != LexiconRole.Concept || m.Entry.ConceptId is not { } conceptId) continue;
            if (!GraphSchema.AttributeRelationships.TryGetValue(m.Entry.Kind, out var type)) continue;
            scope ??= new ScopeDetector(sentence);
            // "without immunosuppression" is its own concept (protection:none); other attributes in a negated scope are absent.
            if (conceptId != "protection:none" && scope.IsNegated(m.Start)) continue;
            AddNode(conceptId, nodes);
            var evidence = new EvidenceSentence(documentId, sentence, m.Start, m.End, section, Version,
                Speculative: scope.IsSpeculative(m.Start), Weight: scope.IsSpeculative(m.Start) ? 0.5 : 1.0);
            foreach (var trial in trials)
                AddOrMerge(edges, new GraphEdge(trial, type, conceptId, agent, [evidence], new Dictionary<string, object?>()));
        }
    }

    /// <summary>The registry texts that describe the intervention: titles, summary, description, interventions, arms
    /// (not outcome measures or conditions, which name outcomes and diseases rather than the treatment).</summary>
    private static IEnumerable<(string Label, string Text)> RegistryTexts(PaperDocument doc, TrialRecord trial)
    {
        if ((trial.Facts.BriefTitle ?? trial.Title) is { } title) yield return ("Brief title", title);
        if (trial.Facts.OfficialTitle is { } official) yield return ("Official title", official);
        foreach (var section in doc.Sections.Where(s => s.Label is "Brief summary" or "Detailed description"))
            yield return (section.Label!, section.Text);
        foreach (var i in trial.Interventions)
            yield return ("Intervention", i.Description is null ? i.Name : $"{i.Name}: {i.Description}");
        foreach (var a in trial.Facts.Arms)
            yield return ("Arm", string.Join(". ", new[] { a.Label, a.Description, a.Interventions.Count > 0 ? string.Join(", ", a.Interventions) : null }.OfType<string>()));
    }

    private void AddNode(string conceptId, Dictionary<string, GraphNode> nodes)
    {
        if (!nodes.ContainsKey(conceptId) && _concepts.Find(conceptId) is { } node)
            nodes[conceptId] = node;
    }

    private static GraphNode PlaceholderPaper(string paperId, TrialReference reference)
    {
        var pmid = paperId["paper:pmid:".Length..];
        var props = new Dictionary<string, object?>
        {
            ["category"] = GraphSchema.CategoryOf(GraphSchema.Labels.Paper),
            ["pmid"] = pmid,
            ["url"] = $"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
            ["publications"] = new[] { $"PMID:{pmid}" },
        };
        if (reference.Citation is { } c) props["citation"] = c;
        return new GraphNode(paperId, GraphSchema.Labels.Paper, $"PMID {pmid}", props) { Authoritative = false };
    }

    /// <summary>One edge per (from, type, to) in a batch: a second contribution adds its evidence (up to the per-edge cap).</summary>
    internal static void AddOrMerge(List<GraphEdge> edges, GraphEdge edge)
    {
        var i = edges.FindIndex(e => e.From == edge.From && e.Type == edge.Type && e.To == edge.To);
        if (i < 0)
        {
            edges.Add(edge);
            return;
        }
        var old = edges[i];
        var evidence = old.Evidence.Concat(edge.Evidence).Distinct().ToList();
        // Registry results are the numbers the table is built from: they are never dropped for the cap.
        var kept = evidence.Where(e => e.Section == "Registry results")
            .Concat(evidence.Where(e => e.Section != "Registry results").Take(GraphBatchBuilder.MaxEvidencePerEdge)).ToList();
        edges[i] = old with
        {
            AgentType = old.AgentType == GraphEdge.ManualAgent || edge.AgentType == GraphEdge.ManualAgent ? GraphEdge.ManualAgent : old.AgentType,
            Evidence = kept,
        };
    }

    private static List<StatedFact> Bounded(List<StatedFact> facts) =>
        [.. facts.DistinctBy(f => (f.Kind, f.Value, f.TrialId, f.Sentence)).GroupBy(f => f.Kind).SelectMany(g => g.Take(StatedFacts.MaxPerKind))];
}
