using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Core.Trials;

/// <summary>
/// The trial card, the evidence table and the mechanism x outcome matrix over any <see cref="IGraphStore"/>, composed
/// from its two set-based reads (<see cref="IGraphStore.GetNodesAsync"/>, <see cref="IGraphStore.GetEdgesAsync"/>) and
/// its trial list, so both stores answer identically (the shared conformance suite checks it). Work per request is
/// bounded: trials are loaded in batches, an evidence-table page scans at most <see cref="MaxScanTrials"/> trials
/// and the matrix at most <see cref="MaxMatrixTrials"/>.
/// </summary>
public static class TrialQueries
{
    public const int MaxScanTrials = 5_000;
    public const int MaxMatrixTrials = 10_000;
    private const int MaxBatch = 200;

    /// <summary>What a trial points to: what it tests, measures, reports, studies, and its intervention attributes.</summary>
    public static readonly IReadOnlyList<string> TrialOutgoingTypes =
    [
        GraphSchema.Relationships.Tests, GraphSchema.Relationships.Measures, GraphSchema.Relationships.ReportsOutcome,
        GraphSchema.Relationships.Studies, GraphSchema.Relationships.UsesProduct, GraphSchema.Relationships.SourcedFrom,
        GraphSchema.Relationships.DeliveredVia, GraphSchema.Relationships.ProtectedBy,
    ];

    private static readonly string[] ConceptTypes =
        [GraphSchema.Relationships.ActsVia, GraphSchema.Relationships.MadeOf, GraphSchema.Relationships.Broader];

    /// <summary>Refuses more node ids than one read takes (<see cref="EdgeQuery.MaxNodes"/>).</summary>
    public static void CheckNodeCount(int count)
    {
        if (count > EdgeQuery.MaxNodes)
            throw new ArgumentException($"At most {EdgeQuery.MaxNodes} node ids per read; got {count}.", nameof(count));
    }

    public static async Task<TrialCard?> CardAsync(IGraphStore store, string trialId, CancellationToken ct)
    {
        var dossiers = await LoadAsync(store, [trialId], ct);
        return dossiers.Count == 0 ? null : TrialCards.Compose(dossiers[0]);
    }

    public static async Task<Page<EvidenceRow>> EvidenceTableAsync(IGraphStore store, EvidenceTableFilter filter, int limit, string? cursor, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var rows = new List<EvidenceRow>();
        if (filter.Trial is { } only)
        {
            if (cursor is not null) PageCursor.DecodeKey(cursor); // a foreign cursor is still an error
            foreach (var d in await LoadAsync(store, [NormaliseTrialId(only)], ct))
            {
                var card = TrialCards.Compose(d);
                if (TrialCards.Matches(card, d, filter)) rows.AddRange(TrialCards.Rows(card, d, filter.Outcome));
            }
            return new Page<EvidenceRow>(rows, null);
        }

        var batch = Math.Clamp(limit * 2, 10, MaxBatch);
        var storeCursor = cursor;
        var (matched, scanned) = (0, 0);
        while (true)
        {
            var page = await store.GetTrialsAsync(StoreFilter(filter), batch, storeCursor, ct);
            var dossiers = (await LoadAsync(store, [.. page.Items.Select(t => t.Id)], ct)).ToDictionary(d => d.Trial.Id, StringComparer.Ordinal);
            for (var i = 0; i < page.Items.Count; i++)
            {
                scanned++;
                if (!dossiers.TryGetValue(page.Items[i].Id, out var d)) continue;
                var card = TrialCards.Compose(d);
                if (!TrialCards.Matches(card, d, filter)) continue;
                rows.AddRange(TrialCards.Rows(card, d, filter.Outcome));
                if (++matched == limit)
                {
                    var more = i < page.Items.Count - 1 || page.NextCursor is not null;
                    return new Page<EvidenceRow>(rows, more ? PageCursor.EncodeKey(page.Items[i].Id) : null);
                }
            }
            if (page.NextCursor is null) return new Page<EvidenceRow>(rows, null);
            storeCursor = page.NextCursor;
            // Bounded work per request: a filter matching few trials returns what it found and where to go on.
            if (scanned >= MaxScanTrials) return new Page<EvidenceRow>(rows, storeCursor);
        }
    }

    public static async Task<OutcomeMatrix> MatrixAsync(IGraphStore store, EvidenceTableFilter filter, CancellationToken ct)
    {
        var cards = new List<(TrialCard Card, TrialDossier Dossier)>();
        string? cursor = null;
        var truncated = false;
        if (filter.Trial is { } only)
        {
            foreach (var d in await LoadAsync(store, [NormaliseTrialId(only)], ct))
                if (TrialCards.Compose(d) is var c && TrialCards.Matches(c, d, filter)) cards.Add((c, d));
        }
        else
        {
            while (true)
            {
                var page = await store.GetTrialsAsync(StoreFilter(filter), MaxBatch, cursor, ct);
                foreach (var d in await LoadAsync(store, [.. page.Items.Select(t => t.Id)], ct))
                    if (TrialCards.Compose(d) is var c && TrialCards.Matches(c, d, filter)) cards.Add((c, d));
                if (page.NextCursor is null) break;
                if (cards.Count >= MaxMatrixTrials) { truncated = true; break; }
                cursor = page.NextCursor;
            }
        }

        // The literature beyond trials: findings papers report for the mechanisms' cell types. Only when the filter
        // says nothing a paper about a cell type cannot be checked against (product, protection, phase, status, trial).
        var literature = new List<(string Mechanism, EdgeEvidence Edge)>();
        if (filter is { Product: null, Protection: null, Phase: null, Status: null, Trial: null })
        {
            var cellTypes = await store.GetCellTypesAsync(filter.Mechanism, ct);
            if (filter.CellType is { } wanted)
                cellTypes = [.. cellTypes.Where(c => c.Id == TrialCards.WithPrefix(wanted, "celltype:"))];
            foreach (var chunk in cellTypes.Chunk(EdgeQuery.MaxNodes))
            {
                var byId = chunk.ToDictionary(c => c.Id, StringComparer.Ordinal);
                foreach (var edge in await store.GetEdgesAsync(new EdgeQuery([.. chunk.Select(c => c.Id)], [GraphSchema.Relationships.ReportsOutcome]), ct))
                    foreach (var m in byId[edge.Relationship.From].Mechanisms)
                        literature.Add((m, edge));
            }
        }

        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (card, _) in cards)
        {
            foreach (var m in card.Mechanisms) names[m.Id] = m.Name;
            foreach (var f in card.Findings) names[f.OutcomeId] = f.OutcomeName;
        }
        var missing = literature.SelectMany(l => new[] { l.Mechanism, l.Edge.Relationship.To }).Where(id => !names.ContainsKey(id)).Distinct().ToList();
        foreach (var chunk in missing.Chunk(EdgeQuery.MaxNodes))
            foreach (var n in await store.GetNodesAsync(chunk, ct)) names[n.Id] = n.Name;

        return TrialCards.Matrix(cards, literature, filter, names, truncated);
    }

    /// <summary>Loads the dossiers of the trials that exist among <paramref name="trialIds"/>, in the given order.</summary>
    public static async Task<List<TrialDossier>> LoadAsync(IGraphStore store, IReadOnlyList<string> trialIds, CancellationToken ct)
    {
        var result = new List<TrialDossier>();
        foreach (var chunk in trialIds.Distinct(StringComparer.Ordinal).Chunk(MaxBatch))
        {
            var trials = (await store.GetNodesAsync(chunk, ct)).Where(n => n.Label == GraphSchema.Labels.Trial).ToList();
            if (trials.Count == 0) continue;
            var ids = trials.Select(t => t.Id).ToList();
            var outgoing = await store.GetEdgesAsync(new EdgeQuery(ids, TrialOutgoingTypes), ct);
            var reportsOn = await store.GetEdgesAsync(new EdgeQuery(ids, [GraphSchema.Relationships.ReportsOn], Incoming: true), ct);

            // Two hops through the vocabulary: product -> cell type -> mechanism; agent -> broader protection.
            var concepts = outgoing.Select(e => e.Relationship.To).Distinct(StringComparer.Ordinal).ToList();
            var conceptEdges = new List<GraphRelationship>();
            var expanded = new HashSet<string>(StringComparer.Ordinal);
            var frontier = concepts;
            for (var hop = 0; hop < 2 && frontier.Count > 0; hop++)
            {
                var next = new List<string>();
                foreach (var part in frontier.Where(expanded.Add).ToList().Chunk(EdgeQuery.MaxNodes))
                {
                    foreach (var e in await store.GetEdgesAsync(new EdgeQuery(part, ConceptTypes, WithEvidence: false), ct))
                    {
                        conceptEdges.Add(e.Relationship);
                        next.Add(e.Relationship.To);
                    }
                }
                frontier = [.. next.Distinct(StringComparer.Ordinal).Where(id => !expanded.Contains(id))];
            }

            var wanted = concepts.Concat(conceptEdges.Select(e => e.To)).Concat(reportsOn.Select(e => e.Relationship.From))
                .Distinct(StringComparer.Ordinal).ToList();
            var nodes = new Dictionary<string, GraphNode>(StringComparer.Ordinal);
            foreach (var part in wanted.Chunk(EdgeQuery.MaxNodes))
                foreach (var n in await store.GetNodesAsync(part, ct)) nodes[n.Id] = n;

            // Papers that report on one trial only: what they say about its cell types is about it.
            var papers = reportsOn.Select(e => e.Relationship.From).Distinct(StringComparer.Ordinal).ToList();
            var trialsOfPaper = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var part in papers.Chunk(EdgeQuery.MaxNodes))
                foreach (var e in await store.GetEdgesAsync(new EdgeQuery(part, [GraphSchema.Relationships.ReportsOn], WithEvidence: false), ct))
                    (trialsOfPaper.TryGetValue(e.Relationship.From, out var set) ? set : trialsOfPaper[e.Relationship.From] = new(StringComparer.Ordinal)).Add(e.Relationship.To);
            var ownPapers = trials.ToDictionary(t => t.Id, t => (IReadOnlySet<string>)trialsOfPaper
                .Where(kv => kv.Value.Count == 1 && kv.Value.Contains(t.Id)).Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
            var cellTypesOf = trials.ToDictionary(t => t.Id, t => CellTypesOf(t.Id, outgoing, conceptEdges), StringComparer.Ordinal);
            var allOwn = ownPapers.Values.SelectMany(p => p).Distinct(StringComparer.Ordinal).ToList();
            var allCellTypes = cellTypesOf.Values.SelectMany(c => c).Distinct(StringComparer.Ordinal).ToList();
            var paperFindings = new List<EdgeEvidence>();
            if (allOwn.Count > 0 && allCellTypes.Count > 0)
                foreach (var docs in allOwn.Chunk(EdgeQuery.MaxNodes))
                    foreach (var cells in allCellTypes.Chunk(EdgeQuery.MaxNodes))
                        paperFindings.AddRange(await store.GetEdgesAsync(new EdgeQuery(cells, [GraphSchema.Relationships.ReportsOutcome], Documents: docs), ct));
            foreach (var id in paperFindings.Select(e => e.Relationship.To).Where(id => !nodes.ContainsKey(id)).Distinct().ToList().Chunk(EdgeQuery.MaxNodes))
                foreach (var n in await store.GetNodesAsync(id, ct)) nodes[n.Id] = n;

            foreach (var trial in trials)
            {
                var own = ownPapers[trial.Id];
                var cells = cellTypesOf[trial.Id];
                result.Add(new TrialDossier(trial,
                    [.. outgoing.Where(e => e.Relationship.From == trial.Id)],
                    [.. reportsOn.Where(e => e.Relationship.To == trial.Id)],
                    conceptEdges,
                    nodes,
                    own,
                    [.. paperFindings.Where(e => cells.Contains(e.Relationship.From))
                        .Select(e => e with { Evidence = [.. e.Evidence.Where(x => own.Contains(x.DocumentId))] })
                        .Where(e => e.Evidence.Count > 0)]));
            }
        }
        var order = trialIds.Select((id, i) => (id, i)).GroupBy(x => x.id).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        return [.. result.OrderBy(d => order.GetValueOrDefault(d.Trial.Id, int.MaxValue))];
    }

    /// <summary>The cell types a trial tests, and those its products are made of.</summary>
    private static HashSet<string> CellTypesOf(string trialId, IReadOnlyList<EdgeEvidence> outgoing, IReadOnlyList<GraphRelationship> conceptEdges)
    {
        var cells = outgoing.Where(e => e.Relationship.From == trialId && e.Relationship.Type == GraphSchema.Relationships.Tests)
            .Select(e => e.Relationship.To).ToHashSet(StringComparer.Ordinal);
        foreach (var product in outgoing.Where(e => e.Relationship.From == trialId && e.Relationship.Type == GraphSchema.Relationships.UsesProduct))
            cells.UnionWith(conceptEdges.Where(e => e.From == product.Relationship.To && e.Type == GraphSchema.Relationships.MadeOf).Select(e => e.To));
        return cells;
    }

    /// <summary><c>NCT01234567</c>, <c>nct01234567</c> or <c>trial:NCT01234567</c> as the trial node id.</summary>
    public static string NormaliseTrialId(string raw)
    {
        var t = raw.Trim();
        return GraphBatchBuilder.TrialPrefix + (t.StartsWith(GraphBatchBuilder.TrialPrefix, StringComparison.OrdinalIgnoreCase) ? t[GraphBatchBuilder.TrialPrefix.Length..] : t).ToUpperInvariant();
    }

    // Mechanism and cell type go to the store's trial list (its indexes); the rest is checked on the composed card.
    private static TrialFilter StoreFilter(EvidenceTableFilter f) =>
        new(f.Mechanism is null ? null : TrialCards.WithPrefix(f.Mechanism, "mechanism:"), f.CellType is null ? null : TrialCards.WithPrefix(f.CellType, "celltype:"));
}
