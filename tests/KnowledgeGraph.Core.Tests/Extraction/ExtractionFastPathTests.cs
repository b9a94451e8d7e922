using KnowledgeGraph.Core.Benchmarks;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Extraction;
using KnowledgeGraph.Core.Vocabulary;

namespace KnowledgeGraph.Core.Tests.Extraction;

/// <summary>The extractor's shortcuts must give exactly what the slow path they skip would give.</summary>
public class ExtractionFastPathTests
{
    [Fact]
    public void Word_filter_never_rejects_a_word_of_its_set()
    {
        var words = FindingCues.Features.Dictionary.Keys.ToList();
        var filter = new WordFilter(words);
        Assert.All(words, w => Assert.True(filter.MayContain(w), w));
    }

    [Fact]
    public void Word_table_answers_every_word_exactly_as_the_frozen_features_dictionary()
    {
        // Every key, every key with one char changed, cut or extended, and every word of the synthetic corpus and the samples:
        // the table must find exactly the dictionary's words with the dictionary's values.
        var table = FindingCues.FeatureTable;
        var keys = FindingCues.Features.Dictionary.Keys.ToList();
        Assert.Equal(keys.Count, table.Count);
        var probes = new List<string>(keys);
        foreach (var k in keys)
        {
            probes.Add(k[..^1]);
            probes.Add(k + "s");
            probes.Add("x" + k);
            for (var i = 0; i < k.Length; i++) probes.Add(k[..i] + (char)(k[i] + 1) + k[(i + 1)..]);
        }
        var corpus = new SyntheticCorpus(ConceptVocabulary.Default, 3);
        var reader = new DocumentReader();
        foreach (var d in corpus.Documents(200))
            foreach (var p in reader.Read(d.Content, d.Name))
                foreach (var s in p.Sections)
                    probes.AddRange(s.Text.ToLowerInvariant().Split([' ', ',', '.', ';', ':', '(', ')'], StringSplitOptions.RemoveEmptyEntries));
        probes.AddRange(["", "a", "\u03b2", "\u00b5g", "didn't", "didn\u2019t"]);
        foreach (var w in probes)
        {
            var inDictionary = FindingCues.Features.TryGetValue(w, out var expected);
            Assert.Equal(inDictionary, table.TryGetValue(w, out var actual));
            if (inDictionary) Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Word_table_rejects_duplicate_words() =>
        Assert.Throws<ArgumentException>(() => new WordTable<int>([KeyValuePair.Create("no", 1), KeyValuePair.Create("no", 2)]));

    [Fact]
    public void Word_filter_rejects_words_whose_first_last_and_length_match_no_member()
    {
        var filter = new WordFilter(["were", "not"]);
        Assert.False(filter.MayContain("insulin"));
        Assert.False(filter.MayContain("wor"));         // w...r: no member starts with w and ends with r
        Assert.True(filter.MayContain("wake"));        // w...e, length 4 like "were": passed on to the real probe
        Assert.True(filter.MayContain("β-cell"));      // outside a-z: always passed on
    }

    [Theory]
    [InlineData("Insulin Independence WAS reached")]
    [InlineData("already lower case")]
    [InlineData("β-Cell ΔHbA1c İstanbul ǅ")]
    [InlineData("")]
    public void Invariant_lowering_equals_ToLowerInvariant(string text) =>
        Assert.Equal(text.ToLowerInvariant(), InvariantLower.Of(text));

    [Theory]
    [InlineData("Insulin Independence WAS reached")]
    [InlineData("β-Cell ΔHbA1c İstanbul ǅ \U00010400 Deseret")]
    [InlineData("")]
    public void Lowering_into_a_buffer_equals_ToLowerInvariant(string text)
    {
        var buffer = new char[text.Length];
        InvariantLower.Into(text, buffer);
        Assert.Equal(text.ToLowerInvariant(), new string(buffer));
    }

    [Fact]
    public void Lowering_text_with_any_non_surrogate_char_in_place_equals_ToLowerInvariant()
    {
        // Every char outside the surrogate range, between ASCII capitals, in one text: the in-place path (ASCII runs
        // vectorised, other chars one by one) must give exactly the framework's string lowering.
        var chars = new System.Text.StringBuilder();
        for (var c = 128; c <= char.MaxValue; c++)
            if (!char.IsSurrogate((char)c)) chars.Append("AbC").Append((char)c);
        var text = chars.ToString();
        var buffer = new char[text.Length];
        InvariantLower.Into(text, buffer);
        Assert.Equal(text.ToLowerInvariant(), new string(buffer));
    }

    [Fact]
    public void A_scope_reading_its_sections_lowered_text_equals_one_lowering_its_own_sentence()
    {
        const string section = "Insulin Was NOT Required. \U00010400 Cells MAY Help; No Severe Hypoglycaemia Occurred.";
        var lower = new char[section.Length];
        InvariantLower.Into(section, lower);
        foreach (var s in SentenceSplitter.Split(section, KnowledgeGraph.Core.Documents.SectionKind.Abstract))
        {
            Assert.True(ScopeDetector.Slice(section, s.Offset, s.Text.Length));
            var shared = new ScopeDetector(s.Text, lower, s.Offset, new WordArena(), withFeatures: true);
            var own = new ScopeDetector(s.Text, withFeatures: true);
            Assert.Equal(own.Lower.ToString(), shared.Lower.ToString());
            Assert.Equal(own.Words.ToArray(), shared.Words.ToArray());
            Assert.Equal(own.Features, shared.Features);
            for (var i = 0; i < s.Text.Length; i++)
            {
                Assert.Equal(own.IsNegated(i), shared.IsNegated(i));
                Assert.Equal(own.IsSpeculative(i), shared.IsSpeculative(i));
            }
        }
    }

    [Fact]
    public void A_sentence_cut_inside_a_surrogate_pair_lowers_its_own_text()
    {
        // "x\U00010400" cut after its high surrogate: the stretch of the section's lowered text would not be the piece's own.
        Assert.False(ScopeDetector.Slice("a \U00010400 b", 0, 3));
        Assert.False(ScopeDetector.Slice("a \U00010400 b", 3, 3));
        Assert.True(ScopeDetector.Slice("a \U00010400 b", 0, 4));
    }

    [Fact]
    public void A_document_extracts_the_same_after_a_longer_one_on_the_same_thread()
    {
        // Extract reuses per-thread buffers (lowered sections, words, lexicon hits) from one document to the next.
        const string text = "Mesenchymal stromal cells (MSCs) did not cause severe hypoglycaemia. Insulin independence was achieved in 5 of 9 recipients, and HbA1c fell.";
        var first = Digest(TestDocuments.Extract(text));
        var longer = string.Join(" ", Enumerable.Repeat("Regulatory T cells may preserve C-peptide, but islet transplantation without immunosuppression failed.", 200));
        _ = TestDocuments.Extract(longer);
        Assert.Equal(first, Digest(TestDocuments.Extract(text)));
    }

    [Theory]
    [InlineData("Tregs dampened autoimmunity in recipients.")]
    [InlineData("The vaccine aims to re-educate the immune system.")]
    [InlineData("Attempts to reeducate the immune system failed.")]
    [InlineData("Four of six (the (suppressed) arm) were suppressing the immune response.")]
    [InlineData("Recipients came off insulin therapy after six months.")]
    [InlineData("Patients remained free of exogenous insulin.")]
    [InlineData("We replaced islet cells in two recipients.")]
    [InlineData("Autoimmunity could not be suppressed in these patients.")]
    [InlineData("Treatment restored β-cell mass in mice.")]
    public void A_paraphrase_gate_never_rejects_a_sentence_its_regex_matches(string sentence)
    {
        var matched = ParaphrasePatterns.All.Where(p => p.Regex.IsMatch(sentence)).ToList();
        Assert.NotEmpty(matched);
        Assert.All(matched, p => Assert.True(p.CanMatch(sentence), p.Regex.ToString()));
    }

    [Fact]
    public void A_paraphrase_gate_or_lead_inside_a_word_runs_no_regex()
    {
        // "suppress" inside "immunosuppression", "insulin" inside "proinsulin": no match can use them, so no regex runs.
        Assert.False(ParaphrasePatterns.All.Single(p => p.Gate == "immun").CanMatch("Immunosuppression with tacrolimus was given to all recipients."));
        Assert.False(ParaphrasePatterns.All.Single(p => p.Gate == "insulin").CanMatch("Proinsulin was measured after withdrawal of steroids."));
        Assert.True(ParaphrasePatterns.All.Single(p => p.Gate == "insulin").CanMatch("Proinsulin was measured after withdrawal of insulin."));
    }

    [Theory]
    // Every match has its lead on one side of its gate: the cells after "replace", the verb before "insulin" or "immune".
    [InlineData("replac", "Beta cells and islets were studied for replacement in patients with type 1 diabetes.", false)]
    [InlineData("replac", "Beta cells were used; replacement of islet cells followed.", true)]
    [InlineData("restor", "Beta cells are restored.", false)]
    [InlineData("insulin", "Insulin was measured after withdrawal of steroids.", false)]
    [InlineData("insulin", "Insulin doses fell; withdrawal of insulin followed in two.", true)]
    [InlineData("insulin", "Insulin doses fell; withdrawal of insulin and insulin pumps followed.", true)] // a lead before the second of three gates
    [InlineData("insulin", "Insulin doses fell and insulin pumps were used; withdrawal of steroids followed.", false)]
    [InlineData("insulin", "Insulin pumps were used off label, then insulin", true)] // a lead right before the last gate
    [InlineData("immun", "The immune response was attenuated.", false)]
    [InlineData("immun", "Tregs attenuated the immune response.", true)]
    [InlineData("autoimmun", "Suppressed by tacrolimus, autoimmunity recurred.", false)]
    public void A_paraphrase_lead_on_the_wrong_side_of_every_gate_runs_no_regex(string gate, string sentence, bool canMatch)
    {
        var pattern = ParaphrasePatterns.All.First(p => p.Gate == gate);
        Assert.Equal(canMatch, pattern.CanMatch(sentence));
        if (!canMatch) Assert.DoesNotMatch(pattern.Regex, sentence);
    }

    [Fact]
    public void A_paraphrase_gate_passes_every_sentence_of_a_corpus_its_regex_matches()
    {
        // The gates, leads and their order are only necessary conditions: over synthetic papers and registry records (whose
        // mechanisms are written as these paraphrases), no sentence a regex matches may be rejected, and most are run.
        var reader = new DocumentReader();
        var matched = 0;
        foreach (var text in new SyntheticCorpus(ConceptVocabulary.Default, 5).Documents(400)
                     .SelectMany(d => reader.Read(d.Content, d.Name)).SelectMany(p => p.Sections)
                     .SelectMany(x => SentenceSplitter.Split(x.Text, x.Kind)).Select(x => x.Text))
            // Encapsulation has two gates ("capsul", "isolat") for one regex: one of them must pass.
            foreach (var patterns in ParaphrasePatterns.All.GroupBy(p => p.Regex))
                if (patterns.Key.IsMatch(text))
                {
                    matched++;
                    Assert.True(patterns.Any(p => p.CanMatch(text)), $"{patterns.First().Gate}: {text}");
                }
        Assert.True(matched > 50, $"only {matched} matches in the corpus");
    }

    [Fact]
    public void A_paraphrase_gate_looked_for_from_the_first_gate_of_any_pattern_answers_as_from_the_start()
    {
        // SentenceSpans finds the first gate of any pattern once and each pattern looks for its own gate from there: no gate
        // stands before it, so every pattern must answer exactly as when it searches the whole sentence.
        var reader = new DocumentReader();
        var sentences = new SyntheticCorpus(ConceptVocabulary.Default, 9).Documents(300)
            .SelectMany(d => reader.Read(d.Content, d.Name)).SelectMany(p => p.Sections)
            .SelectMany(x => SentenceSplitter.Split(x.Text, x.Kind)).Select(x => x.Text)
            .Concat(["Immunosuppression, then IMMUNE tolerance; proinsulin and Insulin withdrawal", "capsules of immunoisolated islets",
                "replacement of β cells", "Withdrawal of insulin; insulin-free", "no gate here",
                "Insulin was stopped; islets were encapsulated and immunoisolated, restoring beta cells and replacing islets; autoimmunity was halted"]).ToList();
        var gated = 0;
        foreach (var text in sentences)
        {
            var first = ParaphrasePatterns.FirstGate(text);
            if (first < 0)
            {
                Assert.All(ParaphrasePatterns.All, p => Assert.False(p.CanMatch(text), text));
                continue;
            }
            gated++;
            Assert.All(ParaphrasePatterns.All, p => Assert.Equal(p.CanMatch(text), p.CanMatch(text, first)));
            // Find (gates from the first gate, rare gates in one search) against every pattern's own check from the start.
            List<(int Start, int End, ParaphrasePatterns.Pattern Pattern)>? expected = null;
            foreach (var p in ParaphrasePatterns.All)
            {
                if (!p.CanMatch(text)) continue;
                for (var m = p.Regex.Match(text); m.Success; m = m.NextMatch())
                {
                    var g = p.MarkGroup >= 0 ? m.Groups[p.MarkGroup] : null;
                    (expected ??= []).Add(g is { Success: true } ? (g.Index, g.Index + g.Length, p) : (m.Index, m.Index + m.Length, p));
                }
            }
            Assert.Equal(expected, ParaphrasePatterns.Find(text, first));
            Assert.Equal(expected, ParaphrasePatterns.Find(text));
        }
        Assert.True(gated > 500, $"only {gated} sentences hold a gate");
    }

    private static string Digest(DocumentExtraction x) =>
        string.Join("\n", x.Mentions.Select(m => m.ToString()).Concat(x.Relations.Select(r => r.ToString())));
}
