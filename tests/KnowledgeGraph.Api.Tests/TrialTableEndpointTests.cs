using System.Net;
using System.Text.Json;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Trials;

namespace KnowledgeGraph.Api.Tests;

/// <summary>The trial card, the evidence table and the matrix over the ingested samples (real and written registry records).</summary>
public sealed class TrialTableEndpointTests(SampleGraphFixture fixture) : IClassFixture<SampleGraphFixture>
{
    private HttpClient Client => fixture.Host.Client;

    public static TheoryData<string> RegistryFiles => new()
    {
        "ctgov_v2_with_results_NCT02803307.json", "ctgov_v2_NCT00676871.json", "ctgov_legacy_xml_NCT03835312.xml",
        "ctgov_v2_NCT04786262_vx880.json", "ctgov_v2_NCT01210664_polyclonal_tregs.json", "ctgov_v2_NCT02239354_vc01.json",
        "ctgov_legacy_xml_NCT00315133_ahsct.xml",
    };

    [Theory]
    [MemberData(nameof(RegistryFiles))]
    public async Task Every_registry_fact_of_a_sample_is_on_its_card_with_the_records_value_and_field(string file)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(TestApiHost.SamplesFolder, file));
        var document = Assert.Single(new DocumentReader().Read(bytes, file));
        var trial = document.Trial!;

        var card = await Client.JsonAsync($"/api/trials/{trial.Id}");

        Assert.Equal($"trial:{trial.Id}", card.GetProperty("id").GetString());
        Assert.Equal(document.Id, card.GetProperty("registrySource").GetString());
        // The record on the card is the record as read, value for value.
        Assert.Equal(GraphJson.Serialize(trial), card.GetProperty("record").GetRawText());
        var facts = card.GetProperty("facts").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        var expected = TrialCards.Facts(trial, document.Id, document.Format);
        Assert.Equal(expected.Select(f => f.Name), facts.Keys);
        foreach (var fact in expected)
        {
            var shown = facts[fact.Name];
            Assert.Equal(GraphJson.Serialize(fact.Value), shown.GetProperty("value").GetRawText());
            Assert.Equal(document.Id, shown.GetProperty("source").GetString());
            Assert.Equal(RegistryFields.Of(fact.Name, document.Format), shown.GetProperty("field").GetString());
        }
        Assert.Contains("status", facts.Keys);
        Assert.Contains("enrollment", facts.Keys);
    }

    [Fact]
    public async Task The_card_of_the_record_with_results_shows_its_measures_and_adverse_events_as_findings()
    {
        var card = await Client.JsonAsync("/api/trials/NCT02803307");

        var findings = card.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("sourceKind").GetString() == "registry").ToList();
        Assert.Equal(["outcome:safety", "outcome:safety"], findings.Select(f => f.GetProperty("outcomeId").GetString()));
        Assert.Equal("6 mg TLC599: 9 of 20 Participants; 12 mg TLC599: 9 of 20 Participants", findings[0].GetProperty("value").GetString());
        Assert.StartsWith("6 mg TLC599: deaths 0/20, serious 0/20, other 9/20", findings[1].GetProperty("value").GetString());
        var evidence = findings[0].GetProperty("evidence");
        var sentences = await Client.JsonAsync($"/api/evidence?from={evidence.GetProperty("from").GetString()}&type=REPORTS_OUTCOME&to=outcome:safety");
        Assert.Contains(sentences.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("value").GetString() == findings[0].GetProperty("value").GetString());
        Assert.Empty(card.GetProperty("flags").EnumerateArray());
    }

    [Fact]
    public async Task The_vx880_row_has_product_cell_type_mechanism_source_site_protection_and_registry_numbers()
    {
        var table = await Client.JsonAsync("/api/evidence-table?trial=NCT04786262&outcome=insulin-independence");

        var row = Assert.Single(table.GetProperty("items").EnumerateArray());
        IEnumerable<string?> Ids(string name) => row.GetProperty(name).EnumerateArray().Select(x => x.GetProperty("id").GetString());
        Assert.Equal(["product:vx-880"], Ids("products"));
        Assert.Contains("celltype:sc-islet", Ids("cellTypes"));
        Assert.Equal(["mechanism:replacement"], Ids("mechanisms"));
        Assert.Contains("source:stem-cell-derived", Ids("cellSources"));
        Assert.Equal(["site:hepatic-portal-vein"], Ids("deliverySites"));
        Assert.Equal(["protection:immunosuppression"], Ids("protections"));
        Assert.Equal(("PHASE1/PHASE2", "ACTIVE_NOT_RECRUITING", 37), (row.GetProperty("phase").GetString(), row.GetProperty("status").GetString(), row.GetProperty("enrollment").GetInt32()));
        var finding = row.GetProperty("findings")[0];
        Assert.Equal(("VX-880 full dose: 10 of 12 Participants", "registry:NCT04786262"), (finding.GetProperty("value").GetString(), finding.GetProperty("documentId").GetString()));
    }

    [Fact]
    public async Task A_paper_and_a_registry_reference_meet_on_one_trial_and_the_papers_numbers_join_its_row()
    {
        var card = await Client.JsonAsync("/api/trials/NCT01210664");
        var paper = Assert.Single(card.GetProperty("papers").EnumerateArray());
        Assert.Equal("paper:pmid:26606968", paper.GetProperty("id").GetString());
        Assert.Equal(["text", "registry reference"], paper.GetProperty("via").Strings());
        Assert.Contains(card.GetProperty("stated").EnumerateArray(), s => s.GetProperty("value").GetString() == "fourteen adults");

        // The AHSCT article names no trial id; the legacy record's results_reference links it, so its numbers count.
        var ahsct = await Client.JsonAsync("/api/trials/NCT00315133");
        Assert.Equal(["registry reference"], Assert.Single(ahsct.GetProperty("papers").EnumerateArray()).GetProperty("via").Strings());
        Assert.Contains(ahsct.GetProperty("stated").EnumerateArray(), s => s.GetProperty("value").GetString() == "Fifteen patients");
    }

    [Fact]
    public async Task Completed_trials_without_results_or_a_paper_are_flagged()
    {
        var table = await Client.JsonAsync("/api/evidence-table?status=completed&limit=500");
        var flagged = table.GetProperty("items").EnumerateArray()
            .Where(r => r.GetProperty("flags").Strings().Contains(TrialCards.CompletedWithoutResults))
            .Select(r => r.GetProperty("registryId").GetString()).Distinct().ToList();
        Assert.Equal(["NCT02239354"], flagged);
    }

    [Theory]
    [InlineData("product=vx-880", "NCT04786262")]
    [InlineData("protection=none", "NCT02239354")]
    [InlineData("protection=protection:atg", "NCT00315133")]
    [InlineData("mechanism=immunomodulation&outcome=c-peptide", "NCT00315133,NCT01210664,NCT03835312")]
    [InlineData("phase=2&product=product:vc-01", "NCT02239354")]
    public async Task Evidence_table_filters_select_the_trials(string query, string expected)
    {
        var table = await Client.JsonAsync($"/api/evidence-table?{query}&limit=500");
        var trials = table.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("registryId").GetString()).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(expected.Split(','), trials);
    }

    [Fact]
    public async Task Evidence_table_as_csv_and_markdown_has_the_same_rows()
    {
        var json = await Client.JsonAsync("/api/evidence-table?limit=500");
        var rows = json.GetProperty("items").GetArrayLength();

        using var csv = await Client.GetAsync("/api/evidence-table?format=csv&limit=500");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.StartsWith(string.Join(',', EvidenceTableFormat.Columns), text);
        Assert.Contains("VX-880 full dose: 10 of 12 Participants [registry:NCT04786262]", text);
        Assert.Equal(rows + 1, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        using var md = await Client.GetAsync("/api/evidence-table?format=markdown&limit=500");
        Assert.Equal("text/markdown", md.Content.Headers.ContentType?.MediaType);
        Assert.Equal(rows + 2, (await md.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        using var paged = await Client.GetAsync("/api/evidence-table?format=csv&limit=1");
        Assert.True(paged.Headers.TryGetValues("X-Next-Cursor", out var cursor));
        Assert.NotEmpty(Assert.Single(cursor));
    }

    [Fact]
    public async Task A_paper_is_one_vote_in_a_rows_direction_however_many_sentences_it_has()
    {
        // The AHSCT paper: "Fourteen of the fifteen ... became free of exogenous insulin" and "One patient did not achieve
        // insulin independence": one positive paper, as on the graph's finding edge, not a mixed result.
        var json = await Client.JsonAsync("/api/evidence-table?trial=NCT00315133&outcome=outcome:insulin-independence");

        var row = Assert.Single(json.GetProperty("items").EnumerateArray());
        Assert.True(row.GetProperty("findings").GetArrayLength() >= 2);
        Assert.Equal("positive", row.GetProperty("direction").GetString());
    }

    [Fact]
    public async Task A_negated_finding_is_shown_with_its_own_polarity_not_its_opposite()
    {
        var text = await Client.GetStringAsync("/api/evidence-table?format=csv&limit=500");

        // "Insulin independence was not achieved" is not_achieved; "no ... adverse events were observed" is improved safety.
        Assert.Contains("Insulin independence was not achieved. (not_achieved)", text);
        Assert.Contains("high-grade adverse events were observed. (improved)", text);
        Assert.DoesNotContain("(not ", text);
    }

    [Fact]
    public async Task Matrix_puts_mechanisms_against_outcomes_with_trials_papers_patients_and_direction()
    {
        var matrix = await Client.JsonAsync("/api/evidence-matrix");

        var cells = matrix.GetProperty("cells").EnumerateArray().ToList();
        var cpeptide = cells.Single(c => c.GetProperty("mechanismId").GetString() == "mechanism:immunomodulation" && c.GetProperty("outcomeId").GetString() == "outcome:c-peptide");
        // The AHSCT registry record and its papers report C-peptide; the Treg paper's C-peptide sentence is hedged
        // ("not designed to test efficacy") and its plan ("phase 2 trials ... to preserve") is no finding.
        Assert.True(cpeptide.GetProperty("trials").GetInt32() >= 1);
        Assert.True(cpeptide.GetProperty("papers").GetInt32() >= 2);
        Assert.Contains("trial:NCT00315133", cpeptide.GetProperty("trialIds").Strings());
        Assert.True(cpeptide.GetProperty("patients").GetInt64() >= 15);
        Assert.Equal("positive", cpeptide.GetProperty("direction").GetString());
        var independence = cells.Single(c => c.GetProperty("mechanismId").GetString() == "mechanism:replacement" && c.GetProperty("outcomeId").GetString() == "outcome:insulin-independence");
        Assert.Contains("trial:NCT04786262", independence.GetProperty("trialIds").Strings());
        Assert.Contains(independence.GetProperty("direction").GetString(), new[] { "positive", "negative", "mixed", "unclear" });
    }

    [Theory]
    [InlineData("/api/evidence-table?format=xlsx")]
    [InlineData("/api/evidence-table?mechanism=magic")]
    [InlineData("/api/evidence-table?cursor=nonsense")]
    [InlineData("/api/evidence-table?limit=0")]
    [InlineData("/api/evidence-matrix?mechanism=magic")]
    public async Task Bad_table_parameters_are_400_problems(string url) =>
        Assert.NotEmpty(await Client.ProblemAsync(url, HttpStatusCode.BadRequest));
}
