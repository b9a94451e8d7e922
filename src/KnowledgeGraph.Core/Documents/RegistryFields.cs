namespace KnowledgeGraph.Core.Documents;

/// <summary>
/// Where each trial fact comes from in a registry record, so that a trial card can name the field behind every
/// value: the API v2 JSON path and the legacy XML element. Names are the trial card's fact names.
/// </summary>
public static class RegistryFields
{
    private static readonly Dictionary<string, (string Json, string Xml)> Fields = new(StringComparer.Ordinal)
    {
        ["registryId"] = ("protocolSection.identificationModule.nctId", "id_info/nct_id"),
        ["secondaryIds"] = ("protocolSection.identificationModule.secondaryIdInfos[].id", "id_info/secondary_id"),
        ["briefTitle"] = ("protocolSection.identificationModule.briefTitle", "brief_title"),
        ["officialTitle"] = ("protocolSection.identificationModule.officialTitle", "official_title"),
        ["acronym"] = ("protocolSection.identificationModule.acronym", "acronym"),
        ["sponsor"] = ("protocolSection.sponsorCollaboratorsModule.leadSponsor.name", "sponsors/lead_sponsor/agency"),
        ["status"] = ("protocolSection.statusModule.overallStatus", "overall_status"),
        ["whyStopped"] = ("protocolSection.statusModule.whyStopped", "why_stopped"),
        ["startDate"] = ("protocolSection.statusModule.startDateStruct", "start_date"),
        ["primaryCompletionDate"] = ("protocolSection.statusModule.primaryCompletionDateStruct", "primary_completion_date"),
        ["completionDate"] = ("protocolSection.statusModule.completionDateStruct", "completion_date"),
        ["firstPosted"] = ("protocolSection.statusModule.studyFirstPostDateStruct.date", "study_first_posted"),
        ["studyType"] = ("protocolSection.designModule.studyType", "study_type"),
        ["phase"] = ("protocolSection.designModule.phases", "phase"),
        ["allocation"] = ("protocolSection.designModule.designInfo.allocation", "study_design_info/allocation"),
        ["interventionModel"] = ("protocolSection.designModule.designInfo.interventionModel", "study_design_info/intervention_model"),
        ["primaryPurpose"] = ("protocolSection.designModule.designInfo.primaryPurpose", "study_design_info/primary_purpose"),
        ["masking"] = ("protocolSection.designModule.designInfo.maskingInfo.masking", "study_design_info/masking"),
        ["enrollment"] = ("protocolSection.designModule.enrollmentInfo", "enrollment"),
        ["conditions"] = ("protocolSection.conditionsModule.conditions", "condition"),
        ["arms"] = ("protocolSection.armsInterventionsModule.armGroups", "arm_group"),
        ["interventions"] = ("protocolSection.armsInterventionsModule.interventions", "intervention"),
        ["outcomeMeasures"] = ("protocolSection.outcomesModule", "primary_outcome, secondary_outcome"),
        ["countries"] = ("protocolSection.contactsLocationsModule.locations[].country", "location_countries/country"),
        ["references"] = ("protocolSection.referencesModule.references", "results_reference, reference"),
        ["hasResults"] = ("hasResults", "clinical_results"),
        ["resultsFirstPosted"] = ("protocolSection.statusModule.resultsFirstPostDateStruct.date", "results_first_posted"),
        ["outcomeResults"] = ("resultsSection.outcomeMeasuresModule.outcomeMeasures", "clinical_results/outcome_list"),
        ["adverseEvents"] = ("resultsSection.adverseEventsModule", "clinical_results/reported_events"),
    };

    /// <summary>Every fact name this map knows.</summary>
    public static IEnumerable<string> Names => Fields.Keys;

    /// <summary>The field behind <paramref name="fact"/> in a record of <paramref name="format"/>, or null.</summary>
    public static string? Of(string fact, DocumentFormat format) =>
        Fields.TryGetValue(fact, out var f) ? format == DocumentFormat.ClinicalTrialsXml ? f.Xml : f.Json : null;
}
