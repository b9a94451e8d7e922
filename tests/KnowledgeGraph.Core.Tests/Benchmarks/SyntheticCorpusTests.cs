using KnowledgeGraph.Core.Benchmarks;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Extraction;
using KnowledgeGraph.Core.Vocabulary;

namespace KnowledgeGraph.Core.Tests.Benchmarks;

public sealed class SyntheticCorpusTests
{
    private static readonly ConceptVocabulary Vocabulary = ConceptVocabulary.Default;

    [Fact]
    public void The_same_seed_gives_the_same_bytes_and_another_seed_other_bytes()
    {
        var a = new SyntheticCorpus(Vocabulary, 42).Documents(200).ToList();
        var b = new SyntheticCorpus(Vocabulary, 42).Documents(200).ToList();
        var c = new SyntheticCorpus(Vocabulary, 43).Documents(200).ToList();
        Assert.Equal(200 + SyntheticCorpus.TrialCountFor(200), a.Count);
        Assert.Equal(a.Select(d => d.Name), b.Select(d => d.Name));
        for (var i = 0; i < a.Count; i++) Assert.Equal(a[i].Content, b[i].Content);
        Assert.NotEqual(a[0].Content, c[0].Content);
    }

    /// <summary>Pins the bytes across processes and machines (a per-process hash seed once made every run differ).
    /// Changing the generator's templates changes this digest on purpose; update it with the change.</summary>
    [Fact]
    public void Seed_42_gives_the_same_bytes_in_every_process()
    {
        var bytes = new SyntheticCorpus(Vocabulary, 42).Documents(50).SelectMany(d => d.Content).ToArray();
        Assert.Equal("24ABF028B44C4EB3D1A949D5521ACA554C7FDD7FE555643ADAD25FE8297788AE",
            Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes)));
    }

    [Fact]
    public void A_paper_is_the_same_whether_generated_alone_or_in_sequence()
    {
        var corpus = new SyntheticCorpus(Vocabulary, 7);
        var inSequence = corpus.Documents(100).ToList();
        Assert.Equal(inSequence[57].Content, corpus.Paper(57, 100).Content);
    }

    [Fact]
    public void Synthetic_papers_are_read_as_JSON_papers_and_yield_the_concepts_written_into_them()
    {
        var corpus = new SyntheticCorpus(Vocabulary, 42);
        var reader = new DocumentReader();
        var extractor = new ConceptExtractor(Vocabulary);
        for (var i = 0; i < 150; i++)
        {
            var doc = corpus.Paper(i, 1000);
            var papers = reader.Read(doc.Content, doc.Name);
            var paper = Assert.Single(papers);
            Assert.Equal(DocumentFormat.Json, paper.Format);
            Assert.NotEmpty(doc.ConceptIds);
            var found = extractor.Extract(paper).Mentions.Select(m => m.ConceptId).ToHashSet(StringComparer.Ordinal);
            var missing = doc.ConceptIds.Where(id => !found.Contains(id)).ToList();
            Assert.True(missing.Count == 0, $"{doc.Name}: {string.Join(", ", missing)} not extracted from {System.Text.Encoding.UTF8.GetString(doc.Content)}");
        }
    }

    [Fact]
    public void Registry_records_are_read_as_ClinicalTrials_gov_studies_with_their_trial_and_cell_type()
    {
        var corpus = new SyntheticCorpus(Vocabulary, 42);
        var reader = new DocumentReader();
        var extractor = new ConceptExtractor(Vocabulary);
        for (var k = 0; k < SyntheticCorpus.TrialCountFor(200); k++)
        {
            var doc = corpus.Trial(k);
            var paper = Assert.Single(reader.Read(doc.Content, doc.Name));
            Assert.Equal(DocumentFormat.ClinicalTrialsJson, paper.Format);
            Assert.Equal(SyntheticCorpus.TrialId(k), paper.Trial!.Id);
            var extraction = extractor.Extract(paper);
            var cellType = doc.ConceptIds.Single(id => id.StartsWith("celltype:", StringComparison.Ordinal));
            Assert.Contains(extraction.Relations, r => r.Type == "TESTS" && r.To == cellType);
        }
    }
}
