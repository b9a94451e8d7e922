using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Extraction;
using KnowledgeGraph.Core.Vocabulary;

namespace KnowledgeGraph.Core.Tests.Extraction;

internal static class TestDocuments
{
    public static readonly ConceptExtractor Extractor = new(ConceptVocabulary.Default);

    public static PaperDocument Paper(string title, string text, TrialRecord? trial = null) =>
        new("paper:test", title, [], 2024, null, null, null, "test", DocumentFormat.PlainText,
            [new DocumentSection(SectionKind.Title, title), new DocumentSection(SectionKind.Abstract, text)], "hash")
        { Trial = trial };

    public static DocumentExtraction Extract(string text, string title = "A study") => Extractor.Extract(Paper(title, text));

    public static IReadOnlySet<string> Concepts(string text) => DocumentConcepts.Concepts(Extract(text));
}
