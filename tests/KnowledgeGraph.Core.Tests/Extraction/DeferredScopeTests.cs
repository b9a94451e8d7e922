using KnowledgeGraph.Core.Benchmarks;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Extraction;
using KnowledgeGraph.Core.Vocabulary;

namespace KnowledgeGraph.Core.Tests.Extraction;

/// <summary>
/// A sentence in which the matcher saw no negation or speculation key word gets a deferred scope (its words are found
/// only if read). These pin that the shortcut is exact: such a sentence has no scope in the full analysis, the deferred
/// detector answers like the full one, and marking the key words changes no lexicon match.
/// </summary>
public class DeferredScopeTests
{
    private static readonly LexiconMatcher Matcher = TestDocuments.Extractor.Matcher;

    [Fact]
    public void Every_negation_and_speculation_cue_without_an_apostrophe_holds_a_key_word()
    {
        var keys = ScopeDetector.CueKeyWords.ToHashSet(StringComparer.Ordinal);
        Assert.Contains("not", keys);
        Assert.Contains("no", keys);
        Assert.Contains("if", keys);
        Assert.All(ScopeDetector.CuePhrases.Where(p => !p.Any(w => w.Contains('\'') || w.Contains('\u2019'))),
            p => Assert.True(p.Any(keys.Contains), string.Join(' ', p)));
    }

    [Theory]
    [InlineData("Insulin independence was achieved in 5 of 9 recipients.", true)]
    [InlineData("No severe hypoglycaemia occurred after islet transplantation.", false)]
    [InlineData("Islet transplantation did NOT restore C-peptide.", false)]
    [InlineData("MSC infusion MAY preserve C-peptide.", false)]
    [InlineData("Treg therapy preserved C-peptide (no-one withdrew).", false)]
    [InlineData("Patients couldn't stop insulin after islet transplantation.", false)]   // an apostrophe: never deferred
    [InlineData("Monocytes and donor islets improved HbA1c; diagnosis was confirmed.", true)] // "no" and "if" inside words
    public void A_sentence_is_deferred_only_when_no_key_word_stands_in_it(string sentence, bool deferred)
    {
        Assert.Equal(deferred, Deferrable(sentence).Single());
    }

    [Theory]
    [InlineData("\u0130f islets engraft, C-peptide rises.")]
    [InlineData("Islets li\u212Aely engraft, and C-peptide rises.")]
    [InlineData("Islets \uFF4Day engraft.")]
    public void A_sentence_with_a_char_outside_ASCII_is_deferred_only_when_the_full_analysis_finds_no_scope(string sentence)
    {
        var full = new ScopeDetector(sentence);
        var hasScope = Enumerable.Range(0, sentence.Length).Any(i => full.IsNegated(i) || full.IsSpeculative(i));
        Assert.False(Deferrable(sentence).Single() && hasScope);
        // A char that lower-cases to an ASCII letter is never deferred.
        if (sentence.Any(c => c >= 128 && char.IsAsciiLetter(char.ToLowerInvariant(c)))) Assert.False(Deferrable(sentence).Single());
    }

    [Fact]
    public void Every_deferred_sentence_of_a_corpus_has_no_scope_and_its_detector_answers_like_the_full_one()
    {
        var reader = new DocumentReader();
        var deferredCount = 0;
        var fullCount = 0;
        foreach (var s in new SyntheticCorpus(ConceptVocabulary.Default, 7).Documents(150)
                     .SelectMany(d => reader.Read(d.Content, d.Name)).SelectMany(p => p.Sections).Select(x => x.Text)
                     .Where(t => !string.IsNullOrWhiteSpace(t)))
        {
            var lower = new char[s.Length];
            InvariantLower.Into(s, lower);
            var sentences = SentenceSplitter.Split(s, SectionKind.Abstract).ToList();
            var flags = Deferrable(s, sentences);
            for (var k = 0; k < sentences.Count; k++)
            {
                var text = sentences[k].Text;
                var full = new ScopeDetector(text, withFeatures: true);
                var hasScope = Enumerable.Range(0, text.Length).Any(i => full.IsNegated(i) || full.IsSpeculative(i));
                if (!flags[k]) { fullCount += hasScope ? 1 : 0; continue; }
                deferredCount++;
                Assert.False(hasScope, text);
                var deferred = ScopeDetector.Deferred(text, lower, sentences[k].Offset, new WordArena());
                Assert.Equal(full.Words.ToArray(), deferred.Words.ToArray());
                Assert.Equal(full.Features, deferred.Features);
                Assert.Equal(full.MayStateFinding(), deferred.MayStateFinding());
                Assert.Equal(full.AllFlags, deferred.AllFlags);
            }
        }
        Assert.True(deferredCount > 100, $"only {deferredCount} sentences were deferred");
        Assert.True(fullCount > 10, $"only {fullCount} analysed sentences had a scope");
    }

    [Fact]
    public void Marking_key_words_changes_no_lexicon_match()
    {
        var reader = new DocumentReader();
        var plain = ConceptLexicon.Compile(ConceptVocabulary.Default, markWords: null);
        foreach (var text in new SyntheticCorpus(ConceptVocabulary.Default, 11).Documents(100)
                     .SelectMany(d => reader.Read(d.Content, d.Name)).SelectMany(p => p.Sections).Select(x => x.Text)
                     .Append("Not only β-cells: no insulin, if ANY, was NOT needed; İf, \u212Aelvin, free of insulin."))
        {
            var withMarks = new List<LexiconMatch>();
            Matcher.Match(text, withMarks, new List<int>());
            Assert.Equal(plain.Match(text), withMarks);
        }
    }

    [Fact]
    public void A_key_word_inside_a_phrase_match_is_marked()
    {
        // A made-up lexicon whose phrase holds "not" as a word: the walk from the phrase start does not visit "not" as a
        // word start, so the match itself reports its words.
        var m = new LexiconMatcher([new LexiconEntry("cells not engrafted", "x:1", "Outcome")], markWords: ["not"]);
        var marks = new List<int>();
        var found = new List<LexiconMatch>();
        m.Match("Some cells not engrafted.", found, marks);
        Assert.Single(found);
        Assert.Contains(marks, p => p >= found[0].Start && p < found[0].End);
        marks.Clear();
        m.Match("Nothing notable, knot.", found, marks);
        Assert.Empty(marks);
        m.Match("It was NOT.", found, marks);
        Assert.Equal([7], marks);
    }

    // The extractor's own rule over one section: one flag per sentence.
    private static List<bool> Deferrable(string section, List<Sentence>? sentences = null)
    {
        sentences ??= SentenceSplitter.Split(section, SectionKind.Abstract).ToList();
        var marks = new List<int>();
        Matcher.Match(section, [], marks);
        var lowerAt = sentences.Select(s => ScopeDetector.Slice(section, s.Offset, s.Text.Length) ? s.Offset : -1).ToList();
        var flags = new List<bool>();
        ConceptExtractor.MarkDeferrable(section, sentences, 0, marks, lowerAt, flags);
        return flags;
    }

    // Each scope terminator ends a negation scope before the outcome after it (the tokeniser's words are tested against a
    // quick filter before the terminator set: it must pass every terminator).
    [Theory]
    [InlineData("but")] [InlineData("however")] [InlineData("although")] [InlineData("though")] [InlineData("yet")]
    [InlineData("whereas")] [InlineData("while")] [InlineData("except")] [InlineData("which")] [InlineData("who")]
    [InlineData("apart")] [InlineData("aside")] [InlineData("instead")] [InlineData("nevertheless")]
    [InlineData("nonetheless")] [InlineData("despite")] [InlineData("unlike")]
    public void A_scope_terminator_ends_the_negation_before_it(string terminator)
    {
        var sentence = $"There was no fever {terminator} hypoglycaemia improved.";
        var scope = new ScopeDetector(sentence);
        Assert.True(scope.IsNegated(sentence.IndexOf("fever", StringComparison.Ordinal)));
        Assert.False(scope.IsNegated(sentence.IndexOf("hypoglycaemia", StringComparison.Ordinal)));
        // The same sentence without the terminator: the scope reaches the outcome.
        var open = "There was no fever and hypoglycaemia improved.";
        Assert.True(new ScopeDetector(open).IsNegated(open.IndexOf("hypoglycaemia", StringComparison.Ordinal)));
    }
}
