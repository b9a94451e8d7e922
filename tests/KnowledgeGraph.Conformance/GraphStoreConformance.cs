using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;
using KnowledgeGraph.Core.Vocabulary;
using static KnowledgeGraph.Conformance.ConformanceGraph;

namespace KnowledgeGraph.Conformance;

/// <summary>
/// The behaviours every <see cref="IGraphStore"/> must have, with exact expected results on <see cref="ConformanceGraph"/>.
/// A store's test project derives from this and supplies a fresh, empty store per test.
/// </summary>
public abstract partial class GraphStoreConformance
{
    private static readonly ConceptVocabulary Vocabulary = ConceptVocabulary.Default;

    /// <summary>A new empty store (not yet initialised). Disposed by the test.</summary>
    protected abstract Task<IGraphStore> CreateEmptyStoreAsync();

    /// <summary>Why this store cannot be tested here (e.g. no server configured); the tests then report skipped.</summary>
    protected virtual string? SkipReason => null;

    private Task<IGraphStore> CreateStoreAsync()
    {
        Skip.If(SkipReason is not null, SkipReason);
        return CreateEmptyStoreAsync();
    }

    private async Task<IGraphStore> LoadedAsync()
    {
        var store = await CreateStoreAsync();
        await store.InitializeAsync();
        await store.UpsertAsync(All);
        return store;
    }

    [SkippableFact]
    public async Task Initialize_writes_every_vocabulary_concept_and_manual_edge_once()
    {
        await using var store = await CreateStoreAsync();
        await store.InitializeAsync();
        await store.InitializeAsync();
        var counts = await store.GetCountsAsync();
        foreach (var kind in new[] { "CellType", "Mechanism", "Outcome", "Condition" })
            Assert.Equal(Vocabulary.OfKind(kind).Count(), counts.Nodes[kind]);
        Assert.Equal(0, counts.Nodes["Paper"]);
        Assert.Equal(Vocabulary.Concepts.Sum(c => c.ActsVia.Count), counts.Relationships["ACTS_VIA"]);
        Assert.Equal(Vocabulary.Concepts.Count(c => c.Broader is not null && Vocabulary.Find(c.Broader)?.Kind == c.Kind), counts.Relationships["BROADER"]);
        // A product's broader concept is the cell type it is made of.
        Assert.Equal(Vocabulary.OfKind("Product").Count(), counts.Relationships["MADE_OF"]);
        foreach (var kind in new[] { "Product", "CellSource", "DeliverySite", "Protection" })
            Assert.Equal(Vocabulary.OfKind(kind).Count(), counts.Nodes[kind]);
        Assert.Equal(GraphSchema.NodeLabels.Order(), counts.Nodes.Keys.Order());
        Assert.Equal(GraphSchema.RelationshipTypes.Order(), counts.Relationships.Keys.Order());

        var actsVia = await store.GetEvidenceAsync("celltype:treg", "ACTS_VIA", "mechanism:immunomodulation");
        Assert.NotNull(actsVia);
        Assert.Equal(GraphEdge.ManualAgent, actsVia.Relationship.AgentType);
        Assert.Equal(0, actsVia.Relationship.PaperCount);
    }

    [SkippableFact]
    public async Task Upserting_the_same_batches_again_is_unchanged_and_adds_nothing()
    {
        await using var store = await CreateStoreAsync();
        await store.InitializeAsync();
        var first = await store.UpsertAsync(All);
        Assert.All(first, r => Assert.Equal(UpsertOutcome.Added, r.Outcome));
        var before = await store.ExportAsync();
        var second = await store.UpsertAsync(All);
        Assert.All(second, r => Assert.Equal(UpsertOutcome.Unchanged, r.Outcome));
        var after = await store.ExportAsync();
        Assert.Equal(before.Nodes.Select(n => n.Id), after.Nodes.Select(n => n.Id));
        Assert.Equal(Keys(before.Relationships), Keys(after.Relationships));
        Assert.Equal(before.Relationships.Sum(r => r.EvidenceCount), after.Relationships.Sum(r => r.EvidenceCount));
        Assert.Equal("hash-a-1", await store.GetDocumentHashAsync(PaperA));
        Assert.Null(await store.GetDocumentHashAsync("paper:pmid:404"));
    }

    [SkippableFact]
    public async Task Counts_match_the_fixed_graph_exactly()
    {
        await using var store = await LoadedAsync();
        var counts = await store.GetCountsAsync();
        Assert.Equal(2, counts.Nodes["Paper"]);
        Assert.Equal(2, counts.Nodes["Trial"]);
        Assert.Equal(7, counts.Relationships["MENTIONS"]);
        Assert.Equal(2, counts.Relationships["REPORTS_ON"]);
        Assert.Equal(2, counts.Relationships["TESTS"]);
        Assert.Equal(5, counts.Relationships["REPORTS_OUTCOME"]);
        Assert.Equal(1, counts.Relationships["MEASURES"]);
        Assert.Equal(2, counts.Relationships["STUDIES"]);
    }

    [SkippableFact]
    public async Task An_edge_supported_by_two_papers_is_stored_once_with_both_as_provenance()
    {
        await using var store = await LoadedAsync();
        var ev = await store.GetEvidenceAsync("celltype:treg", "REPORTS_OUTCOME", "outcome:c-peptide");
        Assert.NotNull(ev);
        var rel = ev.Relationship;
        Assert.Equal(2, rel.EvidenceCount);
        Assert.Equal(2, rel.PaperCount);
        Assert.Equal(["DOI:10.1000/b", "PMID:1001"], rel.Publications);
        Assert.Equal([PaperB, PaperA], rel.PrimarySources);
        Assert.Equal(GraphEdge.TextMiningAgent, rel.AgentType);
        // The hedged sentence from paper B counts as neither positive nor negative.
        Assert.Equal(1L, rel.Properties["positiveCount"]);
        Assert.Equal(0L, rel.Properties["negativeCount"]);
        Assert.Equal("positive", rel.Properties["polarity"]);
        Assert.Equal((1L, 0L, 0L, 0L), Classes(rel, "Count"));
        Assert.Equal((1L, 0L, 0L, 0L), Classes(rel, "Papers")); // the hedged paper casts no vote
        Assert.Equal(2, ev.Evidence.Count);
        Assert.Contains(ev.Evidence, e => e.DocumentId == PaperB && e.Speculative);
        Assert.Null(await store.GetEvidenceAsync("outcome:c-peptide", "REPORTS_OUTCOME", "celltype:treg"));
    }

    [SkippableFact]
    public async Task Registry_and_paper_support_merge_on_one_trial_edge()
    {
        await using var store = await LoadedAsync();
        var ev = await store.GetEvidenceAsync(TrialIslet, "TESTS", "celltype:sc-islet");
        Assert.NotNull(ev);
        Assert.Equal(GraphEdge.ManualAgent, ev.Relationship.AgentType);
        Assert.Equal(2, ev.Relationship.PaperCount);
        Assert.Equal(["DOI:10.1000/b", "clinicaltrials:NCT04786262"], ev.Relationship.Publications);
        var measures = await store.GetEvidenceAsync(TrialIslet, "MEASURES", "outcome:insulin-independence");
        Assert.True((bool)measures!.Relationship.Properties["primary"]!);
        // Two sentences of one paper (achieved in 10 of 12; not achieved without immunosuppression) are one vote: its own.
        var oneVote = await store.GetEvidenceAsync("celltype:sc-islet", "REPORTS_OUTCOME", "outcome:insulin-independence");
        Assert.Equal("positive", oneVote!.Relationship.Properties["polarity"]);
        Assert.Equal(1L, oneVote.Relationship.Properties["negativeCount"]);
        Assert.Equal((1L, 0L, 0L, 1L), Classes(oneVote.Relationship, "Count"));
        Assert.Equal((1L, 0L, 0L, 0L), Classes(oneVote.Relationship, "Papers"));
        Assert.Equal("10 of 12", oneVote.Relationship.Properties["value"]);
        var mentions = await store.GetEvidenceAsync(PaperA, "MENTIONS", "celltype:treg");
        Assert.Equal(3L, mentions!.Relationship.Properties["count"]);
    }

    [SkippableFact]
    public async Task An_absent_harm_is_never_negative_and_papers_that_disagree_make_a_mixed_edge()
    {
        await using var store = await LoadedAsync();
        var both = (await store.GetEvidenceAsync("celltype:msc", "REPORTS_OUTCOME", "outcome:safety"))!.Relationship;
        Assert.Equal("mixed", both.Properties["polarity"]);
        Assert.Equal((1L, 1L), ((long)both.Properties["positiveCount"]!, (long)both.Properties["negativeCount"]!));
        Assert.Equal((1L, 1L, 0L, 0L), Classes(both, "Papers"));
        Assert.Equal("Two", both.Properties["value"]); // paper B's value: A states none

        Assert.True(await store.DeleteDocumentAsync(PaperB));
        var absent = (await store.GetEvidenceAsync("celltype:msc", "REPORTS_OUTCOME", "outcome:safety"))!.Relationship;
        Assert.Equal("positive", absent.Properties["polarity"]); // "no serious adverse events" is good news
        Assert.Equal((1L, 0L), ((long)absent.Properties["positiveCount"]!, (long)absent.Properties["negativeCount"]!));
        Assert.Equal((1L, 0L, 0L, 0L), Classes(absent, "Papers"));
        Assert.False(absent.Properties.ContainsKey("value"));

        // Written again, the totals are the same as for a store that folded both papers in one go.
        await store.UpsertAsync([PaperBBatch()]);
        var again = (await store.GetEvidenceAsync("celltype:msc", "REPORTS_OUTCOME", "outcome:safety"))!.Relationship;
        Assert.Equal(GraphJson.Serialize(both), GraphJson.Serialize(again));
    }

    /// <summary>(improved, worsened, unchanged, not_achieved) of a REPORTS_OUTCOME edge: evidence sentences ("Count") or papers ("Papers").</summary>
    private static (long, long, long, long) Classes(GraphRelationship r, string suffix) =>
        ((long)r.Properties["improved" + suffix]!, (long)r.Properties["worsened" + suffix]!,
         (long)r.Properties["unchanged" + suffix]!, (long)r.Properties["notAchieved" + suffix]!);

    [SkippableFact]
    public async Task Registry_record_is_authoritative_for_trial_properties()
    {
        await using var store = await CreateStoreAsync();
        await store.InitializeAsync();
        await store.UpsertAsync([RegistryIsletBatch()]);
        await store.UpsertAsync([PaperBBatch()]); // a paper's bare trial node must not overwrite the registry's
        var trial = await store.GetNodeAsync(TrialIslet);
        Assert.NotNull(trial);
        Assert.Equal("PHASE1/PHASE2", trial.Properties["phase"]);
        Assert.Equal("RECRUITING", trial.Properties["status"]);
        Assert.Equal("Trial", trial.Label);
    }

    [SkippableFact]
    public async Task A_changed_document_replaces_only_its_own_evidence()
    {
        await using var store = await LoadedAsync();
        var result = await store.UpsertAsync([PaperABatch(withCPeptide: false)]);
        Assert.Equal(UpsertOutcome.Replaced, Assert.Single(result).Outcome);
        Assert.Null(await store.GetEvidenceAsync(TrialTreg, "REPORTS_OUTCOME", "outcome:c-peptide"));
        Assert.Null(await store.GetEvidenceAsync(PaperA, "MENTIONS", "outcome:c-peptide"));
        var shared = await store.GetEvidenceAsync("celltype:treg", "REPORTS_OUTCOME", "outcome:c-peptide");
        Assert.NotNull(shared);
        Assert.Equal(1, shared.Relationship.PaperCount);
        Assert.All(shared.Evidence, e => Assert.Equal(PaperB, e.DocumentId));
        var counts = await store.GetCountsAsync();
        Assert.Equal(6, counts.Relationships["MENTIONS"]);
        Assert.Equal(4, counts.Relationships["REPORTS_OUTCOME"]);
        Assert.Equal("hash-a-2", await store.GetDocumentHashAsync(PaperA));
    }

    [SkippableFact]
    public async Task Deleting_a_paper_removes_it_and_the_evidence_only_it_supported()
    {
        await using var store = await LoadedAsync();
        Assert.True(await store.DeleteDocumentAsync(PaperB));
        Assert.False(await store.DeleteDocumentAsync(PaperB));
        Assert.Null(await store.GetNodeAsync(PaperB));
        Assert.Null(await store.GetDocumentHashAsync(PaperB));
        Assert.Null(await store.GetEvidenceAsync("celltype:sc-islet", "REPORTS_OUTCOME", "outcome:insulin-independence"));
        var shared = await store.GetEvidenceAsync("celltype:treg", "REPORTS_OUTCOME", "outcome:c-peptide");
        Assert.Equal([PaperA], shared!.Relationship.PrimarySources);
        // The trial stays: its registry record still owns it and still supports TESTS.
        Assert.NotNull(await store.GetNodeAsync(TrialIslet));
        var tests = await store.GetEvidenceAsync(TrialIslet, "TESTS", "celltype:sc-islet");
        Assert.Equal([RegistryIslet], tests!.Relationship.PrimarySources);
        var counts = await store.GetCountsAsync();
        Assert.Equal(1, counts.Nodes["Paper"]);
        Assert.Equal(4, counts.Relationships["MENTIONS"]);
        Assert.Equal(1, counts.Relationships["REPORTS_ON"]);
        Assert.Equal(Vocabulary.OfKind("CellType").Count(), counts.Nodes["CellType"]);
    }

    [SkippableFact]
    public async Task A_trial_nothing_refers_to_any_more_is_removed_with_its_last_document()
    {
        await using var store = await LoadedAsync();
        await store.DeleteDocumentAsync(PaperA);
        Assert.NotNull(await store.GetNodeAsync(TrialTreg)); // the registry record still owns it
        await store.DeleteDocumentAsync(RegistryTreg);
        Assert.Null(await store.GetNodeAsync(TrialTreg));
        Assert.Equal(1, (await store.GetCountsAsync()).Nodes["Trial"]);
        Assert.Null(await store.GetEvidenceAsync("celltype:treg", "ACTS_VIA", "mechanism:replacement"));
        Assert.NotNull(await store.GetEvidenceAsync("celltype:treg", "ACTS_VIA", "mechanism:immunomodulation"));
    }

    [SkippableFact]
    public async Task Node_by_id_returns_vocabulary_properties_or_null()
    {
        await using var store = await LoadedAsync();
        var treg = await store.GetNodeAsync("celltype:treg");
        Assert.NotNull(treg);
        Assert.Equal("CellType", treg.Label);
        Assert.Equal("Regulatory T cells", treg.Name);
        Assert.Contains("CL:0000815", (string[])treg.Properties["xrefs"]!);
        Assert.Contains("Tregs", (string[])treg.Properties["synonyms"]!);
        var paper = await store.GetNodeAsync(PaperA);
        Assert.Equal(2024L, paper!.Properties["year"]);
        Assert.Null(await store.GetNodeAsync("celltype:unknown"));
    }

    [SkippableFact]
    public async Task Search_ranks_exact_synonyms_first_and_pages_with_a_cursor()
    {
        await using var store = await LoadedAsync();
        var page = await store.SearchNodesAsync("treg", null, 50, null);
        Assert.Equal("celltype:treg", page.Items[0].Id);
        Assert.Null(page.NextCursor);

        var islets = await store.SearchNodesAsync("islet", "CellType", 50, null);
        Assert.All(islets.Items, n => Assert.Equal("CellType", n.Label));
        Assert.Equal("celltype:islet", islets.Items[0].Id);
        Assert.Contains(islets.Items, n => n.Id == "celltype:sc-islet");

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var p = await store.SearchNodesAsync("islet", "CellType", 1, cursor);
            Assert.True(p.Items.Count <= 1);
            seen.AddRange(p.Items.Select(n => n.Id));
            cursor = p.NextCursor;
        } while (cursor is not null);
        Assert.Equal(islets.Items.Select(n => n.Id), seen);

        Assert.Empty((await store.SearchNodesAsync("no such thing", null, 10, null)).Items);
        var trials = await store.SearchNodesAsync(null, "Trial", 10, null);
        Assert.Equal([TrialTreg, TrialIslet], trials.Items.Select(n => n.Id));
    }

    [SkippableFact]
    public async Task Search_ranks_exact_then_prefix_then_substring_with_ties_by_id_on_every_page()
    {
        await using var store = await LoadedAsync();
        // Ids in an order unlike the ranking, so only the ranking can put them in the expected order.
        (string Id, string Title)[] papers =
        [
            ("paper:pmid:9000", "An Alphaquest study"), ("paper:pmid:9001", "Alphaquest trial"), ("paper:pmid:9002", "The alphaquest"),
            ("paper:pmid:9003", "ALPHAQUEST"), ("paper:pmid:9004", "Alphaquest B"), ("paper:pmid:9005", "Beta only"),
        ];
        await store.UpsertAsync([.. papers.Select(p => new GraphBatch(p.Id, "hash-" + p.Id, p.Id + ".json", [],
            [new GraphNode(p.Id, "Paper", p.Title, new Dictionary<string, object?> { ["title"] = p.Title }) { Authoritative = true }], []))]);
        string[] expected = ["paper:pmid:9003", "paper:pmid:9001", "paper:pmid:9004", "paper:pmid:9000", "paper:pmid:9002"];

        Assert.Equal(expected, (await store.SearchNodesAsync("AlphaQuest", null, 50, null)).Items.Select(n => n.Id));
        Assert.Equal(expected, (await store.SearchNodesAsync("  alphaquest ", "Paper", 50, null)).Items.Select(n => n.Id));
        Assert.Empty((await store.SearchNodesAsync("alphaquest", "CellType", 50, null)).Items);
        var paged = new List<string>();
        string? cursor = null;
        for (var i = 0; i < 10; i++)
        {
            var page = await store.SearchNodesAsync("alphaquest", null, 2, cursor);
            paged.AddRange(page.Items.Select(n => n.Id));
            if ((cursor = page.NextCursor) is null) break;
        }
        Assert.Equal(expected, paged);
        Assert.Equal(["paper:pmid:9000"], (await store.SearchNodesAsync("n alphaq", null, 50, null)).Items.Select(n => n.Id));
    }

    [SkippableFact]
    public async Task Neighbors_follow_depth_and_type_filters_nearest_first()
    {
        await using var store = await LoadedAsync();
        var one = await store.GetNeighborsAsync("celltype:treg", 1, null, 100);
        Assert.NotNull(one);
        Assert.Equal("celltype:treg", one.Nodes[0].Id);
        Assert.Equal(
            new[] { "celltype:treg", "mechanism:immunomodulation", "outcome:c-peptide", PaperA, TrialTreg }.Order(),
            one.Nodes.Select(n => n.Id).Order());
        // Every relationship among the returned nodes is returned, the start node's own ones included.
        var returned = one.Nodes.Select(n => n.Id).ToHashSet();
        Assert.All(one.Relationships, r => Assert.True(returned.Contains(r.From) && returned.Contains(r.To)));
        Assert.Equal(4, one.Relationships.Count(r => r.From == "celltype:treg" || r.To == "celltype:treg"));

        var actsVia = await store.GetNeighborsAsync("celltype:treg", 2, ["ACTS_VIA"], 100);
        Assert.Equal(
            Vocabulary.Concepts.Where(c => c.ActsVia.Contains("mechanism:immunomodulation")).Select(c => c.Id)
                .Append("mechanism:immunomodulation").Order(),
            actsVia!.Nodes.Select(n => n.Id).Order());
        Assert.All(actsVia.Relationships, r => Assert.Equal("ACTS_VIA", r.Type));

        var limited = await store.GetNeighborsAsync("celltype:treg", 3, null, 3);
        Assert.Equal(3, limited!.Nodes.Count);
        Assert.Null(await store.GetNeighborsAsync("celltype:unknown", 1, null, 10));
    }

    [SkippableFact]
    public async Task Shortest_path_respects_max_hops()
    {
        await using var store = await LoadedAsync();
        var path = await store.FindShortestPathAsync("celltype:msc", "outcome:c-peptide", 4);
        Assert.NotNull(path);
        Assert.Equal(3, path.Length);
        Assert.Equal("celltype:msc", path.Nodes[0].Id);
        Assert.Equal("outcome:c-peptide", path.Nodes[^1].Id);
        Assert.Equal(path.Length + 1, path.Nodes.Count);
        for (var i = 0; i < path.Length; i++)
        {
            var r = path.Relationships[i];
            var ends = new[] { path.Nodes[i].Id, path.Nodes[i + 1].Id };
            Assert.Contains(r.From, ends);
            Assert.Contains(r.To, ends);
        }
        Assert.Null(await store.FindShortestPathAsync("celltype:msc", "outcome:c-peptide", 2));
        var direct = await store.FindShortestPathAsync(TrialTreg, "celltype:treg", 3);
        Assert.Equal(1, direct!.Length);
        Assert.Null(await store.FindShortestPathAsync("celltype:msc", "celltype:unknown", 3));
    }

    [SkippableFact]
    public async Task Cell_types_by_mechanism_include_narrower_mechanisms_with_trials_and_outcomes()
    {
        await using var store = await LoadedAsync();
        var replacement = await store.GetCellTypesAsync("mechanism:replacement");
        var narrower = Vocabulary.Concepts.Where(c => c.Broader == "mechanism:replacement").Select(c => c.Id).Append("mechanism:replacement").ToHashSet();
        Assert.Equal(
            Vocabulary.OfKind("CellType").Where(c => c.ActsVia.Any(narrower.Contains)).Select(c => c.Id).Order(StringComparer.Ordinal),
            replacement.Select(c => c.Id));
        var sc = replacement.Single(c => c.Id == "celltype:sc-islet");
        Assert.Equal(1, sc.TrialCount);
        Assert.Equal([TrialIslet], sc.Trials);
        var outcome = Assert.Single(sc.Outcomes);
        Assert.Equal("outcome:insulin-independence", outcome.OutcomeId);
        Assert.Equal((1, 1, 2), (outcome.PositiveEvidence, outcome.NegativeEvidence, outcome.EvidenceCount));

        var immuno = await store.GetCellTypesAsync("mechanism:immunomodulation");
        var treg = immuno.Single(c => c.Id == "celltype:treg");
        Assert.Equal(["mechanism:immunomodulation"], treg.Mechanisms);
        Assert.Equal([TrialTreg], treg.Trials);
        Assert.DoesNotContain(immuno, c => c.Id == "celltype:sc-islet");
        Assert.Equal(Vocabulary.OfKind("CellType").Count(), (await store.GetCellTypesAsync(null)).Count);
    }

    [SkippableFact]
    public async Task A_cell_type_read_by_id_equals_its_entry_in_the_list_and_unknown_ids_are_null()
    {
        await using var store = await LoadedAsync();
        var listed = (await store.GetCellTypesAsync(null)).Single(c => c.Id == "celltype:sc-islet");

        var one = await store.GetCellTypeAsync("celltype:sc-islet");

        Assert.NotNull(one);
        Assert.Equal((listed.Id, listed.Name, listed.TrialCount), (one.Id, one.Name, one.TrialCount));
        Assert.Equal(listed.Mechanisms, one.Mechanisms);
        Assert.Equal(listed.Trials, one.Trials);
        Assert.Equal(listed.Outcomes, one.Outcomes);
        Assert.Null(await store.GetCellTypeAsync("celltype:no-such"));
        Assert.Null(await store.GetCellTypeAsync("outcome:hba1c"));
    }

    [SkippableFact]
    public async Task Trials_filter_by_mechanism_cell_type_phase_and_status()
    {
        await using var store = await LoadedAsync();
        async Task<string[]> Ids(TrialFilter f) => [.. (await store.GetTrialsAsync(f, 100, null)).Items.Select(t => t.Id)];
        Assert.Equal([TrialTreg, TrialIslet], await Ids(new TrialFilter()));
        Assert.Equal([TrialIslet], await Ids(new TrialFilter(Mechanism: "mechanism:replacement")));
        Assert.Equal([TrialTreg], await Ids(new TrialFilter(Mechanism: "mechanism:immunomodulation")));
        Assert.Equal([TrialIslet], await Ids(new TrialFilter(CellType: "celltype:insulin-producing")));
        Assert.Equal([TrialTreg], await Ids(new TrialFilter(CellType: "celltype:treg")));
        Assert.Equal([TrialIslet], await Ids(new TrialFilter(Phase: "2")));
        Assert.Equal([TrialTreg, TrialIslet], await Ids(new TrialFilter(Phase: "Phase 1")));
        Assert.Equal([TrialTreg], await Ids(new TrialFilter(Status: "completed")));
        Assert.Empty(await Ids(new TrialFilter(Mechanism: "mechanism:immunomodulation", Phase: "PHASE2")));

        var islet = (await store.GetTrialsAsync(new TrialFilter(CellType: "celltype:sc-islet"), 10, null)).Items.Single();
        Assert.Equal("PHASE1/PHASE2", islet.Phase);
        Assert.Equal("RECRUITING", islet.Status);
        Assert.Equal(["celltype:sc-islet"], islet.CellTypes);
        Assert.Equal(["mechanism:replacement"], islet.Mechanisms);
        Assert.Equal(["outcome:insulin-independence"], islet.Outcomes.Select(o => o.OutcomeId));

        var first = await store.GetTrialsAsync(new TrialFilter(), 1, null);
        Assert.Equal([TrialTreg], first.Items.Select(t => t.Id));
        Assert.NotNull(first.NextCursor);
        var second = await store.GetTrialsAsync(new TrialFilter(), 1, first.NextCursor);
        Assert.Equal([TrialIslet], second.Items.Select(t => t.Id));
        Assert.Null(second.NextCursor);
    }

    [SkippableFact]
    public async Task Export_holds_every_node_and_relationship_and_batches_round_trip()
    {
        await using var store = await LoadedAsync();
        var export = await store.ExportAsync();
        var counts = await store.GetCountsAsync();
        Assert.Equal(counts.Nodes.Values.Sum(), export.Nodes.Count);
        Assert.Equal(counts.Relationships.Values.Sum(), export.Relationships.Count);
        Assert.Equal(export.Nodes.Count, export.Nodes.Select(n => n.Id).Distinct().Count());
        Assert.Equal(export.Relationships.Count, Keys(export.Relationships).Distinct().Count());

        var batches = new List<GraphBatch>();
        await foreach (var b in store.ExportBatchesAsync()) batches.Add(b);
        Assert.Equal(new[] { PaperA, PaperB, RegistryTreg, RegistryIslet }.Order(StringComparer.Ordinal), batches.Select(b => b.DocumentId));

        // Copying the batches into a second store yields the same graph.
        await using var copy = await CreateStoreAsync();
        await copy.InitializeAsync();
        await copy.UpsertAsync(batches);
        var copied = await copy.ExportAsync();
        Assert.Equal(export.Nodes.Select(n => n.Id), copied.Nodes.Select(n => n.Id));
        Assert.Equal(Keys(export.Relationships), Keys(copied.Relationships));
        Assert.Equal(export.Relationships.Select(r => r.EvidenceCount), copied.Relationships.Select(r => r.EvidenceCount));
    }

    [SkippableFact]
    public async Task Ingestion_ledger_records_and_lists_by_status()
    {
        await using var store = await CreateStoreAsync();
        await store.InitializeAsync();
        var now = DateTimeOffset.Parse("2026-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture);
        await store.UpsertIngestionAsync(new IngestionRecord("a.xml", "e1", "h1", IngestionStatus.Received, null, 1, [], now));
        await store.UpsertIngestionAsync(new IngestionRecord("a.xml", "e1", "h1", IngestionStatus.Ingested, null, 1, [PaperA], now));
        await store.UpsertIngestionAsync(new IngestionRecord("b.pdf", "e2", null, IngestionStatus.Failed, "no text layer", 3, [], now));
        await store.UpsertIngestionAsync(new IngestionRecord("c.txt", "e3", "h3", IngestionStatus.Failed, "empty", 3, [], now));

        var a = await store.GetIngestionAsync("a.xml");
        Assert.Equal(IngestionStatus.Ingested, a!.Status);
        Assert.Equal([PaperA], a.DocumentIds);
        Assert.Equal(now, a.UpdatedAt);
        Assert.Null(await store.GetIngestionAsync("missing"));

        var failed = await store.ListIngestionsAsync(IngestionStatus.Failed, 1, null);
        Assert.Equal("b.pdf", Assert.Single(failed.Items).Name);
        Assert.Equal("no text layer", failed.Items[0].Reason);
        var rest = await store.ListIngestionsAsync(IngestionStatus.Failed, 1, failed.NextCursor);
        Assert.Equal("c.txt", Assert.Single(rest.Items).Name);
        Assert.Null(rest.NextCursor);
        Assert.Equal(3, (await store.ListIngestionsAsync(null, 10, null)).Items.Count);
    }

    [SkippableFact]
    public async Task Labels_and_types_outside_the_schema_are_refused()
    {
        await using var store = await CreateStoreAsync();
        await store.InitializeAsync();
        var bad = new GraphBatch("paper:x", "h", "x", [], [new GraphNode("x", "Person) DETACH DELETE (n", "x", new Dictionary<string, object?>())], []);
        await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync([bad]));
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetEvidenceAsync("a", "KNOWS", "b"));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SearchNodesAsync("x", "Person", 10, null));
    }

    private static IEnumerable<(string, string, string)> Keys(IEnumerable<GraphRelationship> rels) => rels.Select(r => (r.From, r.Type, r.To));
}
