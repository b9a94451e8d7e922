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
            if (IsCellDeath(sentence, spans, i)) continue;
            result.Add(s);
        }
        return result;
    }

    /// <summary>
    /// "beta-cell death", "death of pancreatic beta cells": the death of a cell population is the disease, not a harm to a
    /// patient, so a safety word right after a cell type, or followed by "of" and a cell type, is no safety mention.
    /// </summary>
    private static bool IsCellDeath(string sentence, List<MentionSpan> spans, int i)
    {
        var s = spans[i];
        if (s.ConceptId != "outcome:safety" || !sentence.AsSpan(s.Start, s.End - s.Start).StartsWith("death", StringComparison.OrdinalIgnoreCase))
            return false;
        if (i > 0 && spans[i - 1].Kind == "CellType" && IsOnlySeparators(sentence, spans[i - 1].End, s.Start)) return true;
        // "beta-cell death", "islet cell death" (a singular cell word is not itself a cell-type mention).
        var before = sentence.AsSpan(0, s.Start).TrimEnd(" -\u2010\u2013");
        if (before.EndsWith("cell", StringComparison.OrdinalIgnoreCase) || before.EndsWith("cells", StringComparison.OrdinalIgnoreCase)) return true;
        if (i + 1 < spans.Count && spans[i + 1].Kind == "CellType")
        {
            var gap = sentence.AsSpan(s.End, Math.Max(0, spans[i + 1].Start - s.End)).Trim();
            return gap.StartsWith("of", StringComparison.OrdinalIgnoreCase) && gap.Length <= 30;
        }
        return false;
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
