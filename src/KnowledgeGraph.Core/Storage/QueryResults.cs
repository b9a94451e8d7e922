using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Core.Storage;

/// <summary>A page of results; pass <see cref="NextCursor"/> back to get the next one (null: no more).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>Nodes and the relationships between them (neighbourhoods, exports).</summary>
public sealed record Subgraph(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphRelationship> Relationships);

/// <summary>A path: <c>Nodes[i] - Relationships[i] - Nodes[i+1]</c> (relationships keep their stored direction).</summary>
public sealed record GraphPath(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphRelationship> Relationships)
{
    public int Length => Relationships.Count;
}

/// <summary>An outcome reported for a cell type or trial, with evidence counted by polarity.</summary>
public sealed record OutcomeSummary(string OutcomeId, string Name, int PositiveEvidence, int NegativeEvidence, int EvidenceCount);

/// <summary>A trial in a list: registry properties plus the cell types it tests.</summary>
public sealed record TrialSummary(
    string Id,
    string Name,
    string? Phase,
    string? Status,
    IReadOnlyList<string> CellTypes,
    IReadOnlyList<string> Mechanisms,
    IReadOnlyList<OutcomeSummary> Outcomes);

/// <summary>A cell type with the mechanisms it acts via, the trials that test it and the outcomes reported for it.</summary>
/// <param name="TrialCount">Every trial that tests the cell type.</param>
/// <param name="Trials">The first <see cref="MaxListedTrials"/> of those trial ids in id order (all of them when there
/// are no more): a hub cell type is tested by thousands of trials at a million papers, and listing them all made every
/// cell-type read linear in the corpus (issue 18). Page the rest with <see cref="IGraphStore.GetTrialsAsync"/>.</param>
public sealed record CellTypeSummary(
    string Id,
    string Name,
    IReadOnlyList<string> Mechanisms,
    int TrialCount,
    IReadOnlyList<string> Trials,
    IReadOnlyList<OutcomeSummary> Outcomes)
{
    /// <summary>How many trial ids a cell type summary lists at most.</summary>
    public const int MaxListedTrials = 50;
}

/// <summary>Totals over every trial testing a cell type that acts via a mechanism (or a narrower one), read set-based
/// by the store rather than by listing the trials.</summary>
/// <param name="TrialCount">Distinct trials.</param>
/// <param name="TrialsByPhase">Trials per phase as the trial lists show it ("unknown" when it has none), by phase.</param>
/// <param name="Outcomes">Outcomes those trials report, evidence summed per outcome over the trials' edges, most evidence first.</param>
public sealed record TrialStats(int TrialCount, IReadOnlyDictionary<string, int> TrialsByPhase, IReadOnlyList<OutcomeSummary> Outcomes);

/// <summary>Filters for <see cref="IGraphStore.GetTrialsAsync"/>; null means any.</summary>
/// <param name="Mechanism">A mechanism id; matches trials testing a cell type that acts via it or a narrower one.</param>
public sealed record TrialFilter(string? Mechanism = null, string? CellType = null, string? Phase = null, string? Status = null);

/// <summary>The evidence behind one stored edge.</summary>
public sealed record EdgeEvidence(GraphRelationship Relationship, IReadOnlyList<EvidenceSentence> Evidence);

/// <summary>Counts by node label and relationship type (every schema label and type present, zero when absent).</summary>
public sealed record GraphCounts(IReadOnlyDictionary<string, long> Nodes, IReadOnlyDictionary<string, long> Relationships);

/// <summary>What writing one batch did.</summary>
public sealed record UpsertResult(string DocumentId, UpsertOutcome Outcome, int NodesCreated, int RelationshipsCreated, int EvidenceAdded);

public enum UpsertOutcome
{
    Added,
    Replaced,
    Unchanged,
}
