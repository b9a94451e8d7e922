using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using KnowledgeGraph.Core.Benchmarks;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Extraction;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Tests.Documents;
using KnowledgeGraph.Core.Vocabulary;

namespace KnowledgeGraph.Core.Tests.Extraction;

/// <summary>
/// A sentence that reaches the findings rules only because it holds a number ("type 1 diabetes", "phase 1" in most
/// titles) is read only when a number there can give a value, or the sentence a harm event or a "not significant"
/// (<see cref="FindingContext.MayStateFinding"/>). These pin that the shortcut is exact: extraction with it equals the
/// full path (every such sentence read by the rules) on several corpora, and it does skip sentences.
/// </summary>
public class NumbersGateTests
{
    private static readonly ConceptExtractor Extractor = TestDocuments.Extractor;

    [Fact]
    public void Skipping_number_only_sentences_changes_no_relation_on_synthetic_real_and_eval_documents()
    {
        var reader = new DocumentReader();
        var documents = new List<PaperDocument>();
        foreach (var s in new SyntheticCorpus(ConceptVocabulary.Default, seed: 5).Documents(300))
            documents.AddRange(reader.Read(s.Content, s.Name));
        var formats = Path.Combine(AppContext.BaseDirectory, "Fixtures", "formats");
        var papers = Path.Combine(Repo.Root, "samples", "papers");
        foreach (var file in Directory.GetFiles(formats).Concat(Directory.GetFiles(papers)).Order(StringComparer.Ordinal))
        {
            if (file.EndsWith(".md", StringComparison.Ordinal) && Path.GetFileName(file) is "README.md" or "SOURCES.md") continue;
            documents.AddRange(reader.Read(File.ReadAllBytes(file), Path.GetFileName(file)));
        }
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Fixtures", "eval", "dev.jsonl")))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var json = JsonDocument.Parse(line);
            documents.AddRange(reader.Read(Encoding.UTF8.GetBytes(json.RootElement.GetProperty("document").GetRawText()), "dev.json"));
        }

        var skipped = 0;
        foreach (var d in documents)
        {
            var fast = Extractor.Extract(d);
            var full = Extractor.Extract(d, numbersRead: false, CancellationToken.None);
            Assert.Equal(full.Relations, fast.Relations);
            Assert.Equal(full.Mentions, fast.Mentions);
            skipped += Skipped(fast);
        }
        // Most synthetic titles pass only by "type 1" or "phase 1": the gate must be doing something.
        Assert.True(skipped > 100, $"only {skipped} sentences were skipped");
    }

    [Theory]
    [InlineData("Islet transplantation for type 1 diabetes: a phase 1 study of C-peptide", true)]
    [InlineData("Islet transplantation in type 1 diabetes: C-peptide 0.5 ng/ml at 1 year", false)] // a measure
    [InlineData("Islet transplantation in type 1 diabetes: HbA1c 7 at transplantation and 6", false)] // a change from baseline
    [InlineData("Islet transplantation: HbA1c 6.4% in 2020", false)]                                 // a percentage
    [InlineData("Islet transplantation: insulin independence in 5 of 9 recipients", false)]          // a count
    [InlineData("Islet transplantation: insulin independence, 2 recipients", false)]                 // a counted subject
    [InlineData("Islet transplantation for type 1 diabetes: HbA1c, not significant", false)]          // not significant
    [InlineData("Islet transplantation for type 1 diabetes: HbA1c (P = 0.4)", false)]                 // a P value
    [InlineData("Islet transplantation for type 1 diabetes: HbA1c NS", false)]                        // NS
    [InlineData("Islet transplantation in type 1 diabetes: 3 deaths", false)]                         // a harm event
    public void A_number_only_sentence_is_skipped_only_when_no_rule_can_read_it(string title, bool skipped)
    {
        var d = TestDocuments.Paper(title, "Background.");
        var fast = Extractor.Extract(d);
        Assert.Equal(Extractor.Extract(d, numbersRead: false, CancellationToken.None).Relations, fast.Relations);
        var titleMentions = fast.Mentions.Where(m => m.SentenceIndex == 0).ToList();
        Assert.Contains(titleMentions, m => m.Kind == GraphSchema.Labels.Outcome);
        Assert.Equal(skipped ? 1 : 0, Skipped(fast));
    }

    [Fact]
    public void Only_n_and_N_match_n_when_the_not_significant_pattern_ignores_case()
    {
        // "not significant" and "NS" both open with n: the gate looks for 'n' and 'N' only, which is exact only if no other
        // char equals n under the pattern's options.
        var n = new Regex("^n$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        for (var c = 0; c <= char.MaxValue; c++)
            if (n.IsMatch(((char)c).ToString())) Assert.True(c is 'n' or 'N', $"U+{c:X4}");
    }

    // Sentences of an extraction that reach MayStateFinding by a number only and are then skipped.
    private static int Skipped(DocumentExtraction x)
    {
        var scopes = new ScopeDetector?[x.Sentences.Count];
        var mentions = x.Mentions.ToList();
        for (var i = 0; i < scopes.Length; i++)
            if (mentions.Any(m => m.SentenceIndex == i)) scopes[i] = new ScopeDetector(x.Sentences[i].Text, withFeatures: true);
        var context = new FindingContext(x.Sentences, mentions, scopes, new HashSet<string>(), Extractor.Options.MaxMentionsPerSentence);
        var count = 0;
        for (var i = 0; i < scopes.Length; i++)
            if (context.MayStateFinding(i, numbersRead: false) && !context.MayStateFinding(i)) count++;
        return count;
    }
}
