using KnowledgeGraph.Core.Extraction;
using KnowledgeGraph.Core.Vocabulary;

namespace KnowledgeGraph.Core.Tests.Extraction;

public class NaiveMatcherTests
{
    [Fact]
    public void Baseline_finds_every_synonym_substring_case_insensitively()
    {
        var naive = new NaiveMatcher(ConceptVocabulary.Default);
        var hits = naive.Match("Tregs and tregs");
        Assert.Contains(hits, h => h.ConceptId == "celltype:treg" && h.Start == 0);
        Assert.Contains(hits, h => h.ConceptId == "celltype:treg" && h.Start == 10);
    }
}
