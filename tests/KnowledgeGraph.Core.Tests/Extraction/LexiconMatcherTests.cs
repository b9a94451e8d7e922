using KnowledgeGraph.Core.Extraction;
using KnowledgeGraph.Core.Vocabulary;

namespace KnowledgeGraph.Core.Tests.Extraction;

public class LexiconMatcherTests
{
    private static readonly LexiconMatcher Matcher = ConceptLexicon.Compile(ConceptVocabulary.Default);

    private static List<string> Ids(string text) => [.. Matcher.Match(text).Where(m => m.Entry.ConceptId is not null).Select(m => m.Entry.ConceptId!)];

    [Theory]
    [InlineData("loss of β-cell function", "outcome:c-peptide")]
    [InlineData("loss of beta cell function", "outcome:c-peptide")]
    [InlineData("loss of beta-cell function", "outcome:c-peptide")]
    [InlineData("loss of betacell function", "outcome:c-peptide")]
    [InlineData("HbA(1c) fell", "outcome:hba1c")]
    [InlineData("HbA 1c fell", "outcome:hba1c")]
    [InlineData("glycated haemoglobin fell", "outcome:hba1c")]
    [InlineData("severe hypoglycaemia stopped", "outcome:severe-hypoglycemia")]
    [InlineData("Regulatory T-cells were given", "celltype:treg")]
    [InlineData("one regulatory T cell product", "celltype:treg")]
    [InlineData("Type-1 diabetes", "condition:t1d")]
    public void Folds_case_hyphens_greek_spelling_and_number(string text, string expected) =>
        Assert.Equal([expected], Ids(text));

    [Fact]
    public void Matches_whole_words_only_but_accepts_a_plural_s()
    {
        Assert.Equal(["celltype:msc", "celltype:msc"], Ids("MSC and MSCs"));
        Assert.Empty(Ids("the MSCsx line and preMSC cells"));
    }

    [Fact]
    public void Short_capital_abbreviations_must_be_written_in_capitals()
    {
        Assert.Equal(["outcome:time-in-range"], Ids("TIR rose"));
        Assert.Empty(Ids("she said the tir was"));
    }

    [Fact]
    public void Longest_match_wins_and_matches_do_not_overlap()
    {
        var matches = Matcher.Match("autologous hematopoietic stem cell transplantation and stem cell-derived beta cells");
        Assert.Equal(["celltype:hsc", "celltype:sc-islet"], matches.Select(m => m.Entry.ConceptId));
        Assert.True(matches[0].End <= matches[1].Start);
    }

    [Fact]
    public void Offsets_point_into_the_original_text_after_greek_expansion()
    {
        const string text = "Some SC-β cells (n=3)";
        var m = Assert.Single(Matcher.Match(text));
        Assert.Equal("SC-β cells", text[m.Start..m.End]);
    }

    [Fact]
    public void Beta_cells_in_general_need_the_plural_so_a_modifier_is_not_a_cell_mention() =>
        Assert.Empty(Ids("cells with a mature β cell phenotype"));

    [Fact]
    public void Blocking_phrases_swallow_the_concept_word_inside_them() =>
        Assert.Empty(Ids("stained for islet amyloid polypeptide after an oral glucose tolerance test"));
    // The walk takes ordinary chars on a fast path and separators, Greek letters and chars outside every phrase on the
    // general one: every phrase written with runs of mixed separators, in capitals, or with "beta" as "β" must match
    // exactly what it matches written plainly.
    [Fact]
    public void Every_phrase_matches_alike_through_separator_runs_capitals_and_greek()
    {
        var phrases = ConceptLexicon.Entries(ConceptVocabulary.Default).Select(e => e.Phrase).Distinct().ToList();
        var variants = 0;
        foreach (var phrase in phrases)
        {
            var plain = Matcher.Match($"see {phrase}, here");
            Assert.Equal((4, 4 + phrase.Length), (plain[0].Start, plain[^1].End));
            foreach (var variant in new[]
                     {
                         phrase.Replace(" ", " - \u2013 "), phrase.Replace("-", "  /  "), phrase.ToUpperInvariant(),
                         phrase.Replace("beta", "\u03b2", StringComparison.OrdinalIgnoreCase),
                     })
            {
                if (variant == phrase) continue;
                variants++;
                var got = Matcher.Match($"see {variant}, here");
                Assert.True(got.Select(m => m.Entry).SequenceEqual(plain.Select(m => m.Entry)), $"{phrase} / {variant}");
                Assert.Equal((4, 4 + variant.Length), (got[0].Start, got[^1].End));
            }
        }
        Assert.True(variants > phrases.Count, $"only {variants} variants");
    }

    [Fact]
    public void Word_mask_marks_exactly_the_chars_that_are_word_chars()
    {
        // ASCII letters and digits, the chars next to their ranges, non-ASCII letters and digits, and non-ASCII chars that
        // are neither (no-break space, dash, typographic apostrophe).
        const string alphabet = "azAZ09@[`{/:' -_.\u00e9\u03b2\u03a9\u00f1\u0663\u00a0\u2013\u2019\u00b5";
        var random = new Random(7);
        for (var round = 0; round < 2_000; round++)
        {
            var chars = new char[random.Next(0, 65)];
            for (var k = 0; k < chars.Length; k++) chars[k] = alphabet[random.Next(alphabet.Length)];
            var mask = LexiconMatcher.WordMask(chars);
            for (var k = 0; k < chars.Length; k++)
                Assert.Equal(LexiconMatcher.IsWord(chars[k]), (mask >> k & 1) == 1);
            Assert.Equal(0UL, chars.Length == 64 ? 0UL : mask >> chars.Length);
        }
    }

    [Fact]
    public void Finds_phrases_and_word_starts_on_either_side_of_a_64_char_block_edge()
    {
        // The word starts are read per block of 64 chars: a phrase at, across or just after the edge, and a word that runs
        // over the edge (no start inside it), must match as anywhere else.
        for (var pad = 0; pad < 140; pad++)
        {
            var text = new string('x', pad) + " severe hypoglycaemia and Tregs";
            var found = Matcher.Match(text);
            Assert.Equal(["outcome:severe-hypoglycemia", "celltype:treg"], found.Select(m => m.Entry.ConceptId ?? "").ToArray());
            Assert.Equal(pad + 1, found[0].Start);
            Assert.Equal(text.Length - "Tregs".Length, found[1].Start);
            if (pad > 0) Assert.DoesNotContain(Matcher.Match(new string('x', pad) + "severe hypoglycaemia"), m => m.Start <= pad + "severe".Length);
        }
    }
}
