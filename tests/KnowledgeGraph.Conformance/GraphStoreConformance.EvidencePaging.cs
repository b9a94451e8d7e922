using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Conformance;

/// <summary>Evidence read a page at a time (issue 18): the pages, followed by their cursors, are the whole evidence in
/// its order, whatever the page size, and the relationship (with its total) is the same on every page.</summary>
public abstract partial class GraphStoreConformance
{
    private const string Hub = "celltype:islet";
    private const string HubOutcome = "outcome:insulin-independence";

    /// <summary>Papers supporting one edge with one to three sentences each, under ids out of insertion order.</summary>
    private static IEnumerable<GraphBatch> HubPapers(int papers)
    {
        for (var i = 0; i < papers; i++)
        {
            var id = $"paper:pmid:{9000 + (i * 7 % papers)}";
            var sentences = Enumerable.Range(0, 1 + i % 3)
                .Select(k => new EvidenceSentence(id, $"Islets gave insulin independence ({i}.{k}).", 0, 6, "Abstract", "test/1", "improved", null, false, false))
                .ToList();
            yield return new GraphBatch(id, "h" + i, id + ".json", [id.Replace("paper:pmid:", "PMID:", StringComparison.Ordinal)],
                [new GraphNode(id, "Paper", "Paper " + i, new Dictionary<string, object?> { ["title"] = "Paper " + i }) { Authoritative = true }],
                [new GraphEdge(Hub, "REPORTS_OUTCOME", HubOutcome, GraphEdge.TextMiningAgent, sentences, new Dictionary<string, object?> { ["vote"] = "improved" })]);
        }
    }

    [SkippableFact]
    public async Task Evidence_pages_followed_by_their_cursors_are_the_whole_evidence_in_order()
    {
        await using var store = await CreateStoreAsync();
        await store.InitializeAsync();
        await store.UpsertAsync([.. HubPapers(23)]);
        var whole = await store.GetEvidenceAsync(Hub, "REPORTS_OUTCOME", HubOutcome);
        Assert.NotNull(whole);
        Assert.Equal(45, whole.Evidence.Count); // 1, 2, 3 sentences cycling over 23 papers
        foreach (var limit in new[] { 1, 2, 5, 45, 100 })
        {
            var read = new List<EvidenceSentence>();
            string? cursor = null;
            var pages = 0;
            do
            {
                var page = await store.GetEvidencePageAsync(Hub, "REPORTS_OUTCOME", HubOutcome, limit, cursor);
                Assert.NotNull(page);
                Assert.True(page.Evidence.Count <= limit);
                Assert.Equal(whole.Relationship.EvidenceCount, page.Relationship.EvidenceCount);
                Assert.Equal(whole.Relationship.PrimarySources, page.Relationship.PrimarySources);
                read.AddRange(page.Evidence);
                cursor = page.NextCursor;
                Assert.True(cursor is null || page.Evidence.Count == limit, "only the last page may be short");
            }
            while (cursor is not null && ++pages < 100);
            Assert.Equal(whole.Evidence.Select(e => (e.DocumentId, e.Text)), read.Select(e => (e.DocumentId, e.Text)));
        }
    }

    [SkippableFact]
    public async Task Evidence_page_of_a_missing_edge_is_null_and_a_foreign_cursor_is_refused()
    {
        await using var store = await LoadedAsync();
        Assert.Null(await store.GetEvidencePageAsync("outcome:c-peptide", "REPORTS_OUTCOME", "celltype:treg", 10, null));
        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            store.GetEvidencePageAsync("celltype:treg", "REPORTS_OUTCOME", "outcome:c-peptide", 10, PageCursor.EncodeOffset(1)));
    }
}
