using System.Text.Json;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;
using KnowledgeGraph.Core.Trials;
using static KnowledgeGraph.Conformance.ConformanceGraph;
using static KnowledgeGraph.Conformance.TrialTableGraph;

namespace KnowledgeGraph.Conformance;

/// <summary>Trial cards, the evidence table and the mechanism x outcome matrix (issue 16), exact on the fixed graph.</summary>
public abstract partial class GraphStoreConformance
{
    private async Task<IGraphStore> TrialTableAsync()
    {
        var store = await LoadedAsync();
        await store.UpsertAsync(TrialTableGraph.All);
        return store;
    }

    [SkippableFact]
    public async Task Nodes_and_edges_are_read_by_id_and_type_with_evidence_in_key_order()
    {
        await using var store = await TrialTableAsync();

        var nodes = await store.GetNodesAsync([TrialVc01, "product:vx-880", "nope", TrialIslet]);
        Assert.Equal(["product:vx-880", TrialVc01, TrialIslet], nodes.Select(n => n.Id));

        var edges = await store.GetEdgesAsync(new EdgeQuery([TrialVc01, TrialIslet], ["PROTECTED_BY", "USES_PRODUCT"]));
        Assert.Equal([(TrialVc01, "PROTECTED_BY", "protection:encapsulation-device"), (TrialVc01, "USES_PRODUCT", "product:vc-01"),
            (TrialIslet, "PROTECTED_BY", "protection:tacrolimus"), (TrialIslet, "USES_PRODUCT", "product:vx-880")],
            edges.Select(e => (e.Relationship.From, e.Relationship.Type, e.Relationship.To)));
        Assert.Equal("tacrolimus", Assert.Single(edges[2].Evidence).Text[60..70]);

        var incoming = await store.GetEdgesAsync(new EdgeQuery([TrialTreg], ["REPORTS_ON"], Incoming: true, WithEvidence: false));
        Assert.Equal([PaperA, PaperC], incoming.Select(e => e.Relationship.From));
        Assert.All(incoming, e => Assert.Empty(e.Evidence));
        var vocabulary = await store.GetEdgesAsync(new EdgeQuery(["product:vx-880", "protection:tacrolimus"], ["MADE_OF", "BROADER"], WithEvidence: false));
        Assert.Equal([("product:vx-880", "MADE_OF", "celltype:sc-islet"), ("protection:tacrolimus", "BROADER", "protection:immunosuppression")],
            vocabulary.Select(e => (e.Relationship.From, e.Relationship.Type, e.Relationship.To)));
        Assert.Throws<ArgumentException>(() => { store.GetNodesAsync([.. Enumerable.Range(0, EdgeQuery.MaxNodes + 1).Select(i => $"n{i}")]).GetAwaiter().GetResult(); });
    }

    [SkippableFact]
    public async Task Asking_for_edges_of_a_type_the_schema_does_not_have_is_refused_not_answered_empty()
    {
        await using var store = await TrialTableAsync();

        // A misspelt type is the caller's mistake: an empty answer would read as "no such edges".
        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.GetEdgesAsync(new EdgeQuery([TrialVc01], ["USES_PRODUCT", "USES_PRODUKT"])));
        Assert.Contains("USES_PRODUKT", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Trial_card_holds_registry_facts_with_their_fields_and_every_link_with_its_source()
    {
        await using var store = await TrialTableAsync();

        var card = await store.GetTrialCardAsync(TrialIslet);

        Assert.NotNull(card);
        Assert.Equal(("NCT04786262", "VX-880 in T1D", RegistryIslet), (card.RegistryId, card.Name, card.RegistrySource));
        Assert.Equal(JsonSerializer.Serialize(IsletRecord), JsonSerializer.Serialize(card.Record));
        var status = card.Facts.Single(f => f.Name == "status");
        Assert.Equal(("ACTIVE_NOT_RECRUITING", RegistryIslet, "protocolSection.statusModule.overallStatus"), (status.Value, status.Source, status.Field));
        Assert.Equal("FORWARD", card.Facts.Single(f => f.Name == "acronym").Value);
        Assert.Contains(card.Facts, f => f.Name == "adverseEvents" && f.Field == "resultsSection.adverseEventsModule");
        Assert.Equal(["product:vx-880"], card.Products.Select(p => p.Id));
        Assert.Equal([RegistryIslet], card.Products[0].Sources);
        Assert.Equal(["celltype:sc-islet"], card.CellTypes.Select(c => c.Id));
        var mechanism = Assert.Single(card.Mechanisms);
        Assert.Equal(("mechanism:replacement", "celltype:sc-islet"), (mechanism.Id, mechanism.Via));
        Assert.Equal(["protection:tacrolimus"], card.Protections.Select(p => p.Id));
        Assert.Equal(["site:hepatic-portal-vein"], card.DeliverySites.Select(p => p.Id));
        Assert.Equal([("outcome:insulin-independence", true)], card.OutcomesMeasured.Select(o => (o.Id, o.Primary == true)));

        var registry = card.Findings.Where(f => f.SourceKind == "registry").ToList();
        Assert.Equal(["outcome:insulin-independence", "outcome:safety"], registry.Select(f => f.OutcomeId));
        Assert.Equal(("VX-880: 10 of 12 Participants", IsletResultText), (registry[0].Value, registry[0].Text));
        Assert.Equal(new EdgeRef(TrialIslet, "REPORTS_OUTCOME", "outcome:insulin-independence"), registry[0].Evidence);
        var papers = card.Findings.Where(f => f.SourceKind == "paper").ToList();
        Assert.Equal((PaperB, "10 of 12", "improved"), (papers[0].DocumentId, papers[0].Value, papers[0].Polarity));
        // Paper B reports on this trial only, so its negated sentence about the trial's cell type is a finding too.
        Assert.Equal((PaperB, true, new EdgeRef("celltype:sc-islet", "REPORTS_OUTCOME", "outcome:insulin-independence")),
            (papers[1].DocumentId, papers[1].Negated, papers[1].Evidence));
        Assert.Equal(2, papers.Count);

        Assert.Equal([(PaperB, true, "text"), (ReferencedPaper, false, "registry reference")],
            card.Papers.Select(p => (p.Id, p.InGraph, string.Join("+", p.Via))));
        Assert.Equal(["0.8 × 10^9 cells"], card.Stated.Select(s => s.Value));
        Assert.Empty(card.Flags);
    }

    [SkippableFact]
    public async Task Trial_card_of_an_unknown_trial_is_null_and_a_paper_only_trial_has_no_registry_facts()
    {
        await using var store = await TrialTableAsync();
        await store.DeleteDocumentAsync(RegistryTreg);

        Assert.Null(await store.GetTrialCardAsync("trial:NCT99999999"));
        Assert.Null(await store.GetTrialCardAsync("celltype:treg"));
        var card = await store.GetTrialCardAsync(TrialTreg);
        Assert.NotNull(card);
        Assert.Null(card.Record);
        Assert.Null(card.RegistrySource);
        Assert.Empty(card.Facts);
        Assert.Equal([PaperA, PaperC], card.Papers.Select(p => p.Id));
        Assert.Equal([("Fourteen adults", TreatedSentence)], card.Stated.Select(s => (s.Value, s.Sentence)));
        Assert.Equal(["source:autologous"], card.CellSources.Select(s => s.Id));
        Assert.Equal([PaperC], card.CellSources[0].Sources);
    }

    [SkippableFact]
    public async Task A_completed_trial_without_posted_results_or_a_paper_is_flagged()
    {
        await using var store = await TrialTableAsync();

        Assert.Equal([TrialCards.CompletedWithoutResults], (await store.GetTrialCardAsync(TrialVc01))!.Flags);
        Assert.Empty((await store.GetTrialCardAsync(TrialTreg))!.Flags); // completed, but papers report on it
    }

    [SkippableFact]
    public async Task Evidence_table_has_one_row_per_trial_and_outcome_with_attributes_findings_and_sources()
    {
        await using var store = await TrialTableAsync();

        var page = await store.GetEvidenceTableAsync(new EvidenceTableFilter(), 50, null);

        Assert.Null(page.NextCursor);
        Assert.Equal([
            (TrialTreg, "outcome:c-peptide"), (TrialVc01, "outcome:c-peptide"),
            (TrialIslet, "outcome:insulin-independence"), (TrialIslet, "outcome:safety"),
        ], page.Items.Select(r => (r.TrialId, r.Outcome?.Id)));
        var islet = page.Items.Single(r => r.TrialId == TrialIslet && r.Outcome!.Id == "outcome:insulin-independence");
        Assert.Equal(("PHASE1/PHASE2", "ACTIVE_NOT_RECRUITING", 37, "ESTIMATED"), (islet.Phase, islet.Status, islet.Enrollment, islet.EnrollmentType));
        Assert.Equal(["product:vx-880"], islet.Products.Select(p => p.Id));
        Assert.Equal(["mechanism:replacement"], islet.Mechanisms.Select(p => p.Id));
        Assert.Equal(["protection:tacrolimus"], islet.Protections.Select(p => p.Id));
        Assert.Equal((true, (bool?)true), (islet.Measured, islet.Primary));
        Assert.Equal(["VX-880: 10 of 12 Participants", "10 of 12", null], islet.Findings.Select(f => f.Value));
        Assert.Equal([RegistryIslet, PaperB], islet.Sources);
        // Paper B's two sentences (10 of 12 insulin independent; not achieved without immunosuppression) are one vote,
        // improved, as on its finding edges: the row is positive, not mixed.
        Assert.Equal("positive", islet.Direction);
        Assert.Equal(["0.8 × 10^9 cells"], islet.Doses);
        var treg = page.Items.Single(r => r.TrialId == TrialTreg);
        Assert.Equal(["Fourteen adults"], treg.Patients);
        Assert.Equal(["source:autologous"], treg.CellSources.Select(s => s.Id));
        var vc01 = page.Items.Single(r => r.TrialId == TrialVc01);
        Assert.Equal([TrialCards.CompletedWithoutResults], vc01.Flags);
        Assert.Equal((0, (string?)null), (vc01.Findings.Count, vc01.Direction));
        Assert.Equal((19, "ACTUAL"), (vc01.Enrollment, vc01.EnrollmentType));
    }

    [SkippableFact]
    public async Task Evidence_table_filters_by_product_protection_outcome_phase_mechanism_and_trial()
    {
        await using var store = await TrialTableAsync();
        async Task<IEnumerable<(string, string?)>> Rows(EvidenceTableFilter f) =>
            (await store.GetEvidenceTableAsync(f, 50, null)).Items.Select(r => (r.TrialId, r.Outcome?.Id));

        Assert.Equal([(TrialIslet, "outcome:insulin-independence"), (TrialIslet, "outcome:safety")], await Rows(new(Product: "vx-880")));
        // Tacrolimus is an immunosuppressive agent: the broader protection selects it.
        Assert.Equal([TrialIslet], (await Rows(new(Protection: "protection:immunosuppression"))).Select(r => r.Item1).Distinct());
        Assert.Equal([TrialVc01], (await Rows(new(Protection: "encapsulation-device"))).Select(r => r.Item1).Distinct());
        Assert.Empty(await Rows(new(Protection: "none")));
        Assert.Equal([(TrialTreg, "outcome:c-peptide"), (TrialVc01, "outcome:c-peptide")], await Rows(new(Outcome: "c-peptide")));
        Assert.Equal([TrialVc01, TrialIslet], (await Rows(new(Phase: "2"))).Select(r => r.Item1).Distinct());
        Assert.Equal([TrialTreg], (await Rows(new(Mechanism: "mechanism:immunomodulation"))).Select(r => r.Item1).Distinct());
        Assert.Equal([TrialVc01], (await Rows(new(Status: "completed", Mechanism: "replacement"))).Select(r => r.Item1).Distinct());
        Assert.Equal([(TrialIslet, "outcome:safety")], await Rows(new(Trial: "nct04786262", Outcome: "safety")));
    }

    [SkippableFact]
    public async Task Evidence_table_pages_by_trial_and_every_trial_appears_once()
    {
        await using var store = await TrialTableAsync();
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await store.GetEvidenceTableAsync(new EvidenceTableFilter(), 1, cursor);
            Assert.Single(page.Items.Select(r => r.TrialId).Distinct());
            seen.AddRange(page.Items.Select(r => r.TrialId).Distinct());
            cursor = page.NextCursor;
        }
        while (cursor is not null && ++pages < 10);
        Assert.Equal([TrialTreg, TrialVc01, TrialIslet], seen);
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetEvidenceTableAsync(new EvidenceTableFilter(), 1, "not-a-cursor"));
    }

    [SkippableFact]
    public async Task Matrix_counts_trials_papers_patients_and_the_direction_per_mechanism_and_outcome()
    {
        await using var store = await TrialTableAsync();

        var matrix = await store.GetOutcomeMatrixAsync(new EvidenceTableFilter());

        Assert.Equal(3, matrix.TrialCount);
        Assert.False(matrix.Truncated);
        Assert.Equal(["mechanism:immunomodulation", "mechanism:replacement"], matrix.Mechanisms.Select(m => m.Id));
        var replacement = matrix.Cells.Single(c => c.MechanismId == "mechanism:replacement" && c.OutcomeId == "outcome:insulin-independence");
        // Paper B's sentence is on both the trial and the cell type edge: one paper, one vote (improved), whatever its
        // other sentence says; counts are papers by vote.
        Assert.Equal((1, 1, 0L, 1, 0, "positive"), (replacement.Trials, replacement.Papers, replacement.Patients, replacement.Positive, replacement.Negative, replacement.Direction));
        Assert.Equal([TrialIslet], replacement.TrialIds);
        var safety = matrix.Cells.Single(c => c.MechanismId == "mechanism:replacement" && c.OutcomeId == "outcome:safety");
        Assert.Equal((1, 0, "unclear"), (safety.Trials, safety.Papers, safety.Direction));
        var treg = matrix.Cells.Single(c => c.MechanismId == "mechanism:immunomodulation" && c.OutcomeId == "outcome:c-peptide");
        Assert.Equal((1, 2, 14L, 1, 0, 1, "positive"), (treg.Trials, treg.Papers, treg.Patients, treg.Positive, treg.Negative, treg.Neutral, treg.Direction));

        var filtered = await store.GetOutcomeMatrixAsync(new EvidenceTableFilter(Product: "product:vx-880"));
        Assert.Equal(1, filtered.TrialCount);
        Assert.Equal(["outcome:insulin-independence", "outcome:safety"], filtered.Cells.Select(c => c.OutcomeId));
        Assert.Equal(1, filtered.Cells[0].Papers); // trial findings only: a paper about a cell type is not about a product
    }
}

/// <summary>Papers linked only through a registry reference (issue 16).</summary>
public abstract partial class GraphStoreConformance
{
    [SkippableFact]
    public async Task A_paper_the_registry_lists_as_its_result_brings_its_findings_and_numbers_to_the_trial()
    {
        await using var store = await TrialTableAsync();
        await store.UpsertAsync([ReferencedPaperGraph.Batch()]);

        var card = (await store.GetTrialCardAsync(TrialIslet))!;

        var linked = Assert.Single(card.Papers, p => p.Id == ReferencedPaper);
        Assert.Equal((true, "registry reference"), (linked.InGraph, string.Join("+", linked.Via)));
        var finding = Assert.Single(card.Findings, f => f.OutcomeId == "outcome:graft-function");
        Assert.Equal((ReferencedPaper, "paper", "improved"), (finding.DocumentId, finding.SourceKind, finding.Polarity));
        Assert.Equal(new EdgeRef("celltype:sc-islet", "REPORTS_OUTCOME", "outcome:graft-function"), finding.Evidence);
        Assert.Contains(card.Stated, s => s is { Kind: "patients", Value: "twelve recipients", Number: 12 });
        // Paper B's sentence that is both a trial and a cell-type finding is listed once.
        var fromB = card.Findings.Where(f => f.DocumentId == PaperB).ToList();
        Assert.Equal(fromB.Count, fromB.Select(f => f.Text).Distinct().Count());
        Assert.Contains((await store.GetEvidenceTableAsync(new EvidenceTableFilter(Outcome: "graft-function"), 10, null)).Items, r => r.TrialId == TrialIslet);
    }

    [SkippableFact]
    public async Task Edges_restricted_to_documents_hold_only_those_documents_contributions()
    {
        await using var store = await TrialTableAsync();
        await store.UpsertAsync([ReferencedPaperGraph.Batch()]);

        var edges = await store.GetEdgesAsync(new EdgeQuery(["celltype:sc-islet", "celltype:treg"], ["REPORTS_OUTCOME"], Documents: [ReferencedPaper, PaperA]));

        Assert.Equal([("celltype:sc-islet", "outcome:graft-function", 1), ("celltype:treg", "outcome:c-peptide", 1)],
            edges.Select(e => (e.Relationship.From, e.Relationship.To, e.Relationship.PaperCount)));
        Assert.Equal([PaperA], edges[1].Relationship.PrimarySources); // Paper B's share of the same edge is left out
        Assert.All(edges, e => Assert.Single(e.Evidence));
        Assert.Empty(await store.GetEdgesAsync(new EdgeQuery(["celltype:treg"], ["REPORTS_OUTCOME"], Documents: [])));
        await Assert.ThrowsAsync<ArgumentException>(() => store.GetEdgesAsync(new EdgeQuery([TrialTreg], ["REPORTS_ON"], Incoming: true, Documents: [PaperA])));
    }
}
