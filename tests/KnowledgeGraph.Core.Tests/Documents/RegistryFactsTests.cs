using System.Text.Json;
using KnowledgeGraph.Core.Documents;

namespace KnowledgeGraph.Core.Tests.Documents;

/// <summary>Every trial fact and posted result of the real registry records, read exactly as the record states it.</summary>
public class RegistryFactsTests
{
    // Records holding lists compare those lists by reference; their JSON compares every value.
    private static void Same<T>(T expected, T actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));

    [Fact]
    public void V2_record_with_results_keeps_every_protocol_fact()
    {
        var trial = Fixtures.ReadOne("ctgov_v2_with_results_NCT02803307.json").Trial!;
        var f = trial.Facts;

        Assert.Equal("Single-Dose Administration Trial of TLC599 in Osteoarthritis of the Knee", f.BriefTitle);
        Assert.Equal("A Randomized, Open-label, Parallel, Phase I/II Single-Dose Administration Trial of TLC599 in Subjects With Osteoarthritis of the Knee", f.OfficialTitle);
        Assert.Null(f.Acronym);
        Assert.Null(f.WhyStopped);
        Assert.Equal("COMPLETED", trial.Status);
        Assert.Equal(["PHASE1", "PHASE2"], f.Phases);
        Assert.Equal("INTERVENTIONAL", f.StudyType);
        Assert.Equal(("2015-06", "ACTUAL"), (trial.StartDate, f.StartDateType));
        Assert.Equal(("2016-11", "ACTUAL"), (f.PrimaryCompletionDate, f.PrimaryCompletionDateType));
        Assert.Equal(("2016-11", "ACTUAL"), (trial.CompletionDate, f.CompletionDateType));
        Assert.Equal("2016-06-16", f.FirstPostedDate);
        Assert.Equal(("RANDOMIZED", "PARALLEL", "TREATMENT", "NONE"), (f.Allocation, f.InterventionModel, f.PrimaryPurpose, f.Masking));
        Assert.Equal((40, "ACTUAL"), (trial.Enrollment, f.EnrollmentType));
        Same([
            new TrialArm("6 mg TLC599", "EXPERIMENTAL", "6 mg DSP with 50 μmol PL", ["Drug: TLC599"]),
            new TrialArm("12 mg TLC599", "EXPERIMENTAL", "12 mg DSP with 100 μmol PL", ["Drug: TLC599"]),
        ], f.Arms);
        Assert.Equal(["Taiwan"], f.Countries);
        Assert.Empty(f.References);
        Assert.True(f.HasResults);
        Assert.Equal("2022-05-06", f.ResultsFirstPostedDate);
    }

    [Fact]
    public void V2_results_hold_measures_denominators_and_adverse_events_as_posted()
    {
        var results = Fixtures.ReadOne("ctgov_v2_with_results_NCT02803307.json").Trial!.Facts.Results!;

        var measure = Assert.Single(results.OutcomeMeasures);
        Assert.Equal("PRIMARY", measure.Type);
        Assert.Equal("Number of Participants With Treatment-Emergent Adverse Events (TEAEs)", measure.Title);
        Assert.Equal("up to 12 weeks after dosing", measure.TimeFrame);
        Assert.Equal(("COUNT_OF_PARTICIPANTS", "Participants", "POSTED"), (measure.ParamType, measure.Unit, measure.ReportingStatus));
        Assert.Equal(["OG000", "OG001"], measure.Groups.Select(g => g.Id));
        Assert.Equal("12 mg TLC599", measure.Groups[1].Title);
        Assert.Equal([new TrialDenominator("OG000", "Participants", "20"), new TrialDenominator("OG001", "Participants", "20")], measure.Denominators);
        Assert.Equal([new TrialMeasurement("OG000", "9"), new TrialMeasurement("OG001", "9")], measure.Measurements);

        var ae = results.AdverseEvents!;
        Assert.Equal(("12 weeks", "0"), (ae.TimeFrame, ae.FrequencyThreshold));
        Assert.Equal(new TrialEventGroup("EG000", "6 mg TLC599", "6 mg DSP with 50 μmol PL\n\nTLC599: Single dose via intra-articular injection", 0, 20, 0, 20, 9, 20), ae.Groups[0]);
        Assert.Empty(ae.Serious);
        Assert.Equal(27, ae.Other.Count);
        Same(new TrialAdverseEvent("Angina pectoris", "Cardiac disorders", [new TrialEventStat("EG000", null, 0, 20), new TrialEventStat("EG001", null, 1, 20)]),
            ae.Other[0]);
    }

    [Fact]
    public void Every_value_and_count_in_the_results_section_equals_the_records_own()
    {
        using var json = JsonDocument.Parse(Fixtures.Bytes("ctgov_v2_with_results_NCT02803307.json"));
        var results = Fixtures.ReadOne("ctgov_v2_with_results_NCT02803307.json").Trial!.Facts.Results!;
        var section = json.RootElement.GetProperty("resultsSection");

        var posted = section.GetProperty("outcomeMeasuresModule").GetProperty("outcomeMeasures").EnumerateArray()
            .SelectMany(m => m.GetProperty("classes").EnumerateArray()
                .SelectMany(c => c.GetProperty("categories").EnumerateArray())
                .SelectMany(c => c.GetProperty("measurements").EnumerateArray())
                .Select(x => (m.GetProperty("title").GetString()!, x.GetProperty("groupId").GetString()!, x.GetProperty("value").GetString())))
            .ToList();
        var read = results.OutcomeMeasures.SelectMany(m => m.Measurements.Select(x => (m.Title, x.GroupId, x.Value))).ToList();
        Assert.Equal(posted, read);

        var events = section.GetProperty("adverseEventsModule");
        var postedOther = events.GetProperty("otherEvents").EnumerateArray()
            .SelectMany(e => e.GetProperty("stats").EnumerateArray().Select(s =>
                (e.GetProperty("term").GetString()!, e.GetProperty("organSystem").GetString(), s.GetProperty("groupId").GetString()!,
                 s.GetProperty("numAffected").GetInt32(), s.GetProperty("numAtRisk").GetInt32())))
            .ToList();
        var readOther = results.AdverseEvents!.Other
            .SelectMany(e => e.Stats.Select(s => (e.Term, e.OrganSystem, s.GroupId, s.NumAffected!.Value, s.NumAtRisk!.Value))).ToList();
        Assert.Equal(postedOther, readOther);
        var postedGroups = events.GetProperty("eventGroups").EnumerateArray()
            .Select(g => (g.GetProperty("id").GetString()!, g.GetProperty("seriousNumAffected").GetInt32(), g.GetProperty("otherNumAtRisk").GetInt32()));
        Assert.Equal(postedGroups, results.AdverseEvents.Groups.Select(g => (g.Id, g.SeriousAffected!.Value, g.OtherAtRisk!.Value)));
    }

    [Fact]
    public void V2_withdrawn_record_keeps_why_it_stopped_and_states_no_results()
    {
        var trial = Fixtures.ReadOne("ctgov_v2_NCT00676871.json").Trial!;
        var f = trial.Facts;

        Assert.Equal("WITHDRAWN", trial.Status);
        Assert.Equal("Replacing this trial with a new trial.", f.WhyStopped);
        Assert.Equal(("NON_RANDOMIZED", "SINGLE_GROUP", "NONE"), (f.Allocation, f.InterventionModel, f.Masking));
        Assert.Equal((30, "ESTIMATED"), (trial.Enrollment, f.EnrollmentType));
        Assert.Equal(7, f.Arms.Count);
        Assert.All(f.Arms, a => Assert.Equal(["Drug: MEDI-538"], a.Interventions));
        Assert.Equal(("2010-03", "ESTIMATED"), (f.PrimaryCompletionDate, f.PrimaryCompletionDateType));
        Assert.False(f.HasResults);
        Assert.Null(f.Results);
        Assert.Empty(f.Countries);
    }

    [Fact]
    public void Legacy_xml_keeps_design_arms_countries_and_typed_references()
    {
        var trial = Fixtures.ReadOne("ctgov_legacy_xml_NCT03835312.xml").Trial!;
        var f = trial.Facts;

        Assert.Equal("Sequential Transplantation of Umbilical Cord Blood Stem Cells and Islet Cells in Children and Adolescents With Monogenic Immunodeficiency Type 1 Diabetes Mellitus", f.OfficialTitle);
        Assert.Equal(["N/A"], f.Phases);
        Assert.Equal("Interventional", f.StudyType);
        Assert.Equal(("2019-02-20", "Anticipated"), (trial.StartDate, f.StartDateType));
        Assert.Equal(("2024-12-31", "Anticipated"), (f.PrimaryCompletionDate, f.PrimaryCompletionDateType));
        Assert.Equal(("Single Group Assignment", "Treatment", "None (Open Label)"), (f.InterventionModel, f.PrimaryPurpose, f.Masking));
        Assert.Null(f.Allocation);
        Assert.Equal((50, "Anticipated"), (trial.Enrollment, f.EnrollmentType));
        Same([new TrialArm("Interventional", "Experimental", "Sequential transplantation of umbilical cord blood stem cells and islet cells",
            ["Procedure: Sequential transplantation"])], f.Arms);
        Assert.Equal(["China"], f.Countries);
        Assert.Equal(17, f.References.Count);
        Assert.All(f.References, r => Assert.Equal("BACKGROUND", r.Type));
        Assert.Equal("29496507", f.References[0].Pmid);
        Assert.StartsWith("Cho NH, Shaw JE", f.References[0].Citation);
        Assert.Null(f.HasResults);
        Assert.Null(f.Results);
    }

    [Fact]
    public void Legacy_results_references_are_typed_result()
    {
        var xml = """
            <clinical_study><id_info><nct_id>NCT00315133</nct_id></id_info><brief_title>AHSCT in new-onset T1D</brief_title>
              <acronym>AHST</acronym><why_stopped>Enrollment complete</why_stopped>
              <results_reference><citation>Voltarelli JC, et al. JAMA. 2007.</citation><PMID>17426273</PMID></results_reference>
              <reference><citation>Background reading.</citation><PMID>00012</PMID></reference>
              <clinical_results><outcome_list/></clinical_results>
            </clinical_study>
            """;

        var f = Assert.Single(Fixtures.ReadText(xml, "NCT00315133.xml")).Trial!.Facts;

        Assert.Equal("AHST", f.Acronym);
        Assert.Equal("Enrollment complete", f.WhyStopped);
        Assert.Equal([new TrialReference("17426273", "RESULT", "Voltarelli JC, et al. JAMA. 2007."), new TrialReference("12", "BACKGROUND", "Background reading.")],
            f.References);
        Assert.True(f.HasResults);
    }

    [Fact]
    public void V2_references_keep_pmid_and_type_and_a_study_with_only_an_id_reads_with_empty_facts()
    {
        var json = """
            {"studies": [
              {"protocolSection": {"identificationModule": {"nctId": "NCT01210664", "briefTitle": "Tregs", "acronym": "T1DReg"},
                "referencesModule": {"references": [{"pmid": "26606968", "type": "RESULT", "citation": "Bluestone JA et al."},
                                                    {"pmid": "1", "type": "DERIVED"}, {"citation": "no pmid", "type": "BACKGROUND"}]}}},
              {"protocolSection": {"identificationModule": {"nctId": "NCT00000001", "briefTitle": "Bare"}}}
            ]}
            """;

        var papers = Fixtures.ReadText(json, "page.json");

        var refs = papers[0].Trial!.Facts.References;
        Assert.Equal([new TrialReference("26606968", "RESULT", "Bluestone JA et al."), new TrialReference("1", "DERIVED", null), new TrialReference(null, "BACKGROUND", "no pmid")], refs);
        Assert.Equal([true, true, false], refs.Select(r => r.ReportsOnTrial));
        Assert.Equal("T1DReg", papers[0].Trial!.Facts.Acronym);
        var bare = papers[1].Trial!;
        Assert.Equal(("NCT00000001", null, null), (bare.Id, bare.Facts.HasResults, bare.Facts.Results));
        Assert.Empty(bare.Facts.Arms);
    }

    [Theory]
    [InlineData("""{"protocolSection": {"identificationModule": {"nctId": "NCT1"}, "designModule": {"phases": "PHASE1"}}}""",
        "protocolSection.designModule.phases is the text \"PHASE1\", expected a list")]
    [InlineData("""{"protocolSection": {"identificationModule": {"nctId": "NCT1"}, "designModule": {"enrollmentInfo": {"count": "forty"}}}}""",
        "protocolSection.designModule.enrollmentInfo.count is the text \"forty\", expected a whole number")]
    [InlineData("""{"protocolSection": {"identificationModule": {"nctId": "NCT1"}, "statusModule": {"overallStatus": {"x": 1}}}}""",
        "protocolSection.statusModule.overallStatus is an object, expected text")]
    [InlineData("""{"protocolSection": {"identificationModule": {"nctId": "NCT1"}}, "resultsSection": []}""",
        "resultsSection is a list, expected an object")]
    [InlineData("""{"protocolSection": {"identificationModule": {"nctId": "NCT1"}}, "hasResults": "maybe"}""",
        "hasResults is the text \"maybe\", expected true or false")]
    [InlineData("""{"protocolSection": {"identificationModule": {"nctId": "NCT1"}}, "resultsSection": {"adverseEventsModule": {"eventGroups": [{"id": "EG000", "deathsNumAffected": {}}]}}}""",
        "resultsSection.adverseEventsModule.eventGroups[0].deathsNumAffected is an object, expected a whole number")]
    [InlineData("""{"protocolSection": {"identificationModule": {"nctId": "NCT1"}, "armsInterventionsModule": {"armGroups": ["VX-880"]}}}""",
        "protocolSection.armsInterventionsModule.armGroups[0] is the text \"VX-880\", expected an object")]
    public void A_field_of_the_wrong_kind_fails_the_file_naming_the_study_and_the_path(string json, string expected)
    {
        var e = Fixtures.Fails(json, "odd.json");

        Assert.Equal(DocumentErrorCode.Malformed, e.Code);
        Assert.Contains("study 1 (NCT1) in 'odd.json'", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_list_longer_than_the_limit_fails_with_limit_exceeded()
    {
        var measures = string.Join(", ", Enumerable.Range(0, 11).Select(i => $$"""{"measure": "m{{i}}"}"""));
        var json = """{"protocolSection": {"identificationModule": {"nctId": "NCT1"}, "outcomesModule": {"primaryOutcomes": [""" + measures + "]}}}";

        var e = Fixtures.Fails(json, "huge.json", new ReaderLimits(MaxRegistryListItems: 10));

        Assert.Equal(DocumentErrorCode.LimitExceeded, e.Code);
        Assert.Contains("protocolSection.outcomesModule.primaryOutcomes has 11 items; the limit is 10 (MaxRegistryListItems)", e.Message);
    }

    [Fact]
    public void Results_with_more_values_than_the_limit_fail_with_limit_exceeded()
    {
        var values = string.Join(", ", Enumerable.Range(0, 30).Select(i => $$"""{"groupId": "OG{{i:000}}", "value": "{{i}}"}"""));
        var json = """{"protocolSection": {"identificationModule": {"nctId": "NCT1"}}, "resultsSection": {"outcomeMeasuresModule": {"outcomeMeasures": [{"title": "HbA1c", "classes": [{"categories": [{"measurements": ["""
            + values + "]}]}]}]}}}";

        var e = Fixtures.Fails(json, "values.json", new ReaderLimits(MaxRegistryResultValues: 25));

        Assert.Equal(DocumentErrorCode.LimitExceeded, e.Code);
        Assert.Contains("more than 25 values (MaxRegistryResultValues)", e.Message);
    }

    [Fact]
    public void Not_available_and_not_reported_values_are_kept_verbatim_with_dispersion_limits_and_categories()
    {
        var json = """
            {"protocolSection": {"identificationModule": {"nctId": "NCT1"}},
             "resultsSection": {"outcomeMeasuresModule": {"outcomeMeasures": [{
               "type": "SECONDARY", "title": "C-peptide AUC", "paramType": "MEAN", "dispersionType": "95% Confidence Interval", "unitOfMeasure": "nmol/L",
               "groups": [{"id": "OG000", "title": "Cells"}, {"id": "OG001", "title": "Placebo"}],
               "classes": [{"title": "Month 12", "categories": [{"title": "Responders", "measurements": [
                 {"groupId": "OG000", "value": "0.62", "lowerLimit": "0.41", "upperLimit": "0.83"},
                 {"groupId": "OG001", "value": "NA", "comment": "Not analysed: fewer than 3 participants"}]}]}]}]}}}
            """;

        var m = Assert.Single(Assert.Single(Fixtures.ReadText(json, "v.json")).Trial!.Facts.Results!.OutcomeMeasures);

        Assert.Equal([
            new TrialMeasurement("OG000", "0.62", null, "0.41", "0.83", null, "Month 12", "Responders"),
            new TrialMeasurement("OG001", "NA", null, null, null, "Not analysed: fewer than 3 participants", "Month 12", "Responders"),
        ], m.Measurements);
        Assert.Equal(("SECONDARY", "MEAN", "95% Confidence Interval", "nmol/L"), (m.Type, m.ParamType, m.DispersionType, m.Unit));
    }

    [Fact]
    public void Registry_fields_name_the_source_of_every_card_fact_in_both_formats()
    {
        Assert.Equal("protocolSection.statusModule.whyStopped", RegistryFields.Of("whyStopped", DocumentFormat.ClinicalTrialsJson));
        Assert.Equal("why_stopped", RegistryFields.Of("whyStopped", DocumentFormat.ClinicalTrialsXml));
        Assert.All(RegistryFields.Names, n => Assert.NotNull(RegistryFields.Of(n, DocumentFormat.ClinicalTrialsXml)));
        Assert.Null(RegistryFields.Of("nonsense", DocumentFormat.ClinicalTrialsJson));
    }
}
