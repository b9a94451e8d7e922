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

    // Find starts the regex near the first run of six digits (TrialIds.ScanStart): the ids of every form, alone, after long
    // text, one after another, with the "EudraCT" label far before the year, must be found as a scan of the whole text finds them.
    [Theory]
    [InlineData("In this phase 1/2 open-label, randomised trial of islets in adults (NCT01210664), 12 were treated.")]
    [InlineData("Registered as ISRCTN 12345678 and NCT-01210664; EudraCT number 2019-001234-56, ChiCTR-IPR-15006183.")]
    [InlineData("A very long preamble about islet transplantation and its outcomes, then EudraCT :: :  :   identifier  :  2019-001234-56 here")]
    [InlineData("EudraCT                                                    2019-001234-56 and CTRI/2019/03/017890, IRCT2016070428786N1")]
    [InlineData("ids: jRCT2033200075,ACTRN12614000123456,DRKS00012345 ChiCTR2000031234 and 123456 alone, 2019-001234-56x")]
    [InlineData("x2019-001234-56 NCT012106645 NCT01210664")]
    [InlineData("no id here")]
    public void Finds_the_ids_a_scan_of_the_whole_text_finds(string text)
    {
        var regex = typeof(TrialIds).GetMethod("IdPattern", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .Invoke(null, null) as System.Text.RegularExpressions.Regex;
        var expected = regex!.Matches(text).Select(m => (TrialIds.Normalize(m.Value), m.Index, m.Index + m.Length)).ToList();
        Assert.Equal(expected, TrialIds.Find(text).Select(f => ((string?)f.Id, f.Start, f.End)).ToList());
    }

    [Fact]
    public void Only_ascii_letters_match_the_eudract_label_when_case_is_ignored()
    {
        // ScanStart looks for the label with an ordinal case-insensitive search: exact only if every char the regex takes for
        // one of its letters is equal to it under that comparison.
        foreach (var letter in "eudract")
        {
            var regex = new System.Text.RegularExpressions.Regex($"^{letter}$",
                System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);
            for (var c = 0; c <= char.MaxValue; c++)
                if (regex.IsMatch(((char)c).ToString()))
                    Assert.True(string.Equals(((char)c).ToString(), letter.ToString(), StringComparison.OrdinalIgnoreCase), $"U+{c:X4} for {letter}");
        }
    }
}
