using KnowledgeGraph.Core.Extraction;

namespace KnowledgeGraph.Core.Tests.Extraction;

public class TrialIdsTests
{
    [Theory]
    [InlineData("NCT 01210664", "NCT01210664")]
    [InlineData("nct01210664", "NCT01210664")]
    [InlineData("NCT-01210664", "NCT01210664")]
    [InlineData("ISRCTN 12345678", "ISRCTN12345678")]
    [InlineData("2019-001234-56", "EUDRACT2019-001234-56")]
    [InlineData("EudraCT number 2019-001234-56", "EUDRACT2019-001234-56")]
    [InlineData("ChiCTR-IPR-15006183", "CHICTR-IPR-15006183")]
    [InlineData("ChiCTR2000031234", "CHICTR2000031234")]
    [InlineData("ACTRN12614000123456", "ACTRN12614000123456")]
    [InlineData("jRCT2033200075", "JRCT2033200075")]
    [InlineData("CTRI/2019/03/017890", "CTRI/2019/03/017890")]
    [InlineData("DRKS00012345", "DRKS00012345")]
    [InlineData("IRCT2016070428786N1", "IRCT2016070428786N1")]
    public void Normalizes_registry_ids_to_upper_case_without_spaces(string raw, string expected) =>
        Assert.Equal(expected, TrialIds.Normalize(raw));

    [Theory]
    [InlineData("NCT0121066")]      // 7 digits
    [InlineData("NCT012106645")]    // 9 digits
    [InlineData("ACTRN1261400012")] // too short
    [InlineData("trial 12")]
    public void Rejects_what_is_not_a_registry_id(string raw) => Assert.Null(TrialIds.Normalize(raw));

    // The canonical form depends on which registry matched, read off the id's first letters: any case must give the same.
    [Theory]
    [InlineData("eudract 2019-001234-56", "EUDRACT2019-001234-56")]
    [InlineData("EUDRACT: 2019-001234-56", "EUDRACT2019-001234-56")]
    [InlineData("chictr-ipr-15006183", "CHICTR-IPR-15006183")]
    [InlineData("CHICTR2000031234", "CHICTR2000031234")]
    [InlineData("ctri/2019/03/017890", "CTRI/2019/03/017890")]
    [InlineData("Ctri 2019/03/017890", "CTRI/2019/03/017890")]
    [InlineData("irct2016070428786n1", "IRCT2016070428786N1")]
    [InlineData("isrctn-12345678", "ISRCTN12345678")]
    [InlineData("actrn12614000123456", "ACTRN12614000123456")]
    [InlineData("JRCT2033200075", "JRCT2033200075")]
    [InlineData("drks00012345", "DRKS00012345")]
    public void Names_the_registry_by_its_prefix_in_any_case(string raw, string expected) =>
        Assert.Equal(expected, TrialIds.Normalize(raw));

    [Fact]
    public void Finds_every_id_in_text_with_its_span()
    {
        const string text = "registered as NCT01210664 (Treg-T1D) and NCT 02772679; also ISRCTN12345678.";
        var found = TrialIds.Find(text);
        Assert.Equal(["NCT01210664", "NCT02772679", "ISRCTN12345678"], found.Select(f => f.Id));
        Assert.Equal("NCT 02772679", text[found[1].Start..found[1].End]);
    }
}
