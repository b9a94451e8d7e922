namespace KnowledgeGraph.Core.Graph;

/// <summary>
/// The allow-list of node labels and relationship types. Stores interpolate labels and types into
/// queries only after checking them here; everything else is a parameter.
/// </summary>
public static class GraphSchema
{
    public static class Labels
    {
        public const string Paper = nameof(Paper);
        public const string CellType = nameof(CellType);
        public const string Mechanism = nameof(Mechanism);
        public const string Trial = nameof(Trial);
        public const string Outcome = nameof(Outcome);
        public const string Condition = nameof(Condition);
    }

    public static class Relationships
    {
        /// <summary>(:Paper)-[:MENTIONS {count, evidence}]->(concept or trial)</summary>
        public const string Mentions = "MENTIONS";
        /// <summary>(:Paper)-[:REPORTS_ON]->(:Trial)</summary>
        public const string ReportsOn = "REPORTS_ON";
        /// <summary>(:CellType)-[:ACTS_VIA]->(:Mechanism), from the vocabulary.</summary>
        public const string ActsVia = "ACTS_VIA";
        /// <summary>(:Mechanism|CellType)-[:BROADER]->(same label), from the vocabulary.</summary>
        public const string Broader = "BROADER";
        /// <summary>(:Trial)-[:TESTS]->(:CellType)</summary>
        public const string Tests = "TESTS";
        /// <summary>(:Trial|CellType)-[:REPORTS_OUTCOME {polarity}]->(:Outcome)</summary>
        public const string ReportsOutcome = "REPORTS_OUTCOME";
        /// <summary>(:Trial)-[:MEASURES {primary}]->(:Outcome), from registry outcome measures.</summary>
        public const string Measures = "MEASURES";
        /// <summary>(:Trial)-[:STUDIES]->(:Condition), from registry conditions.</summary>
        public const string Studies = "STUDIES";
    }

    public static readonly IReadOnlySet<string> NodeLabels = new HashSet<string>(StringComparer.Ordinal)
    {
        Labels.Paper, Labels.CellType, Labels.Mechanism, Labels.Trial, Labels.Outcome, Labels.Condition,
    };

    public static readonly IReadOnlySet<string> RelationshipTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        Relationships.Mentions, Relationships.ReportsOn, Relationships.ActsVia, Relationships.Broader,
        Relationships.Tests, Relationships.ReportsOutcome, Relationships.Measures, Relationships.Studies,
    };

    /// <summary>Biolink categories per label.</summary>
    public static string CategoryOf(string label) => label switch
    {
        Labels.Paper => "biolink:Publication",
        Labels.CellType => "biolink:Cell",
        Labels.Mechanism => "biolink:BiologicalProcess",
        Labels.Trial => "biolink:ClinicalTrial",
        Labels.Outcome => "biolink:ClinicalFinding",
        Labels.Condition => "biolink:Disease",
        _ => throw new ArgumentOutOfRangeException(nameof(label), label, "Not a schema label."),
    };

    public static string RequireLabel(string label) =>
        NodeLabels.Contains(label) ? label : throw new ArgumentException($"'{label}' is not a node label of the schema.", nameof(label));

    public static string RequireRelationship(string type) =>
        RelationshipTypes.Contains(type) ? type : throw new ArgumentException($"'{type}' is not a relationship type of the schema.", nameof(type));

    /// <summary>The label a concept kind from the vocabulary maps to.</summary>
    public static string LabelForKind(string kind) => RequireLabel(kind);
}
