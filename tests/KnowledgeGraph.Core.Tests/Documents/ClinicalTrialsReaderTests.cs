using KnowledgeGraph.Core.Documents;

namespace KnowledgeGraph.Core.Tests.Documents;

public class ClinicalTrialsReaderTests
{
    [Fact]
    public void V2_study_maps_into_a_trial_record()
    {
        var paper = Fixtures.ReadOne("ctgov_v2_NCT00676871.json");
        var trial = paper.Trial!;

        Assert.Equal(DocumentFormat.ClinicalTrialsJson, paper.Format);
        Assert.Equal("registry:NCT00676871", paper.Id);
        Assert.Equal("NCT00676871", trial.Id);
        Assert.StartsWith("A Study to Evaluate the Safety, Tolerability, and Antitumor Activity of Continuous Intravenous Infusion of MEDI-538", paper.Title);
        Assert.Equal(paper.Title, trial.Title);
        Assert.Equal("PHASE1/PHASE2", trial.Phase);
        Assert.Equal("WITHDRAWN", trial.Status);
        Assert.Equal(30, trial.Enrollment);
        Assert.Equal("MedImmune LLC", trial.Sponsor);
        Assert.Equal("2008-06", trial.StartDate);
        Assert.Equal("2011-06", trial.CompletionDate);
        Assert.Equal(["Chronic Lymphocytic Leukemia"], trial.Conditions);
        Assert.Equal(2008, paper.Year);
        Assert.Equal(["clinicaltrials:NCT00676871"], paper.Publications);
    }

    [Fact]
    public void V2_outcomes_and_interventions_are_kept_and_written_into_registry_sections()
    {
        var paper = Fixtures.ReadOne("ctgov_v2_with_results_NCT02803307.json");
        var trial = paper.Trial!;

        Assert.Equal("NCT02803307", trial.Id);
        Assert.Equal("COMPLETED", trial.Status);
        Assert.Equal(40, trial.Enrollment);
        Assert.Equal("Taiwan Liposome Company", trial.Sponsor);
        var outcome = Assert.Single(trial.OutcomeMeasures);
        Assert.Equal(new TrialOutcomeMeasure("Number of Participants With Treatment-Emergent Adverse Events (TEAEs)", true,
            "Number of participants with at least one TEAE", "up to 12 weeks after dosing"), outcome);
        Assert.Equal(new TrialIntervention("TLC599", "DRUG", "Single dose via intra-articular injection"), Assert.Single(trial.Interventions));
        Assert.All(paper.Sections.Skip(1), s => Assert.Equal(SectionKind.Registry, s.Kind));
        Assert.Equal(["Official title", "Brief summary", "Detailed description", "Conditions", "Interventions", "Outcome measures"],
            paper.Sections.Skip(1).Select(s => s.Label));
        Assert.Contains("Primary outcome: Number of Participants With Treatment-Emergent Adverse Events (TEAEs)", paper.FullText);
        Assert.Contains("Intervention (DRUG): TLC599", paper.FullText);
        Assert.Contains("osteoarthritis of the knee", paper.Subjects);
    }

    [Fact]
    public void V2_search_page_yields_every_study_and_secondary_ids()
    {
        var json = """
            {"studies": [
              {"protocolSection": {"identificationModule": {"nctId": "NCT04786262", "briefTitle": "VX-880 in T1D",
                 "secondaryIdInfos": [{"id": "2021-000123-45", "type": "EUDRACT_NUMBER"}]},
                "designModule": {"phases": ["PHASE1", "PHASE2"], "enrollmentInfo": {"count": 50}},
                "statusModule": {"overallStatus": "ACTIVE_NOT_RECRUITING", "primaryCompletionDateStruct": {"date": "2026-12"}}}},
              {"protocolSection": {"identificationModule": {"nctId": "nct01210664", "briefTitle": "Treg therapy"},
                "outcomesModule": {"secondaryOutcomes": [{"measure": "C-peptide AUC"}]}}}
            ], "nextPageToken": "abc"}
            """;

        var papers = Fixtures.ReadText(json, "page.json");

        Assert.Equal(["registry:NCT04786262", "registry:NCT01210664"], papers.Select(p => p.Id));
        Assert.Equal(["2021-000123-45"], papers[0].Trial!.SecondaryIds);
        Assert.Equal("2026-12", papers[0].Trial!.Facts.PrimaryCompletionDate);
        Assert.Null(papers[0].Trial!.CompletionDate);
        Assert.Equal(new TrialOutcomeMeasure("C-peptide AUC", false, null, null), Assert.Single(papers[1].Trial!.OutcomeMeasures));
    }

    [Fact]
    public void V2_study_without_nct_id_is_malformed_and_says_which()
    {
        var e = Fixtures.Fails("""{"studies": [{"protocolSection": {"identificationModule": {"nctId": "NCT1"}}}, {"protocolSection": {}}]}""", "p.json");

        Assert.Equal(DocumentErrorCode.Malformed, e.Code);
        Assert.Contains("study 2", e.Message);
        Assert.Contains("nctId", e.Message);
    }

    [Fact]
    public void Legacy_xml_maps_into_the_same_trial_record()
    {
        var paper = Fixtures.ReadOne("ctgov_legacy_xml_NCT03835312.xml");
        var trial = paper.Trial!;

        Assert.Equal(DocumentFormat.ClinicalTrialsXml, paper.Format);
        Assert.Equal("registry:NCT03835312", paper.Id);
        Assert.Equal("Sequential Transplantation of UCBSCs and Islet Cells in Children and Adolescents With Monogenic Immunodeficiency T1DM", trial.Title);
        Assert.Equal("N/A", trial.Phase);
        Assert.Equal("Not yet recruiting", trial.Status);
        Assert.Equal("Children's Hospital of Fudan University", trial.Sponsor);
        Assert.Equal("2019-02-20", trial.StartDate);
        Assert.Equal("2024-12-31", trial.CompletionDate);
        Assert.Equal(50, trial.Enrollment);
        Assert.Equal(["Diabetes Mellitus, Type 1", "Immunologic Deficiency Syndromes"], trial.Conditions);
        var intervention = Assert.Single(trial.Interventions);
        Assert.Equal("Sequential transplantation", intervention.Name);
        Assert.Equal("Procedure", intervention.Type);
        Assert.StartsWith("After successful matching of umbilical cord blood stem cells", intervention.Description);
        Assert.Equal(144, trial.OutcomeMeasures.Count);
        Assert.Equal(2, trial.OutcomeMeasures.Count(o => o.Primary));
        Assert.Equal(new TrialOutcomeMeasure("Concentration of serum C-peptide", true, "Islet function (concentration of serum C-peptide)",
            "from the completion of treatment to 3 months"), trial.OutcomeMeasures[0]);
        Assert.Contains("Islets of Langerhans Transplantation", paper.Subjects);
        var summary = paper.Sections.Single(s => s.Label == "Brief summary").Text;
        Assert.Equal("This study evaluates the efficacy of sequential transplantation of umbilical cord blood stem cells and islet cells in children with monogenic immunodeficiency type 1 diabetes mellitus. Umbilical cord blood stem cell transplantation will be performed first. Children with stable immune reconstruction will than receive islet cell transplantation.", summary);
    }
}
