using System.Globalization;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Core.Trials;

/// <summary>Composes trial cards, evidence-table rows and the matrix from <see cref="TrialDossier"/>s. Pure.</summary>
public static class TrialCards
{
    /// <summary>Flag: the registry says the trial is completed, it has posted no results, and no paper reports on it.</summary>
    public const string CompletedWithoutResults = "completed-without-results-or-paper";

    private const string RegistryPrefix = "registry:";

    public static TrialCard Compose(TrialDossier d)
    {
        var trial = d.Trial;
        var registryId = trial.Properties.TryGetValue("registryId", out var rid) && rid is string s ? s : trial.Id[GraphBatchBuilder.TrialPrefix.Length..];
        var record = TrialNodeProperties.ReadRecord(trial);
        var registryDoc = record is null ? null : RegistryPrefix + record.Id;
        var format = trial.Properties.TryGetValue(TrialNodeProperties.FormatProperty, out var fmt) && fmt is string fs
            && Enum.TryParse<DocumentFormat>(fs, out var parsed) ? parsed : DocumentFormat.ClinicalTrialsJson;

        string Name(string id) => d.Nodes.TryGetValue(id, out var n) ? n.Name : id;
        List<ConceptLink> Links(string type) =>
        [
            .. d.Outgoing.Where(e => e.Relationship.Type == type).Select(e => new ConceptLink(e.Relationship.To, Name(e.Relationship.To),
                e.Relationship.PrimarySources, e.Relationship.AgentType,
                Primary: e.Relationship.Properties.TryGetValue("primary", out var p) && p is bool b ? b : null)),
        ];

        var products = Links(GraphSchema.Relationships.UsesProduct);
        var cellTypes = Links(GraphSchema.Relationships.Tests);
        // A product's cell type follows from the vocabulary (VX-880 is made of stem cell-derived islets).
        foreach (var product in products)
            foreach (var e in d.ConceptEdges.Where(e => e.From == product.Id && e.Type == GraphSchema.Relationships.MadeOf))
                if (cellTypes.All(c => c.Id != e.To))
                    cellTypes.Add(new ConceptLink(e.To, Name(e.To), [EdgeContribution.VocabularyDocumentId], GraphEdge.ManualAgent, product.Id));
        var mechanisms = new List<ConceptLink>();
        foreach (var cell in cellTypes)
            foreach (var e in d.ConceptEdges.Where(e => e.From == cell.Id && e.Type == GraphSchema.Relationships.ActsVia))
                if (mechanisms.All(m => m.Id != e.To))
                    mechanisms.Add(new ConceptLink(e.To, Name(e.To), [EdgeContribution.VocabularyDocumentId], GraphEdge.ManualAgent, cell.Id));

        var findings = new List<TrialFinding>();
        foreach (var edge in d.Outgoing.Where(e => e.Relationship.Type == GraphSchema.Relationships.ReportsOutcome))
        {
            var r = edge.Relationship;
            foreach (var e in edge.Evidence)
            {
                findings.Add(new TrialFinding(r.To, Name(r.To), e.DocumentId, e.DocumentId.StartsWith(RegistryPrefix, StringComparison.Ordinal) ? "registry" : "paper",
                    e.Text, e.Value, e.Polarity, e.Negated, e.Speculative, e.Section, new EdgeRef(r.From, r.Type, r.To)));
            }
        }
        // What the trial's own papers say about its cell types, unless the same sentence is already a trial finding.
        foreach (var edge in d.PaperFindings)
        {
            var r = edge.Relationship;
            foreach (var e in edge.Evidence)
            {
                if (findings.Any(f => f.DocumentId == e.DocumentId && f.Text == e.Text && f.OutcomeId == r.To)) continue;
                findings.Add(new TrialFinding(r.To, Name(r.To), e.DocumentId, "paper", e.Text, e.Value, e.Polarity, e.Negated, e.Speculative, e.Section,
                    new EdgeRef(r.From, r.Type, r.To)));
            }
        }
        findings = [.. findings.OrderBy(f => f.SourceKind == "registry" ? 0 : 1).ThenBy(f => f.OutcomeId, StringComparer.Ordinal)
            .ThenBy(f => f.DocumentId, StringComparer.Ordinal)];

        var papers = d.ReportsOn.GroupBy(e => e.Relationship.From, StringComparer.Ordinal).Select(g =>
        {
            var id = g.Key;
            var node = d.Nodes.GetValueOrDefault(id);
            var evidence = g.SelectMany(e => e.Evidence).ToList();
            var via = new List<string>();
            if (evidence.Any(e => e.DocumentId == id) || g.Any(e => e.Relationship.PrimarySources.Contains(id))) via.Add("text");
            if (evidence.Any(e => e.DocumentId.StartsWith(RegistryPrefix, StringComparison.Ordinal))
                || g.Any(e => e.Relationship.PrimarySources.Any(p => p.StartsWith(RegistryPrefix, StringComparison.Ordinal)))) via.Add("registry reference");
            var url = node?.Properties.TryGetValue("url", out var u) == true ? u as string : null;
            // A paper only a registry reference names is a placeholder until the paper itself is ingested.
            var inGraph = node?.Properties.ContainsKey("title") == true;
            return new LinkedPaper(id, node?.Name ?? id, url, inGraph, via);
        }).OrderBy(p => p.Id, StringComparer.Ordinal).ToList();

        var stated = TrialNodeProperties.ReadStatedFacts(trial)
            .Concat(papers.SelectMany(p => d.Nodes.TryGetValue(p.Id, out var n) ? TrialNodeProperties.ReadStatedFacts(n) : []))
            .Where(f => f.TrialId == trial.Id || (f.TrialId is null && d.OwnPapers.Contains(f.DocumentId))).ToList();

        var flags = new List<string>();
        if (record is not null && record.Status is { } status && TrialFacets.NormalizeStatus(status) == "COMPLETED"
            && record.Facts.HasResults != true && papers.Count == 0)
            flags.Add(CompletedWithoutResults);

        string? Prop(string key) => trial.Properties.TryGetValue(key, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;
        return new TrialCard(trial.Id, registryId, record?.Title ?? trial.Name, record?.Phase ?? Prop("phase"), record?.Status ?? Prop("status"),
            trial.Properties.TryGetValue("url", out var url) ? url as string : GraphBatchBuilder.RegistryUrl(registryId),
            registryDoc, record is null || registryDoc is null ? [] : Facts(record, registryDoc, format), record,
            products, cellTypes, mechanisms,
            Links(GraphSchema.Relationships.SourcedFrom), Links(GraphSchema.Relationships.DeliveredVia), Links(GraphSchema.Relationships.ProtectedBy),
            Links(GraphSchema.Relationships.Studies), Links(GraphSchema.Relationships.Measures),
            findings, stated, papers, flags);
    }

    /// <summary>Every fact of the record the card shows, each with the record field it comes from.</summary>
    public static List<TrialFact> Facts(TrialRecord t, string source, DocumentFormat format)
    {
        var f = t.Facts;
        var facts = new List<TrialFact>();
        void Add(string name, object? value)
        {
            if (value is null || value is string { Length: 0 } || value is System.Collections.ICollection { Count: 0 }) return;
            facts.Add(new TrialFact(name, value, source, RegistryFields.Of(name, format)));
        }
        static Dictionary<string, object?>? Dated(string? date, string? type) =>
            date is null ? null : new Dictionary<string, object?> { ["date"] = date, ["type"] = type };

        Add("registryId", t.Id);
        Add("secondaryIds", t.SecondaryIds);
        Add("briefTitle", f.BriefTitle);
        Add("officialTitle", f.OfficialTitle);
        Add("acronym", f.Acronym);
        Add("sponsor", t.Sponsor);
        Add("status", t.Status);
        Add("whyStopped", f.WhyStopped);
        Add("startDate", Dated(t.StartDate, f.StartDateType));
        Add("primaryCompletionDate", Dated(f.PrimaryCompletionDate, f.PrimaryCompletionDateType));
        Add("completionDate", Dated(t.CompletionDate, f.CompletionDateType));
        Add("firstPosted", f.FirstPostedDate);
        Add("studyType", f.StudyType);
        Add("phase", f.Phases.Count > 0 ? f.Phases : t.Phase is null ? null : new[] { t.Phase });
        Add("allocation", f.Allocation);
        Add("interventionModel", f.InterventionModel);
        Add("primaryPurpose", f.PrimaryPurpose);
        Add("masking", f.Masking);
        Add("enrollment", t.Enrollment is null ? null : new Dictionary<string, object?> { ["count"] = t.Enrollment, ["type"] = f.EnrollmentType });
        Add("conditions", t.Conditions);
        Add("arms", f.Arms);
        Add("interventions", t.Interventions);
        Add("outcomeMeasures", t.OutcomeMeasures);
        Add("countries", f.Countries);
        Add("references", f.References);
        Add("hasResults", f.HasResults);
        Add("resultsFirstPosted", f.ResultsFirstPostedDate);
        Add("outcomeResults", f.Results?.OutcomeMeasures);
        Add("adverseEvents", f.Results?.AdverseEvents);
        return facts;
    }

    /// <summary>Whether the trial passes the filters the store's trial list did not apply.</summary>
    public static bool Matches(TrialCard card, TrialDossier d, EvidenceTableFilter filter)
    {
        var phase = card.Phase;
        var status = card.Status;
        if (filter.Phase is { } p && !TrialFacets.PhaseMatches(phase, p)) return false;
        if (filter.Status is { } s && !TrialFacets.StatusMatches(status, s)) return false;
        if (filter.Trial is { } t && card.Id != TrialQueries.NormaliseTrialId(t)) return false;
        if (filter.Product is { } product && card.Products.All(x => x.Id != WithPrefix(product, "product:"))) return false;
        if (filter.Protection is { } protection)
        {
            var wanted = WithPrefix(protection, "protection:");
            var broader = card.Protections.Select(x => x.Id)
                .Concat(d.ConceptEdges.Where(e => e.Type == GraphSchema.Relationships.Broader && card.Protections.Any(x => x.Id == e.From)).Select(e => e.To));
            if (!broader.Contains(wanted)) return false;
        }
        if (filter.Outcome is { } outcome)
        {
            var id = WithPrefix(outcome, "outcome:");
            if (card.Findings.All(f => f.OutcomeId != id) && card.OutcomesMeasured.All(o => o.Id != id)) return false;
        }
        return true;
    }

    /// <summary>The card's rows: one per outcome found or measured (only <paramref name="outcome"/> when given), or one
    /// row without an outcome when the trial has neither.</summary>
    public static List<EvidenceRow> Rows(TrialCard card, TrialDossier d, string? outcome)
    {
        var outcomes = card.Findings.Select(f => new ConceptRef(f.OutcomeId, f.OutcomeName))
            .Concat(card.OutcomesMeasured.Select(o => new ConceptRef(o.Id, o.Name)))
            .DistinctBy(o => o.Id).OrderBy(o => o.Id, StringComparer.Ordinal).ToList();
        if (outcome is not null) outcomes = [.. outcomes.Where(o => o.Id == WithPrefix(outcome, "outcome:"))];
        List<ConceptRef> Refs(IEnumerable<ConceptLink> links) => [.. links.Select(l => new ConceptRef(l.Id, l.Name))];
        List<string> Stated(string kind) => [.. card.Stated.Where(f => f.Kind == kind).Select(f => f.Value).Distinct(StringComparer.OrdinalIgnoreCase)];
        var title = card.Record?.Title ?? Prop(card, d, "title");
        var phase = card.Phase;
        var status = card.Status;

        EvidenceRow Row(ConceptRef? o)
        {
            var findings = o is null ? [] : card.Findings.Where(f => f.OutcomeId == o.Id).ToList();
            var measured = o is not null ? card.OutcomesMeasured.FirstOrDefault(m => m.Id == o.Id) : null;
            return new EvidenceRow(card.Id, card.RegistryId, title, phase, status, card.Record?.Enrollment, card.Record?.Facts.EnrollmentType,
                Refs(card.Products), Refs(card.CellTypes), Refs(card.Mechanisms), Refs(card.CellSources), Refs(card.DeliverySites), Refs(card.Protections),
                Stated(StatedFact.Dose), Stated(StatedFact.Patients), Stated(StatedFact.FollowUp),
                o, measured is not null, measured?.Primary, findings, Direction(findings),
                [.. findings.Select(f => f.DocumentId).Distinct(StringComparer.Ordinal)], card.Flags);
        }
        return outcomes.Count == 0 ? (outcome is null ? [Row(null)] : []) : [.. outcomes.Select(Row)];
    }

    /// <summary>positive, negative, mixed or unclear from the papers' findings (registry results state values, not
    /// directions); null without paper findings.</summary>
    public static string? Direction(IReadOnlyList<TrialFinding> findings)
    {
        var papers = findings.Where(f => f.SourceKind == "paper").ToList();
        if (papers.Count == 0) return null;
        var (positive, negative, _) = PaperVotes(papers.Select(f => (f.DocumentId, Sign(f.Polarity, f.Negated, f.Speculative))));
        return DirectionOf(positive, negative);
    }

    public static OutcomeMatrix Matrix(IReadOnlyList<(TrialCard Card, TrialDossier Dossier)> cards, IReadOnlyList<(string Mechanism, EdgeEvidence Edge)> literature,
        EvidenceTableFilter filter, IReadOnlyDictionary<string, string> names, bool truncated)
    {
        var outcomeFilter = filter.Outcome is null ? null : WithPrefix(filter.Outcome, "outcome:");
        var cells = new Dictionary<(string M, string O), (HashSet<string> Trials, Dictionary<(string Doc, string Text), EvidenceSign> Evidence, long Patients)>();
        (HashSet<string> Trials, Dictionary<(string Doc, string Text), EvidenceSign> Evidence, long Patients) Cell(string m, string o)
        {
            if (!cells.TryGetValue((m, o), out var c)) cells[(m, o)] = c = ([], [], 0);
            return c;
        }

        foreach (var (card, _) in cards)
        {
            var patients = Patients(card);
            foreach (var group in card.Findings.GroupBy(f => f.OutcomeId))
            {
                if (outcomeFilter is not null && group.Key != outcomeFilter) continue;
                foreach (var m in card.Mechanisms.Select(x => x.Id).Distinct())
                {
                    var c = Cell(m, group.Key);
                    if (c.Trials.Add(card.Id)) cells[(m, group.Key)] = c with { Patients = c.Patients + patients };
                    foreach (var f in group.Where(f => f.SourceKind == "paper"))
                        c.Evidence.TryAdd((f.DocumentId, f.Text), Sign(f.Polarity, f.Negated, f.Speculative));
                }
            }
        }
        foreach (var (m, edge) in literature)
        {
            if (outcomeFilter is not null && edge.Relationship.To != outcomeFilter) continue;
            var c = Cell(m, edge.Relationship.To);
            foreach (var e in edge.Evidence.Where(e => !e.DocumentId.StartsWith(RegistryPrefix, StringComparison.Ordinal)))
                c.Evidence.TryAdd((e.DocumentId, e.Text), RelationshipAggregator.Classify(e));
        }

        var result = cells.Where(kv => kv.Value.Trials.Count > 0 || kv.Value.Evidence.Count > 0)
            .OrderBy(kv => kv.Key.M, StringComparer.Ordinal).ThenBy(kv => kv.Key.O, StringComparer.Ordinal)
            .Select(kv =>
            {
                var (positive, negative, neutral) = PaperVotes(kv.Value.Evidence.Select(e => (e.Key.Doc, e.Value)));
                return new MatrixCell(kv.Key.M, kv.Key.O, kv.Value.Trials.Count, kv.Value.Evidence.Keys.Select(k => k.Doc).Distinct().Count(),
                    kv.Value.Patients, positive, negative, neutral, DirectionOf(positive, negative) ?? "unclear",
                    [.. kv.Value.Trials.Order(StringComparer.Ordinal)]);
            }).ToList();
        ConceptRef Ref(string id) => new(id, names.GetValueOrDefault(id) ?? id);
        return new OutcomeMatrix(
            [.. result.Select(c => c.MechanismId).Distinct().Order(StringComparer.Ordinal).Select(Ref)],
            [.. result.Select(c => c.OutcomeId).Distinct().Order(StringComparer.Ordinal).Select(Ref)],
            result, cards.Count, truncated);
    }

    /// <summary>Patients of a trial for the matrix: the largest number treated its texts state, else the registry's
    /// enrollment when it is the actual one (an estimate counts nobody).</summary>
    public static long Patients(TrialCard card)
    {
        var stated = card.Stated.Where(f => f.Kind == StatedFact.Patients && f.Number is not null).Select(f => f.Number!.Value).DefaultIfEmpty(0).Max();
        if (stated > 0) return stated;
        return card.Record is { Enrollment: { } n } r && string.Equals(r.Facts.EnrollmentType, "ACTUAL", StringComparison.OrdinalIgnoreCase) ? n : 0;
    }

    /// <summary>Ids with a kind prefix accept the bare form too: <c>vx-880</c> means <c>product:vx-880</c>.</summary>
    public static string WithPrefix(string id, string prefix)
    {
        var t = id.Trim();
        return t.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? prefix + t[prefix.Length..] : prefix + t;
    }

    private static EvidenceSign Sign(string? polarity, bool negated, bool speculative) =>
        RelationshipAggregator.Classify(new EvidenceSentence("", "", 0, 0, "", "", polarity, null, negated, speculative));

    /// <summary>
    /// Papers by their one vote, as on the graph's finding edges: several sentences of one paper are one vote, the sign
    /// most of its directed sentences give, the earliest deciding a tie ("Fourteen of the fifteen became insulin-free"
    /// then "One patient did not achieve insulin independence" is one positive paper, not a mixed result); a paper
    /// with no directed sentence is neutral.
    /// </summary>
    private static (int Positive, int Negative, int Neutral) PaperVotes(IEnumerable<(string Document, EvidenceSign Sign)> evidence)
    {
        var (p, n, z) = (0, 0, 0);
        foreach (var paper in evidence.GroupBy(e => e.Document, StringComparer.Ordinal))
        {
            var directed = paper.Select((e, i) => (e.Sign, i)).Where(x => x.Sign != EvidenceSign.Neutral).ToList();
            var vote = directed.Count == 0 ? EvidenceSign.Neutral
                : directed.GroupBy(x => x.Sign).OrderByDescending(g => g.Count()).ThenBy(g => g.Min(x => x.i)).First().Key;
            if (vote == EvidenceSign.Positive) p++;
            else if (vote == EvidenceSign.Negative) n++;
            else z++;
        }
        return (p, n, z);
    }

    private static string DirectionOf(int positive, int negative) =>
        positive > 0 && negative > 0 ? "mixed" : positive > 0 ? "positive" : negative > 0 ? "negative" : "unclear";

    private static string? Prop(TrialCard card, TrialDossier d, string key) =>
        d.Trial.Properties.TryGetValue(key, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;
}
