using System.Text.Json;

namespace KnowledgeGraph.Core.Documents;

/// <summary>
/// ClinicalTrials.gov API v2 JSON: one study (<c>{"protocolSection": ...}</c>), a search page (<c>{"studies": [...]}</c>)
/// or an array of studies. Values are kept as the registry writes them (phases joined with "/", e.g. "PHASE1/PHASE2").
/// Fields are read strictly (<see cref="RegistryJson"/>): a field of the wrong kind fails the file with its path.
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
        var j = new RegistryJson(ctx, Format, $"study {index} in '{ctx.SourceName}'");
        if (study.ValueKind != JsonValueKind.Object)
            throw new DocumentReadException(DocumentErrorCode.Malformed, $"{Format}: study {index} in '{ctx.SourceName}' is a {study.ValueKind}, not an object");
        var protocol = j.Obj(study, "protocolSection", "protocolSection") ?? throw j.Missing("\"protocolSection\"");
        var identification = j.Obj(protocol, "identificationModule", "protocolSection.identificationModule");
        var nctId = j.Str(identification, "nctId", "protocolSection.identificationModule.nctId")
            ?? throw j.Missing("protocolSection.identificationModule.nctId");
        // From here on messages name the trial too.
        j = new RegistryJson(ctx, Format, $"study {index} ({nctId}) in '{ctx.SourceName}'");

        const string Status = "protocolSection.statusModule";
        const string Design = "protocolSection.designModule";
        const string Arms = "protocolSection.armsInterventionsModule";
        var status = j.Obj(protocol, "statusModule", Status);
        var design = j.Obj(protocol, "designModule", Design);
        var designInfo = j.Obj(design, "designInfo", Design + ".designInfo");
        var enrollment = j.Obj(design, "enrollmentInfo", Design + ".enrollmentInfo");
        var description = j.Obj(protocol, "descriptionModule", "protocolSection.descriptionModule");
        var conditions = j.Obj(protocol, "conditionsModule", "protocolSection.conditionsModule");
        var arms = j.Obj(protocol, "armsInterventionsModule", Arms);
        var sponsor = j.Obj(j.Obj(protocol, "sponsorCollaboratorsModule", "protocolSection.sponsorCollaboratorsModule"),
            "leadSponsor", "protocolSection.sponsorCollaboratorsModule.leadSponsor");
        JsonElement? Date(string name) => j.Obj(status, name, $"{Status}.{name}");

        var phases = j.Strs(design, "phases", Design + ".phases");
        var interventions = new List<TrialIntervention>();
        var interventionItems = j.Arr(arms, "interventions", Arms + ".interventions");
        for (var i = 0; i < interventionItems.Count; i++)
        {
            var path = $"{Arms}.interventions[{i}]";
            var item = Item(j, interventionItems[i], path);
            if (j.Str(item, "name", path + ".name") is { } name)
                interventions.Add(new TrialIntervention(name, j.Str(item, "type", path + ".type"), j.Str(item, "description", path + ".description")));
        }

        var outcomes = Outcomes(j, protocol, "primaryOutcomes", primary: true).Concat(Outcomes(j, protocol, "secondaryOutcomes", primary: false)).ToList();
        var briefTitle = j.Str(identification, "briefTitle", "protocolSection.identificationModule.briefTitle");
        var officialTitle = j.Str(identification, "officialTitle", "protocolSection.identificationModule.officialTitle");
        var secondaryIds = new List<string>();
        var secondaryItems = j.Arr(identification, "secondaryIdInfos", "protocolSection.identificationModule.secondaryIdInfos");
        for (var i = 0; i < secondaryItems.Count; i++)
        {
            var path = $"protocolSection.identificationModule.secondaryIdInfos[{i}]";
            if (j.Str(Item(j, secondaryItems[i], path), "id", path + ".id") is { } id) secondaryIds.Add(RegistryDocument.NormaliseId(id));
        }

        var facts = new TrialRegistryFacts
        {
            BriefTitle = briefTitle,
            OfficialTitle = officialTitle,
            Acronym = j.Str(identification, "acronym", "protocolSection.identificationModule.acronym"),
            WhyStopped = j.Str(status, "whyStopped", Status + ".whyStopped"),
            StudyType = j.Str(design, "studyType", Design + ".studyType"),
            Phases = phases,
            StartDateType = j.Str(Date("startDateStruct"), "type", Status + ".startDateStruct.type"),
            PrimaryCompletionDate = j.Str(Date("primaryCompletionDateStruct"), "date", Status + ".primaryCompletionDateStruct.date"),
            PrimaryCompletionDateType = j.Str(Date("primaryCompletionDateStruct"), "type", Status + ".primaryCompletionDateStruct.type"),
            CompletionDateType = j.Str(Date("completionDateStruct"), "type", Status + ".completionDateStruct.type"),
            FirstPostedDate = j.Str(Date("studyFirstPostDateStruct"), "date", Status + ".studyFirstPostDateStruct.date"),
            Allocation = j.Str(designInfo, "allocation", Design + ".designInfo.allocation"),
            InterventionModel = j.Str(designInfo, "interventionModel", Design + ".designInfo.interventionModel"),
            PrimaryPurpose = j.Str(designInfo, "primaryPurpose", Design + ".designInfo.primaryPurpose"),
            Masking = j.Str(j.Obj(designInfo, "maskingInfo", Design + ".designInfo.maskingInfo"), "masking", Design + ".designInfo.maskingInfo.masking"),
            EnrollmentType = j.Str(enrollment, "type", Design + ".enrollmentInfo.type"),
            Arms = ArmGroups(j, arms),
            Countries = Countries(j, protocol),
            References = References(j, protocol),
            HasResults = j.Bool(study, "hasResults", "hasResults"),
            ResultsFirstPostedDate = j.Str(Date("resultsFirstPostDateStruct"), "date", Status + ".resultsFirstPostDateStruct.date"),
            Results = ClinicalTrialsResultsReader.Read(j, j.Obj(study, "resultsSection", "resultsSection")),
        };

        var trial = new TrialRecord(
            RegistryDocument.NormaliseId(nctId),
            briefTitle ?? officialTitle,
            phases.Count > 0 ? string.Join('/', phases) : null,
            j.Str(status, "overallStatus", Status + ".overallStatus"),
            j.Int(enrollment, "count", Design + ".enrollmentInfo.count"),
            j.Str(sponsor, "name", "protocolSection.sponsorCollaboratorsModule.leadSponsor.name"),
            j.Str(Date("startDateStruct"), "date", Status + ".startDateStruct.date"),
            j.Str(Date("completionDateStruct"), "date", Status + ".completionDateStruct.date"),
            j.Strs(conditions, "conditions", "protocolSection.conditionsModule.conditions"),
            interventions,
            outcomes)
        {
            SecondaryIds = secondaryIds.Distinct().ToList(),
            Facts = facts,
        };

        ctx.Token.ThrowIfCancellationRequested();
        return RegistryDocument.Build(trial,
            officialTitle,
            j.Str(description, "briefSummary", "protocolSection.descriptionModule.briefSummary"),
            j.Str(description, "detailedDescription", "protocolSection.descriptionModule.detailedDescription"),
            j.Strs(conditions, "keywords", "protocolSection.conditionsModule.keywords"),
            DocumentFormat.ClinicalTrialsJson, ctx);
    }

    private static JsonElement Item(RegistryJson j, JsonElement item, string path) => j.Item(item, path);

    private static IEnumerable<TrialOutcomeMeasure> Outcomes(RegistryJson j, JsonElement protocol, string list, bool primary)
    {
        var module = j.Obj(protocol, "outcomesModule", "protocolSection.outcomesModule");
        var items = j.Arr(module, list, $"protocolSection.outcomesModule.{list}");
        var result = new List<TrialOutcomeMeasure>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"protocolSection.outcomesModule.{list}[{i}]";
            var o = Item(j, items[i], path);
            if (j.Str(o, "measure", path + ".measure") is { } measure)
                result.Add(new TrialOutcomeMeasure(measure, primary, j.Str(o, "description", path + ".description"), j.Str(o, "timeFrame", path + ".timeFrame")));
        }
        return result;
    }

    private static List<TrialArm> ArmGroups(RegistryJson j, JsonElement? arms)
    {
        var items = j.Arr(arms, "armGroups", "protocolSection.armsInterventionsModule.armGroups");
        var result = new List<TrialArm>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"protocolSection.armsInterventionsModule.armGroups[{i}]";
            var a = Item(j, items[i], path);
            if (j.Str(a, "label", path + ".label") is { } label)
                result.Add(new TrialArm(label, j.Str(a, "type", path + ".type"), j.Str(a, "description", path + ".description"),
                    j.Strs(a, "interventionNames", path + ".interventionNames")));
        }
        return result;
    }

    private static List<string> Countries(RegistryJson j, JsonElement protocol)
    {
        var module = j.Obj(protocol, "contactsLocationsModule", "protocolSection.contactsLocationsModule");
        var items = j.Arr(module, "locations", "protocolSection.contactsLocationsModule.locations");
        var result = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"protocolSection.contactsLocationsModule.locations[{i}]";
            if (j.Str(Item(j, items[i], path), "country", path + ".country") is { } country && !result.Contains(country))
                result.Add(country);
        }
        return result;
    }

    private static List<TrialReference> References(RegistryJson j, JsonElement protocol)
    {
        var module = j.Obj(protocol, "referencesModule", "protocolSection.referencesModule");
        var items = j.Arr(module, "references", "protocolSection.referencesModule.references");
        var result = new List<TrialReference>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"protocolSection.referencesModule.references[{i}]";
            var r = Item(j, items[i], path);
            var pmid = DocumentText.NormalisePmid(j.Str(r, "pmid", path + ".pmid"));
            var citation = j.Str(r, "citation", path + ".citation");
            if (pmid is null && citation is null) continue;
            result.Add(new TrialReference(pmid, j.Str(r, "type", path + ".type")?.ToUpperInvariant() ?? "BACKGROUND", citation));
        }
        return result;
    }
}
