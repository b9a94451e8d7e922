namespace KnowledgeGraph.Core.Extraction;

/// <summary>What a lexicon phrase does when it matches.</summary>
public enum LexiconRole
{
    /// <summary>A mention of <see cref="LexiconEntry.ConceptId"/>.</summary>
    Concept,

    /// <summary>
    /// A phrase that is not a concept but contains one ("islet amyloid polypeptide"): matching it consumes the
    /// span so the shorter phrase inside it is not reported (longest match wins).
    /// </summary>
    Block,

    /// <summary>
    /// "stem cell-derived" and kin: not a concept alone, but it turns the cell type that follows it
    /// ("stem cell-derived insulin-producing islet cells") into stem cell-derived islets.
    /// </summary>
    StemCellDerivation,
}

/// <summary>One phrase of the compiled lexicon.</summary>
public sealed record LexiconEntry(string Phrase, string? ConceptId, string Kind, LexiconRole Role = LexiconRole.Concept);

/// <summary>A lexicon hit at original-text offsets [<see cref="Start"/>, <see cref="End"/>).</summary>
public readonly record struct LexiconMatch(LexiconEntry Entry, int Start, int End);
