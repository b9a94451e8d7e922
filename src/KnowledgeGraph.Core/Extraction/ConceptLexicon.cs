using KnowledgeGraph.Core.Vocabulary;

namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// Turns the vocabulary into lexicon entries: every concept's name and synonyms, plus a few phrases that
/// only steer matching (blocks and the "stem cell-derived" modifier), then compiles them into one matcher.
/// </summary>
public static class ConceptLexicon
{
    /// <summary>
    /// Phrases that contain a concept word but do not speak of the concept: longest match lets them swallow it.
    /// </summary>
    public static readonly IReadOnlyList<string> BlockPhrases =
    [
        "islet amyloid polypeptide", "islet antigen", "islet antigens", "islet-specific", "islet autoimmunity",
        "islet-reactive", "oral glucose tolerance test", "glucose tolerance test", "glucose tolerance", "OGTT",
        "intravenous glucose tolerance test", "monoclonal antibody", "monoclonal antibodies", "anti-CD3 antibody",
        "anti-CD3 monoclonal antibody", "antibody therapy", "T cell receptor", "T-cell receptor", "insulin resistance",
        "insulin resistant", "tolerance test", "safety net", "fail-safe", "immunosuppressive state",
        "immunosuppressive phenotype", "immunosuppressive properties", "immunosuppressive capacity",
        "immunosuppressive function", "immunosuppressive cytokines", "immunosuppressive cells",
    ];

    /// <summary>Modifiers that make the cell type after them stem cell-derived ("hESC-derived beta cells").</summary>
    public static readonly IReadOnlyList<string> StemCellDerivations =
    [
        "stem cell-derived", "stem-cell-derived", "stem cell derived", "stem cell-generated", "ESC-derived",
        "hESC-derived", "iPSC-derived", "hiPSC-derived", "PSC-derived", "hPSC-derived", "embryonic stem cell-derived",
        "pluripotent stem cell-derived", "SC-derived",
    ];

    public static IEnumerable<LexiconEntry> Entries(ConceptVocabulary vocabulary)
    {
        // Intervention attributes (products, sources, sites, protection) are the trial-facts extractor's, not mentions.
        foreach (var concept in vocabulary.Concepts.Where(c => !Graph.GraphSchema.IsAttributeKind(c.Kind)))
        {
            yield return new LexiconEntry(concept.Name, concept.Id, concept.Kind);
            foreach (var synonym in concept.Synonyms)
                yield return new LexiconEntry(synonym, concept.Id, concept.Kind);
        }
        foreach (var phrase in BlockPhrases)
            yield return new LexiconEntry(phrase, null, "", LexiconRole.Block);
        foreach (var phrase in StemCellDerivations)
            yield return new LexiconEntry(phrase, null, "", LexiconRole.StemCellDerivation);
    }

    /// <summary>
    /// Compiles the vocabulary. A cell type that other cell types narrow (beta cells in general) is matched
    /// only in the plural: "β-cell function" or "β cell phenotype" use it as a modifier, not as the cells.
    /// </summary>
    public static LexiconMatcher Compile(ConceptVocabulary vocabulary) => Compile(vocabulary, ScopeDetector.CueKeyWords);

    /// <param name="markWords">Words the matcher marks in the same pass (see <see cref="LexiconMatcher"/>): the negation and
    /// speculation cues' key words, so sentences without one skip their scope.</param>
    internal static LexiconMatcher Compile(ConceptVocabulary vocabulary, IEnumerable<string>? markWords)
    {
        var broadCellTypes = vocabulary.Concepts
            .Where(c => c.Broader is not null && vocabulary.Find(c.Broader)?.Kind == c.Kind)
            .Select(c => c.Broader!)
            .Where(id => vocabulary.Find(id)?.Kind == "CellType")
            .ToHashSet(StringComparer.Ordinal);
        return new LexiconMatcher(Entries(vocabulary), e => e.ConceptId is null || !broadCellTypes.Contains(e.ConceptId), markWords);
    }
}
