namespace KnowledgeGraph.Core.Sources;

/// <summary>
/// The default queries of this field (cell therapy for type 1 diabetes), one per line of work, each for both
/// services: <c>kg fetch pubmed --preset NAME</c>, <c>kg fetch ctgov --preset NAME</c>, <c>preset:NAME</c> in the
/// refresh setting, <c>all</c> for every one. Listed in the README (a test keeps the two the same).
/// </summary>
public static class FieldPresets
{
    public const string All = "all";

    /// <summary>Type 1 diabetes in PubMed: the MeSH heading or the words in title/abstract.</summary>
    private const string T1D = "(\"diabetes mellitus, type 1\"[MeSH Terms] OR \"type 1 diabetes\"[tiab] OR \"type 1 diabetic\"[tiab] OR T1D[tiab])";

    /// <summary>The condition every ClinicalTrials.gov preset searches in.</summary>
    public const string Condition = "Type 1 Diabetes";

    public static IReadOnlyList<FieldPreset> Presets { get; } =
    [
        new("islets", "Islet transplantation (allogeneic islets, Edmonton protocol)",
            $"(\"islets of langerhans transplantation\"[MeSH Terms] OR \"islet transplantation\"[tiab] OR \"islet transplant\"[tiab] OR \"islet allotransplantation\"[tiab]) AND {T1D}",
            "islet transplantation OR islet transplant"),
        new("sc-beta", "Stem cell-derived beta cells and islets (VX-880 / zimislecel, PEC-01, iPSC islets)",
            $"(\"stem cell-derived beta cells\"[tiab] OR \"stem cell-derived islets\"[tiab] OR \"stem cell-derived islet\"[tiab] OR \"SC-islets\"[tiab] OR \"SC-beta\"[tiab] OR zimislecel[tiab] OR \"VX-880\"[tiab] OR ((\"pluripotent stem cells\"[MeSH Terms] OR \"pluripotent stem cell\"[tiab] OR iPSC[tiab]) AND (\"beta cell\"[tiab] OR \"beta cells\"[tiab] OR islet*[tiab]))) AND {T1D}",
            "stem cell derived islets OR VX-880 OR zimislecel OR pancreatic endoderm cells OR stem cell derived beta cells"),
        new("tregs", "Regulatory T cells (polyclonal, antigen-specific, CAR-Tregs)",
            $"(\"T-Lymphocytes, Regulatory\"[MeSH Terms] OR \"regulatory T cells\"[tiab] OR \"regulatory T cell\"[tiab] OR Treg[tiab] OR Tregs[tiab]) AND (\"cell therapy\"[tiab] OR \"adoptive transfer\"[tiab] OR infusion[tiab] OR \"Adoptive Transfer\"[MeSH Terms] OR \"Cell- and Tissue-Based Therapy\"[MeSH Terms]) AND {T1D}",
            "regulatory T cells OR Treg"),
        new("tolerogenic-dc", "Tolerogenic dendritic cells",
            $"(\"tolerogenic dendritic cells\"[tiab] OR \"tolerogenic dendritic cell\"[tiab] OR tolDC[tiab] OR tolDCs[tiab] OR \"tolerogenic DC\"[tiab]) AND {T1D}",
            "tolerogenic dendritic cells OR dendritic cell"),
        new("msc", "Mesenchymal stromal/stem cells",
            $"(\"Mesenchymal Stem Cells\"[MeSH Terms] OR \"Mesenchymal Stem Cell Transplantation\"[MeSH Terms] OR \"mesenchymal stem cells\"[tiab] OR \"mesenchymal stromal cells\"[tiab] OR MSC[tiab] OR MSCs[tiab]) AND {T1D}",
            "mesenchymal stem cells OR mesenchymal stromal cells"),
        new("ahsct", "Autologous haematopoietic stem cell transplantation",
            $"(\"Hematopoietic Stem Cell Transplantation\"[MeSH Terms] OR \"hematopoietic stem cell transplantation\"[tiab] OR \"haematopoietic stem cell transplantation\"[tiab] OR AHSCT[tiab] OR \"autologous nonmyeloablative\"[tiab]) AND {T1D}",
            "autologous hematopoietic stem cell transplantation OR hematopoietic stem cell transplantation"),
        new("cord-blood", "Umbilical cord blood (autologous infusion, cord blood-derived cells)",
            $"(\"Fetal Blood\"[MeSH Terms] OR \"Cord Blood Stem Cell Transplantation\"[MeSH Terms] OR \"cord blood\"[tiab] OR \"umbilical cord blood\"[tiab]) AND {T1D}",
            "umbilical cord blood OR cord blood"),
        new("encapsulation", "Encapsulated islets and cells (macro/microencapsulation devices)",
            $"(\"cell encapsulation\"[tiab] OR encapsulated[tiab] OR encapsulation[tiab] OR macroencapsulation[tiab] OR microencapsulation[tiab] OR \"VC-01\"[tiab] OR \"VC-02\"[tiab]) AND (islet*[tiab] OR \"beta cell\"[tiab] OR \"beta cells\"[tiab]) AND {T1D}",
            "encapsulated islets OR encapsulation OR VC-02 OR VC-01 OR macroencapsulation"),
    ];

    /// <summary>The presets a name stands for (<c>all</c>: every one); case-insensitive.</summary>
    /// <exception cref="ArgumentException">No preset has that name.</exception>
    public static IReadOnlyList<FieldPreset> Resolve(string name)
    {
        if (string.Equals(name, All, StringComparison.OrdinalIgnoreCase)) return Presets;
        return Presets.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { } preset
            ? [preset]
            : throw new ArgumentException($"No preset '{name}'. Presets: {string.Join(", ", Presets.Select(p => p.Name))}, {All}.", nameof(name));
    }
}

/// <param name="PubMedQuery">The PubMed (Entrez) query.</param>
/// <param name="TrialsIntervention">The ClinicalTrials.gov intervention query (<c>query.intr</c>), searched within the
/// condition <see cref="FieldPresets.Condition"/>.</param>
public sealed record FieldPreset(string Name, string Title, string PubMedQuery, string TrialsIntervention)
{
    public ClinicalTrialsQuery TrialsQuery(DateOnly? since = null, int? max = null) =>
        new(Condition: FieldPresets.Condition, Intervention: TrialsIntervention, Since: since, Max: max);
}
