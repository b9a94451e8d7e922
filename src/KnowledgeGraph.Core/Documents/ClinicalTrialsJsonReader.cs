using System.Text.Json;

namespace KnowledgeGraph.Core.Documents;

/// <summary>
/// ClinicalTrials.gov API v2 JSON: one study (<c>{"protocolSection": ...}</c>), a search page (<c>{"studies": [...]}</c>)
/// or an array of studies. Values are kept as the registry writes them (phases joined with "/", e.g. "PHASE1/PHASE2").
/// </summary>
internal static class ClinicalTrialsJsonReader
{
    private const string Format = "ClinicalTrials.gov JSON";

    public static List<PaperDocument> Read(ReadOnlyMemory<byte> content, ReadContext ctx)
    {
        using var doc = SafeJson.Parse(content, ctx, Format, $"'{ctx.SourceName}'");
        var root = doc.RootElement;
        List<JsonElement> studies = root.ValueKind switch
        {
            JsonValueKind.Object when root.Get("studies") is { ValueKind: JsonValueKind.Array } s => [.. s.EnumerateArray()],
            JsonValueKind.Object => [root],
            JsonValueKind.Array => [.. root.EnumerateArray()],
            _ => throw new DocumentReadException(DocumentErrorCode.Malformed, $"{Format}: '{ctx.SourceName}' is a {root.ValueKind}, not a study or a search page"),
        };

        return ctx.ReadEach(studies, Format, (study, index) => ReadStudy(study, index, ctx));
    }

    private static PaperDocument ReadStudy(JsonElement study, int index, ReadContext ctx)
    {
        var protocol = study.Get("protocolSection")
            ?? throw new DocumentReadException(DocumentErrorCode.Malformed, $"{Format}: study {index} in '{ctx.SourceName}' has no \"protocolSection\"");
        var nctId = protocol.Str("identificationModule", "nctId")
            ?? throw new DocumentReadException(DocumentErrorCode.Malformed, $"{Format}: study {index} in '{ctx.SourceName}' has no protocolSection.identificationModule.nctId");

        var phases = protocol.Strings("designModule", "phases");
        var interventions = protocol.Items("armsInterventionsModule", "interventions")
            .Select(i => i.Str("name") is { } name ? new TrialIntervention(name, i.Str("type"), i.Str("description")) : null)
            .OfType<TrialIntervention>().ToList();
        var outcomes = Outcomes(protocol, "primaryOutcomes", primary: true).Concat(Outcomes(protocol, "secondaryOutcomes", primary: false)).ToList();

        var trial = new TrialRecord(
            RegistryDocument.NormaliseId(nctId),
            protocol.Str("identificationModule", "briefTitle") ?? protocol.Str("identificationModule", "officialTitle"),
            phases.Count > 0 ? string.Join('/', phases) : null,
            protocol.Str("statusModule", "overallStatus"),
            protocol.Int("designModule", "enrollmentInfo", "count"),
            protocol.Str("sponsorCollaboratorsModule", "leadSponsor", "name"),
            protocol.Str("statusModule", "startDateStruct", "date"),
            protocol.Str("statusModule", "completionDateStruct", "date") ?? protocol.Str("statusModule", "primaryCompletionDateStruct", "date"),
            protocol.Strings("conditionsModule", "conditions"),
            interventions,
            outcomes)
        {
            SecondaryIds = protocol.Items("identificationModule", "secondaryIdInfos")
                .Select(s => s.Str("id")).OfType<string>().Select(RegistryDocument.NormaliseId).Distinct().ToList(),
        };

        ctx.Token.ThrowIfCancellationRequested();
        return RegistryDocument.Build(trial,
            protocol.Str("identificationModule", "officialTitle"),
            protocol.Str("descriptionModule", "briefSummary"),
            protocol.Str("descriptionModule", "detailedDescription"),
            protocol.Strings("conditionsModule", "keywords"),
            DocumentFormat.ClinicalTrialsJson, ctx);
    }

    private static IEnumerable<TrialOutcomeMeasure> Outcomes(JsonElement protocol, string list, bool primary) =>
        protocol.Items("outcomesModule", list)
            .Select(o => o.Str("measure") is { } measure ? new TrialOutcomeMeasure(measure, primary, o.Str("description"), o.Str("timeFrame")) : null)
            .OfType<TrialOutcomeMeasure>();
}
