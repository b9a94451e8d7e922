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
            IsoDate(Field("completion_date") ?? Field("primary_completion_date")),
            study.Children("condition").Select(c => SafeXml.Text(c)).Where(c => c.Length > 0).ToList(),
            interventions,
            outcomes)
        {
            SecondaryIds = study.Path("id_info").Children("secondary_id").Select(s => SafeXml.Text(s)).Where(s => s.Length > 0)
                .Select(RegistryDocument.NormaliseId).Distinct().ToList(),
        };

        var keywords = study.Children("keyword").Select(k => SafeXml.Text(k))
            .Concat(study.Path("condition_browse").Children("mesh_term").Select(k => SafeXml.Text(k))).ToList();
        ctx.Token.ThrowIfCancellationRequested();
        return [RegistryDocument.Build(trial, Field("official_title"), TextBlock(study.Child("brief_summary")),
            TextBlock(study.Child("detailed_description")), keywords, DocumentFormat.ClinicalTrialsXml, ctx)];
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
