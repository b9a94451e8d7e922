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
        /// <summary>A named cell product (VX-880, donislecel), from the vocabulary.</summary>
        public const string Product = nameof(Product);
        /// <summary>Where the cells come from: autologous, allogeneic donor, stem cell-derived, xenogeneic.</summary>
        public const string CellSource = nameof(CellSource);
        /// <summary>Where or how the cells are delivered: hepatic portal vein, subcutaneous device, intravenous...</summary>
        public const string DeliverySite = nameof(DeliverySite);
        /// <summary>How the graft is protected: immunosuppression and its agents, encapsulation, hypoimmune editing, none.</summary>
        public const string Protection = nameof(Protection);
    }

    public static class Relationships
    {
        /// <summary>(:Paper)-[:MENTIONS {count, evidence}]->(concept or trial)</summary>
        public const string Mentions = "MENTIONS";
        /// <summary>(:Paper)-[:REPORTS_ON]->(:Trial)</summary>
        public const string ReportsOn = "REPORTS_ON";
        /// <summary>(:CellType)-[:ACTS_VIA]->(:Mechanism), from the vocabulary.</summary>
        public const string ActsVia = "ACTS_VIA";
        /// <summary>(:Mechanism|CellType|CellSource|DeliverySite|Protection)-[:BROADER]->(same label), from the vocabulary.</summary>
        public const string Broader = "BROADER";
        /// <summary>(:Trial)-[:TESTS]->(:CellType)</summary>
        public const string Tests = "TESTS";
        /// <summary>(:Trial|CellType)-[:REPORTS_OUTCOME {polarity}]->(:Outcome)</summary>
        public const string ReportsOutcome = "REPORTS_OUTCOME";
        /// <summary>(:Trial)-[:MEASURES {primary}]->(:Outcome), from registry outcome measures.</summary>
        public const string Measures = "MEASURES";
        /// <summary>(:Trial)-[:STUDIES]->(:Condition), from registry conditions.</summary>
        public const string Studies = "STUDIES";
        /// <summary>(:Trial)-[:USES_PRODUCT]->(:Product), from registry interventions or paper text.</summary>
        public const string UsesProduct = "USES_PRODUCT";
        /// <summary>(:Product)-[:MADE_OF]->(:CellType), from the vocabulary (a product's broader concept).</summary>
        public const string MadeOf = "MADE_OF";
        /// <summary>(:Trial)-[:SOURCED_FROM]->(:CellSource)</summary>
        public const string SourcedFrom = "SOURCED_FROM";
        /// <summary>(:Trial)-[:DELIVERED_VIA]->(:DeliverySite)</summary>
        public const string DeliveredVia = "DELIVERED_VIA";
        /// <summary>(:Trial)-[:PROTECTED_BY]->(:Protection)</summary>
        public const string ProtectedBy = "PROTECTED_BY";
    }

    public static readonly IReadOnlySet<string> NodeLabels = new HashSet<string>(StringComparer.Ordinal)
    {
        Labels.Paper, Labels.CellType, Labels.Mechanism, Labels.Trial, Labels.Outcome, Labels.Condition,
        Labels.Product, Labels.CellSource, Labels.DeliverySite, Labels.Protection,
    };

    /// <summary>The intervention attributes a trial is described by (issue 16): matched by the trial-facts extractor,
    /// not by concept extraction, and each reached from a trial by its own relationship type.</summary>
    public static readonly IReadOnlyDictionary<string, string> AttributeRelationships = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Labels.Product] = Relationships.UsesProduct,
        [Labels.CellSource] = Relationships.SourcedFrom,
        [Labels.DeliverySite] = Relationships.DeliveredVia,
        [Labels.Protection] = Relationships.ProtectedBy,
    };

    /// <summary>True for the intervention-attribute kinds (<see cref="AttributeRelationships"/>).</summary>
    public static bool IsAttributeKind(string kind) => AttributeRelationships.ContainsKey(kind);

    public static readonly IReadOnlySet<string> RelationshipTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        Relationships.Mentions, Relationships.ReportsOn, Relationships.ActsVia, Relationships.Broader,
        Relationships.Tests, Relationships.ReportsOutcome, Relationships.Measures, Relationships.Studies,
        Relationships.UsesProduct, Relationships.MadeOf, Relationships.SourcedFrom, Relationships.DeliveredVia, Relationships.ProtectedBy,
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
        Labels.Product => "biolink:Drug",
        Labels.CellSource => "biolink:MaterialSample",
        Labels.DeliverySite => "biolink:AnatomicalEntity",
        Labels.Protection => "biolink:Treatment",
        _ => throw new ArgumentOutOfRangeException(nameof(label), label, "Not a schema label."),
    };

    public static string RequireLabel(string label) =>
        NodeLabels.Contains(label) ? label : throw new ArgumentException($"'{label}' is not a node label of the schema.", nameof(label));

    public static string RequireRelationship(string type) =>
        RelationshipTypes.Contains(type) ? type : throw new ArgumentException($"'{type}' is not a relationship type of the schema.", nameof(type));

    /// <summary>The label a concept kind from the vocabulary maps to.</summary>
    public static string LabelForKind(string kind) => RequireLabel(kind);
}
