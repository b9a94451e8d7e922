using KnowledgeGraph.Core.Trials;

namespace KnowledgeGraph.Core.Tests.Graph;

public class StatedFactsTests
{
    private static List<(string Kind, string Value, long? Number)> Find(string sentence) =>
        [.. StatedFacts.Find(sentence, "doc", "Abstract", null).Select(f => (f.Kind, f.Value, f.Number))];

    [Theory]
    [InlineData("Participants received 0.5 × 10^6 cells/kg of VX-880.", "0.5 × 10^6 cells/kg")]
    [InlineData("A mean of 11,547 IEQ/kg body weight was infused.", "11,547 IEQ/kg body weight")]
    [InlineData("Doses of 5,000 to 10,000 IEQ per kg were transplanted.", "5,000 to 10,000 IEQ per kg")]
    [InlineData("Tregs were infused at 0.05 x 10^8 to 26 x 10^8 cells per kg.", "0.05 x 10^8 to 26 x 10^8 cells per kg")]
    [InlineData("Patients received 2 × 10⁶ MSCs cells/kg intravenously.", "2 × 10⁶ MSCs cells/kg")]
    public void Doses_are_found_with_their_units_as_written(string sentence, string dose)
    {
        Assert.Contains((StatedFact.Dose, dose, (long?)null), Find(sentence));
    }

    [Theory]
    [InlineData("Thirty-six subjects with type 1 diabetes were enrolled at nine sites.", "Thirty-six subjects", 36)]
    [InlineData("Twenty adult patients with newly diagnosed type 1 diabetes were randomised.", "Twenty adult patients", 20)]
    [InlineData("In total, 12 participants received the full dose.", "12 participants", 12)]
    public void Patient_numbers_count_in_sentences_that_enrol_or_treat(string sentence, string value, long number)
    {
        Assert.Contains((StatedFact.Patients, value, (long?)number), Find(sentence));
    }

    [Theory]
    [InlineData("Sixteen of the 36 subjects (44%) reached the primary end point.")]
    [InlineData("Fourteen of the fifteen patients became free of exogenous insulin.")]
    [InlineData("Islet transplantation in seven patients with type 1 diabetes.")]
    public void Results_and_titles_give_no_patient_number(string sentence)
    {
        Assert.DoesNotContain(Find(sentence), f => f.Kind == StatedFact.Patients);
    }

    [Theory]
    [InlineData("The median follow-up was 24 months.", "24 months")]
    [InlineData("After a 12-month follow-up, C-peptide persisted.", "12")]
    [InlineData("Beta-cell function was followed for one year with mixed-meal tests.", "one year")]
    [InlineData("C-peptide was sustained during the first year of follow-up.", "first year")]
    [InlineData("At 5 years of follow-up, 11 remained insulin independent.", "5 years")]
    public void Follow_up_durations_are_found(string sentence, string value)
    {
        Assert.Contains((StatedFact.FollowUp, value, (long?)null), Find(sentence));
    }

    [Theory]
    [InlineData("14", 14)]
    [InlineData("fourteen", 14)]
    [InlineData("Thirty-six", 36)]
    [InlineData("1,200", 1200)]
    [InlineData("twenty two", 22)]
    public void Numbers_in_words_and_digits_parse(string text, long expected)
    {
        Assert.Equal(expected, StatedFacts.ParseNumber(text));
    }

    [Fact]
    public void Facts_keep_the_sentence_and_offsets_of_their_evidence()
    {
        const string s = "Seven patients received islets from two donors and a follow-up of 12 months.";
        var facts = StatedFacts.Find(s, "paper:pmid:1", "Methods", "trial:NCT1");

        Assert.All(facts, f => Assert.Equal((s, "paper:pmid:1", "Methods", "trial:NCT1"), (f.Sentence, f.DocumentId, f.Section, f.TrialId)));
        Assert.Equal(["Seven patients", "follow-up of 12 months"], facts.Select(f => s[f.Start..f.End]));
    }
}
