using KnowledgeGraph.Core.Extraction;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Vocabulary;

namespace KnowledgeGraph.Core.Trials;

/// <summary>
/// The two small matchers the trial-facts extractor uses, compiled once per vocabulary: one over the intervention
/// attributes (products, cell sources, delivery sites, protection), one over the outcomes (to tie a posted result
/// to its concept). They are separate from concept extraction's lexicon because several attribute phrases are
/// also concept synonyms ("VX-880" is a stem cell-derived islet product and names those cells): each matcher keeps
/// the first concept of a phrase, so one shared matcher would hide one of the two meanings.
/// </summary>
public sealed class InterventionLexicon
{
    /// <summary>Phrases that contain an attribute phrase but deny it ("non-immunoprotective device").</summary>
    public static readonly IReadOnlyList<string> BlockPhrases =
    [
        "non-immunoprotective", "non-immunoisolating", "non-encapsulated", "not encapsulated", "unencapsulated",
        "immunosuppressive properties", "immunosuppressive effects", "immunosuppressive capacity", "immunosuppressive function",
        "immunosuppressive cytokines", "immunosuppressive cells", "immunosuppressive phenotype",
    ];

    public InterventionLexicon(ConceptVocabulary vocabulary)
    {
        Vocabulary = vocabulary;
        Attributes = new LexiconMatcher(Entries(vocabulary, c => GraphSchema.IsAttributeKind(c.Kind))
            .Concat(BlockPhrases.Select(p => new LexiconEntry(p, null, "", LexiconRole.Block))));
        Outcomes = new LexiconMatcher(Entries(vocabulary, c => c.Kind == GraphSchema.Labels.Outcome));
    }

    public ConceptVocabulary Vocabulary { get; }

    /// <summary>Products, cell sources, delivery sites and protection.</summary>
    public LexiconMatcher Attributes { get; }

    /// <summary>Outcome concepts only.</summary>
    public LexiconMatcher Outcomes { get; }

    private static IEnumerable<LexiconEntry> Entries(ConceptVocabulary vocabulary, Func<Concept, bool> include)
    {
        foreach (var c in vocabulary.Concepts.Where(include))
        {
            yield return new LexiconEntry(c.Name, c.Id, c.Kind);
            foreach (var s in c.Synonyms) yield return new LexiconEntry(s, c.Id, c.Kind);
        }
    }
}
