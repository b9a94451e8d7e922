namespace KnowledgeGraph.Core.Documents;

/// <summary>
/// What a registry record states about a trial beyond the summary fields of <see cref="TrialRecord"/>, kept as the
/// registry writes it: enumerations in the registry's own spelling ("RANDOMIZED", "Randomized"), dates as written
/// (legacy XML dates made ISO), counts as numbers and result values as the verbatim strings the record holds
/// ("NA", "NR", "66.70"). Every field is traceable to a field of the record: see <see cref="RegistryFields"/>.
/// </summary>
public sealed record TrialRegistryFacts
{
    public static readonly TrialRegistryFacts Empty = new();

    public string? BriefTitle { get; init; }
    public string? OfficialTitle { get; init; }
    public string? Acronym { get; init; }
    public string? WhyStopped { get; init; }
    public string? StudyType { get; init; }

    /// <summary>Each phase as written ("PHASE1", "PHASE2"; legacy "Phase 1/Phase 2" is one item).</summary>
    public IReadOnlyList<string> Phases { get; init; } = [];

    public string? StartDateType { get; init; }
    public string? PrimaryCompletionDate { get; init; }
    public string? PrimaryCompletionDateType { get; init; }
    public string? CompletionDateType { get; init; }
    public string? FirstPostedDate { get; init; }
    public string? Allocation { get; init; }
    public string? InterventionModel { get; init; }
    public string? PrimaryPurpose { get; init; }
    public string? Masking { get; init; }

    /// <summary>ACTUAL or ESTIMATED (legacy: Actual / Anticipated).</summary>
    public string? EnrollmentType { get; init; }

    public IReadOnlyList<TrialArm> Arms { get; init; } = [];

    /// <summary>Countries of the trial's sites, distinct, in record order.</summary>
    public IReadOnlyList<string> Countries { get; init; } = [];

    public IReadOnlyList<TrialReference> References { get; init; } = [];

    /// <summary>The record's <c>hasResults</c> (legacy: a <c>clinical_results</c> element is present); null when not stated.</summary>
    public bool? HasResults { get; init; }

    public string? ResultsFirstPostedDate { get; init; }

    /// <summary>The posted results (API v2 <c>resultsSection</c>), or null when the record holds none.</summary>
    public TrialResults? Results { get; init; }
}

/// <summary>An arm (group) of a trial and the interventions it receives ("Biological: VX-880").</summary>
public sealed record TrialArm(string Label, string? Type, string? Description, IReadOnlyList<string> Interventions);

/// <summary>A reference the registry lists. <paramref name="Type"/>: RESULT, BACKGROUND or DERIVED (legacy
/// <c>results_reference</c> is RESULT, <c>reference</c> BACKGROUND).</summary>
public sealed record TrialReference(string? Pmid, string Type, string? Citation)
{
    /// <summary>RESULT and DERIVED references report on the trial itself; BACKGROUND ones are reading.</summary>
    public bool ReportsOnTrial => Type is "RESULT" or "DERIVED";
}

/// <summary>The posted results: outcome measures with values per group, and adverse events.</summary>
public sealed record TrialResults(IReadOnlyList<TrialOutcomeResult> OutcomeMeasures, TrialAdverseEvents? AdverseEvents);

/// <summary>A result group (arm) as the results section names it; ids such as OG000 key the values.</summary>
public sealed record TrialResultGroup(string Id, string? Title, string? Description);

/// <summary>How many were analysed in a group, in <paramref name="Units"/> (usually "Participants"); the value verbatim.</summary>
public sealed record TrialDenominator(string GroupId, string Units, string Value);

/// <summary>One value of an outcome measure for one group, verbatim ("9", "66.70", "NA"), with its dispersion or
/// limits and the class/category it belongs to when the measure is split.</summary>
public sealed record TrialMeasurement(
    string GroupId,
    string? Value,
    string? Spread = null,
    string? LowerLimit = null,
    string? UpperLimit = null,
    string? Comment = null,
    string? ClassTitle = null,
    string? CategoryTitle = null);

/// <summary>A posted outcome measure: PRIMARY, SECONDARY or OTHER_PRE_SPECIFIED, with its values per group.</summary>
public sealed record TrialOutcomeResult(
    string Type,
    string Title,
    string? Description,
    string? TimeFrame,
    string? ParamType,
    string? DispersionType,
    string? Unit,
    string? ReportingStatus,
    IReadOnlyList<TrialResultGroup> Groups,
    IReadOnlyList<TrialDenominator> Denominators,
    IReadOnlyList<TrialMeasurement> Measurements);

/// <summary>Adverse events per event group: deaths, serious and other events affected / at risk.</summary>
public sealed record TrialEventGroup(
    string Id,
    string? Title,
    string? Description,
    int? DeathsAffected,
    int? DeathsAtRisk,
    int? SeriousAffected,
    int? SeriousAtRisk,
    int? OtherAffected,
    int? OtherAtRisk);

/// <summary>One event term's counts in one event group.</summary>
public sealed record TrialEventStat(string GroupId, int? NumEvents, int? NumAffected, int? NumAtRisk);

/// <summary>An adverse event term (MedDRA as a rule) with its organ system and counts per group.</summary>
public sealed record TrialAdverseEvent(string Term, string? OrganSystem, IReadOnlyList<TrialEventStat> Stats);

public sealed record TrialAdverseEvents(
    string? TimeFrame,
    string? Description,
    string? FrequencyThreshold,
    IReadOnlyList<TrialEventGroup> Groups,
    IReadOnlyList<TrialAdverseEvent> Serious,
    IReadOnlyList<TrialAdverseEvent> Other);
