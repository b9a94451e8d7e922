using System.Globalization;
using System.Xml.Linq;

namespace KnowledgeGraph.Core.Documents;

/// <summary>
/// The legacy ClinicalTrials.gov public XML (<c>&lt;clinical_study&gt;</c>, before the 2024 API v2), mapped to the
/// same <see cref="TrialRecord"/> as the v2 JSON. Dates such as "February 20, 2019" become ISO ("2019-02-20").
/// </summary>
internal static class ClinicalTrialsXmlReader
{
    private const string Format = "ClinicalTrials.gov XML";

    private static readonly string[] DayFormats = ["MMMM d, yyyy", "MMM d, yyyy"];
    private static readonly string[] MonthFormats = ["MMMM yyyy", "MMM yyyy"];

    public static List<PaperDocument> Read(ReadOnlyMemory<byte> content, ReadContext ctx)
    {
        var study = SafeXml.Load(content, ctx, Format).Root!;
        var nctId = SafeXml.Text(study.Path("id_info", "nct_id"));
        if (nctId.Length == 0)
        {
            throw new DocumentReadException(DocumentErrorCode.Malformed, $"{Format}: '{ctx.SourceName}' has no <id_info>/<nct_id>");
        }

        string? Field(params string[] path) => SafeXml.Text(study.Path(path)) is { Length: > 0 } t ? t : null;

        var interventions = study.Children("intervention")
            .Select(i => SafeXml.Text(i.Child("intervention_name")) is { Length: > 0 } name
                ? new TrialIntervention(name, Optional(i.Child("intervention_type")), Optional(i.Child("description")))
                : null)
            .OfType<TrialIntervention>().ToList();
        var outcomes = Outcomes(study, "primary_outcome", primary: true).Concat(Outcomes(study, "secondary_outcome", primary: false)).ToList();

        var trial = new TrialRecord(
            RegistryDocument.NormaliseId(nctId),
            Field("brief_title") ?? Field("official_title"),
            Field("phase"),
            Field("overall_status"),
            int.TryParse(Field("enrollment"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null,
            Field("sponsors", "lead_sponsor", "agency"),
            IsoDate(Field("start_date")),
            IsoDate(Field("completion_date")),
            study.Children("condition").Select(c => SafeXml.Text(c)).Where(c => c.Length > 0).ToList(),
            interventions,
            outcomes)
        {
            SecondaryIds = study.Path("id_info").Children("secondary_id").Select(s => SafeXml.Text(s)).Where(s => s.Length > 0)
                .Select(RegistryDocument.NormaliseId).Distinct().ToList(),
            Facts = Facts(study, ctx),
        };

        var keywords = study.Children("keyword").Select(k => SafeXml.Text(k))
            .Concat(study.Path("condition_browse").Children("mesh_term").Select(k => SafeXml.Text(k))).ToList();
        ctx.Token.ThrowIfCancellationRequested();
        return [RegistryDocument.Build(trial, Field("official_title"), TextBlock(study.Child("brief_summary")),
            TextBlock(study.Child("detailed_description")), keywords, DocumentFormat.ClinicalTrialsXml, ctx)];
    }

    /// <summary>The legacy record's further facts. It has no results values in this reader (a <c>clinical_results</c>
    /// element only sets <see cref="TrialRegistryFacts.HasResults"/>); references are typed by element:
    /// <c>results_reference</c> RESULT, <c>reference</c> BACKGROUND.</summary>
    private static TrialRegistryFacts Facts(XElement study, ReadContext ctx)
    {
        string? Field(params string[] path) => SafeXml.Text(study.Path(path)) is { Length: > 0 } t ? t : null;
        string? TypeOf(string element) => study.Child(element)?.Attribute("type")?.Value is { Length: > 0 } t ? t.Trim() : null;
        List<XElement> Bounded(IEnumerable<XElement> items, string what)
        {
            var list = items.Take(ctx.Limits.MaxRegistryListItems + 1).ToList();
            if (list.Count > ctx.Limits.MaxRegistryListItems)
            {
                throw new DocumentReadException(DocumentErrorCode.LimitExceeded,
                    $"{Format}: '{ctx.SourceName}' has more than {ctx.Limits.MaxRegistryListItems:N0} <{what}> elements (MaxRegistryListItems)");
            }
            return list;
        }

        // An arm's interventions are the <intervention> elements naming its label, written "Type: Name" as API v2 does.
        var interventionArms = Bounded(study.Children("intervention"), "intervention")
            .Select(i => (Name: SafeXml.Text(i.Child("intervention_name")), Type: SafeXml.Text(i.Child("intervention_type")),
                Arms: i.Children("arm_group_label").Select(a => SafeXml.Text(a)).ToList()))
            .Where(i => i.Name.Length > 0).ToList();
        var arms = Bounded(study.Children("arm_group"), "arm_group")
            .Select(a => (Label: SafeXml.Text(a.Child("arm_group_label")), Element: a))
            .Where(a => a.Label.Length > 0)
            .Select(a => new TrialArm(a.Label, Optional(a.Element.Child("arm_group_type")), Optional(a.Element.Child("description")),
                [.. interventionArms.Where(i => i.Arms.Contains(a.Label)).Select(i => i.Type.Length > 0 ? $"{i.Type}: {i.Name}" : i.Name)]))
            .ToList();
        var references = Bounded(study.Children("results_reference"), "results_reference").Select(r => Reference(r, "RESULT"))
            .Concat(Bounded(study.Children("reference"), "reference").Select(r => Reference(r, "BACKGROUND")))
            .OfType<TrialReference>().ToList();
        var phase = Field("phase");
        return new TrialRegistryFacts
        {
            BriefTitle = Field("brief_title"),
            OfficialTitle = Field("official_title"),
            Acronym = Field("acronym"),
            WhyStopped = Field("why_stopped"),
            StudyType = Field("study_type"),
            Phases = phase is null ? [] : [phase],
            StartDateType = TypeOf("start_date"),
            PrimaryCompletionDate = IsoDate(Field("primary_completion_date")),
            PrimaryCompletionDateType = TypeOf("primary_completion_date"),
            CompletionDateType = TypeOf("completion_date"),
            FirstPostedDate = IsoDate(Field("study_first_posted") ?? Field("firstreceived_date")),
            Allocation = Field("study_design_info", "allocation"),
            InterventionModel = Field("study_design_info", "intervention_model"),
            PrimaryPurpose = Field("study_design_info", "primary_purpose"),
            Masking = Field("study_design_info", "masking"),
            EnrollmentType = TypeOf("enrollment"),
            Arms = arms,
            Countries = Bounded(study.Path("location_countries").Children("country"), "country")
                .Select(c => SafeXml.Text(c)).Where(c => c.Length > 0).Distinct().ToList(),
            References = references,
            HasResults = study.Child("clinical_results") is not null ? true : null,
            ResultsFirstPostedDate = IsoDate(Field("results_first_posted") ?? Field("firstreceived_results_date")),
        };
    }

    private static TrialReference? Reference(XElement r, string type)
    {
        var pmid = DocumentText.NormalisePmid(SafeXml.Text(r.Child("PMID")));
        var citation = Optional(r.Child("citation"));
        return pmid is null && citation is null ? null : new TrialReference(pmid, type, citation);
    }

    private static IEnumerable<TrialOutcomeMeasure> Outcomes(XElement study, string element, bool primary) =>
        study.Children(element)
            .Select(o => SafeXml.Text(o.Child("measure")) is { Length: > 0 } measure
                ? new TrialOutcomeMeasure(measure, primary, Optional(o.Child("description")), Optional(o.Child("time_frame")))
                : null)
            .OfType<TrialOutcomeMeasure>();

    private static string? Optional(XElement? e) => SafeXml.Text(e) is { Length: > 0 } t ? t : null;

    // <textblock> text is hard-wrapped at ~80 columns with blank lines between paragraphs: keep the paragraphs, unwrap the lines.
    private static string? TextBlock(XElement? element)
    {
        var raw = (element.Child("textblock") ?? element)?.Value;
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var paragraphs = DocumentText.NormaliseLines(raw).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(DocumentText.CollapseWhitespace).Where(p => p.Length > 0);
        return string.Join("\n\n", paragraphs);
    }

    /// <summary>"February 20, 2019" to "2019-02-20", "February 2019" to "2019-02"; anything else as written.</summary>
    private static string? IsoDate(string? date)
    {
        if (date is null)
        {
            return null;
        }

        if (DateTime.TryParseExact(date, DayFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return DateTime.TryParseExact(date, MonthFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            ? month.ToString("yyyy-MM", CultureInfo.InvariantCulture)
            : date;
    }
}
