using System.Text;

namespace KnowledgeGraph.Core.Documents;

/// <summary>
/// Turns a trial registry record (either ClinicalTrials.gov format) into a <see cref="PaperDocument"/>: the
/// <see cref="TrialRecord"/> carries the structured facts; <see cref="SectionKind.Registry"/> sections carry the
/// free text (summary, description, interventions, outcome measures) so extraction can find cell types and outcomes in it.
/// </summary>
internal static class RegistryDocument
{
    public static PaperDocument Build(TrialRecord trial, string? officialTitle, string? briefSummary, string? detailedDescription,
        IReadOnlyList<string> keywords, DocumentFormat format, ReadContext ctx)
    {
        var title = trial.Title ?? officialTitle ?? trial.Id;
        var sections = new List<DocumentSection>();
        if (officialTitle is not null && !string.Equals(officialTitle, title, StringComparison.Ordinal))
        {
            sections.Add(new DocumentSection(SectionKind.Registry, officialTitle, "Official title"));
        }

        Add(sections, briefSummary, "Brief summary");
        Add(sections, detailedDescription, "Detailed description");
        if (trial.Conditions.Count > 0)
        {
            Add(sections, "Conditions: " + string.Join("; ", trial.Conditions) + ".", "Conditions");
        }

        Add(sections, string.Join("\n", trial.Interventions.Select(Describe)), "Interventions");
        Add(sections, string.Join("\n", trial.OutcomeMeasures.Select(Describe)), "Outcome measures");

        var fields = new PaperFields(title, [], DocumentText.FindYear(trial.StartDate), Journal: null, Doi: null, Pmid: null, sections)
        {
            Subjects = keywords,
            Trial = trial,
        };
        return PaperAssembler.Build(fields, ctx, format);
    }

    private static void Add(List<DocumentSection> sections, string? text, string label)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            sections.Add(new DocumentSection(SectionKind.Registry, text, label));
        }
    }

    private static string Describe(TrialIntervention i)
    {
        var sb = new StringBuilder(i.Type is null ? "Intervention: " : $"Intervention ({i.Type}): ").Append(i.Name);
        if (i.Description is not null)
        {
            sb.Append(". ").Append(DocumentText.CollapseWhitespace(i.Description));
        }

        return sb.ToString();
    }

    private static string Describe(TrialOutcomeMeasure o)
    {
        var sb = new StringBuilder(o.Primary ? "Primary outcome: " : "Secondary outcome: ").Append(o.Measure);
        if (o.Description is not null)
        {
            sb.Append(". ").Append(DocumentText.CollapseWhitespace(o.Description));
        }

        if (o.TimeFrame is not null)
        {
            sb.Append(" (time frame: ").Append(o.TimeFrame).Append(')');
        }

        return sb.ToString();
    }

    /// <summary>Registry ids as stable keys: whitespace collapsed, upper-case (NCT, ISRCTN, EudraCT ids are case-insensitive).</summary>
    public static string NormaliseId(string id) => DocumentText.CollapseWhitespace(id).ToUpperInvariant();
}
