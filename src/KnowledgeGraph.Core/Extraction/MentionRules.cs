namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// Rules applied to a sentence's lexicon hits, in text order, so that the most specific reading survives.
/// </summary>
internal static class MentionRules
{
    private const string ScIslet = "celltype:sc-islet";
    private static readonly HashSet<string> DerivableCellTypes = new(StringComparer.Ordinal)
    {
        "celltype:insulin-producing", "celltype:islet", ScIslet,
    };

    /// <summary>
    /// "stem cell-derived [modifiers] islet cells" is one stem cell-derived islet mention; a cell type
    /// directly before another ("pancreatic islet β cells") only modifies it, so the last (head) one is kept;
    /// derivation modifiers that modify nothing and blocking phrases are dropped.
    /// </summary>
    public static List<MentionSpan> Apply(string sentence, List<MentionSpan> spans)
    {
        var result = new List<MentionSpan>(spans.Count);
        for (var i = 0; i < spans.Count; i++)
        {
            var s = spans[i];
            if (IsDerivation(sentence, s) && i + 1 < spans.Count && spans[i + 1] is var next
                && next.ConceptId is not null && DerivableCellTypes.Contains(next.ConceptId)
                && GapIsModifiers(sentence, s.End, next.Start))
            {
                result.Add(new MentionSpan(ScIslet, "CellType", s.Start, next.End));
                i++;
                continue;
            }
            if (s.Role != LexiconRole.Concept) continue;
            if (s.Kind == "CellType" && i + 1 < spans.Count && spans[i + 1] is { Kind: "CellType" } head
                && IsOnlySeparators(sentence, s.End, head.Start))
                continue;
            result.Add(s);
        }
        return result;
    }

    private static bool IsDerivation(string sentence, MentionSpan s) =>
        s.Role == LexiconRole.StemCellDerivation
        || (s.ConceptId == ScIslet && sentence.AsSpan(s.Start, s.End - s.Start).EndsWith("derived", StringComparison.OrdinalIgnoreCase));

    // Up to three words of letters and hyphens ("human insulin-producing") and nothing else between.
    private static bool GapIsModifiers(string sentence, int from, int to)
    {
        if (to < from) return false;
        var gap = sentence.AsSpan(from, to - from).Trim();
        if (gap.IsEmpty) return true;
        var words = 1;
        foreach (var c in gap)
        {
            if (c == ' ') words++;
            else if (!char.IsLetter(c) && c is not '-' and not '\u2010' and not '\u2013') return false;
        }
        return words <= 3;
    }

    private static bool IsOnlySeparators(string sentence, int from, int to)
    {
        if (to < from) return false;
        foreach (var c in sentence.AsSpan(from, to - from))
            if (!char.IsWhiteSpace(c) && c is not '-' and not '\u2010' and not '\u2013') return false;
        return true;
    }
}
