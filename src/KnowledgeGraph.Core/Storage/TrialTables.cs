using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Trials;

namespace KnowledgeGraph.Core.Storage;

/// <summary>The edges of one or more nodes, for composing trial cards (<see cref="IGraphStore.GetEdgesAsync"/>).</summary>
/// <param name="NodeIds">The nodes whose edges are wanted (at most <see cref="MaxNodes"/>).</param>
/// <param name="Types">Only these relationship types (schema types; at least one).</param>
/// <param name="Incoming">False: edges from the nodes; true: edges to them.</param>
/// <param name="WithEvidence">Whether to return each edge's evidence sentences (otherwise an empty list).</param>
/// <param name="Documents">When set (outgoing edges only, at most <see cref="MaxNodes"/>): only the contributions of these
/// documents, each edge aggregated over them alone, and only edges they contribute to: "what these papers say about
/// these cell types" without reading a hub edge's thousands of other papers.</param>
public sealed record EdgeQuery(IReadOnlyCollection<string> NodeIds, IReadOnlyCollection<string> Types, bool Incoming = false, bool WithEvidence = true,
    IReadOnlyCollection<string>? Documents = null)
{
    public const int MaxNodes = 1_000;
}

/// <summary>A concept a trial is linked to (cell type, product, site...), with the documents that support the link.</summary>
/// <param name="Sources">Documents behind the link: <c>registry:NCT..</c> for the registry record, paper ids for papers,
/// <c>kg:vocabulary</c> for a link that follows from the vocabulary (a product's cell type, a cell type's mechanism).</param>
/// <param name="Via">For a mechanism: the cell type it comes through; for a cell type known only from a product: the product.</param>
/// <param name="Primary">For a measured outcome: whether the registry lists it as a primary outcome.</param>
public sealed record ConceptLink(string Id, string Name, IReadOnlyList<string> Sources, string AgentType, string? Via = null, bool? Primary = null);

/// <summary>One fact of a trial card with where it comes from: the document (the registry record) and its field.</summary>
public sealed record TrialFact(string Name, object? Value, string Source, string? Field);

/// <summary>A finding on an outcome: a posted registry result or a paper sentence, with its value and direction.</summary>
/// <param name="SourceKind"><c>registry</c> (posted results) or <c>paper</c>.</param>
/// <param name="Evidence">The edge whose evidence this is (<c>GET /api/evidence?from=..&amp;type=..&amp;to=..</c>).</param>
public sealed record TrialFinding(
    string OutcomeId,
    string OutcomeName,
    string DocumentId,
    string SourceKind,
    string Text,
    string? Value,
    string? Polarity,
    bool Negated,
    bool Speculative,
    string Section,
    EdgeRef Evidence);

/// <summary>A stored edge, by its key.</summary>
public sealed record EdgeRef(string From, string Type, string To);

/// <summary>A paper linked to the trial: <c>text</c> (the paper names the trial id), <c>registry reference</c> (the
/// registry lists it as a RESULT or DERIVED reference), or both.</summary>
public sealed record LinkedPaper(string Id, string Name, string? Url, bool InGraph, IReadOnlyList<string> Via);

/// <summary>
/// Everything the graph knows about one trial, each fact with its source: the registry facts (with the record field
/// they come from), the record as read (arms, interventions, references, posted results), the concepts it is linked
/// to, findings with values, the doses / patient numbers / follow-up stated in its texts and papers, the papers that
/// report on it, and flags (<see cref="TrialCards.CompletedWithoutResults"/>).
/// </summary>
public sealed record TrialCard(
    string Id,
    string RegistryId,
    string Name,
    string? Phase,
    string? Status,
    string? Url,
    string? RegistrySource,
    IReadOnlyList<TrialFact> Facts,
    TrialRecord? Record,
    IReadOnlyList<ConceptLink> Products,
    IReadOnlyList<ConceptLink> CellTypes,
    IReadOnlyList<ConceptLink> Mechanisms,
    IReadOnlyList<ConceptLink> CellSources,
    IReadOnlyList<ConceptLink> DeliverySites,
    IReadOnlyList<ConceptLink> Protections,
    IReadOnlyList<ConceptLink> Conditions,
    IReadOnlyList<ConceptLink> OutcomesMeasured,
    IReadOnlyList<TrialFinding> Findings,
    IReadOnlyList<StatedFact> Stated,
    IReadOnlyList<LinkedPaper> Papers,
    IReadOnlyList<string> Flags);

/// <summary>Filters of the evidence table and the matrix; null means any. Concept filters accept the bare form
/// (<c>vx-880</c> for <c>product:vx-880</c>); <see cref="Protection"/> and <see cref="CellType"/> include narrower concepts.</summary>
public sealed record EvidenceTableFilter(
    string? Mechanism = null,
    string? CellType = null,
    string? Product = null,
    string? Outcome = null,
    string? Phase = null,
    string? Protection = null,
    string? Status = null,
    string? Trial = null);

/// <summary>A concept by id and name.</summary>
public sealed record ConceptRef(string Id, string Name);

/// <summary>
/// One row of the review's table: a trial and one outcome (or no outcome, when nothing about outcomes is known), with
/// the trial's attributes and the findings on that outcome. <see cref="Direction"/> summarises the papers' findings
/// (positive, negative, mixed, unclear; null without paper findings); registry results carry values, not directions.
/// </summary>
public sealed record EvidenceRow(
    string TrialId,
    string RegistryId,
    string? Title,
    string? Phase,
    string? Status,
    int? Enrollment,
    string? EnrollmentType,
    IReadOnlyList<ConceptRef> Products,
    IReadOnlyList<ConceptRef> CellTypes,
    IReadOnlyList<ConceptRef> Mechanisms,
    IReadOnlyList<ConceptRef> CellSources,
    IReadOnlyList<ConceptRef> DeliverySites,
    IReadOnlyList<ConceptRef> Protections,
    IReadOnlyList<string> Doses,
    IReadOnlyList<string> Patients,
    IReadOnlyList<string> FollowUp,
    ConceptRef? Outcome,
    bool Measured,
    bool? Primary,
    IReadOnlyList<TrialFinding> Findings,
    string? Direction,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> Flags);

/// <summary>One cell of the mechanism x outcome matrix.</summary>
/// <param name="Trials">Trials of the mechanism with a finding on the outcome (registry results or papers).</param>
/// <param name="Papers">Papers with a finding on the outcome for the mechanism's cell types or trials.</param>
/// <param name="Patients">Patients in those trials: the number treated a paper states, else the registry's actual enrollment.</param>
/// <param name="Positive">Papers whose one vote on the cell is positive (likewise <paramref name="Negative"/>, <paramref name="Neutral"/>).</param>
/// <param name="Direction">positive, negative, mixed or unclear, from the papers' votes.</param>
public sealed record MatrixCell(
    string MechanismId,
    string OutcomeId,
    int Trials,
    int Papers,
    long Patients,
    int Positive,
    int Negative,
    int Neutral,
    string Direction,
    IReadOnlyList<string> TrialIds);

/// <summary>The mechanism x outcome matrix over the trials the filter selects (at most
/// <see cref="TrialQueries.MaxMatrixTrials"/>; <see cref="Truncated"/> says when there were more).</summary>
public sealed record OutcomeMatrix(
    IReadOnlyList<ConceptRef> Mechanisms,
    IReadOnlyList<ConceptRef> Outcomes,
    IReadOnlyList<MatrixCell> Cells,
    int TrialCount,
    bool Truncated);
