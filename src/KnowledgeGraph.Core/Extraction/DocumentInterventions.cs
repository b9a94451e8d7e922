using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// The cell therapies a document is about (its interventions), the subject of result sentences that name no therapy
/// ("Seven of 16 patients became insulin independent" in an AHSCT paper) and of a registry id that stands alone
/// ("Trial registration: NCT01121029"). In order of trust: the cell types of a registry record's interventions and of
/// the title; else those named where a therapy is given ("received", "infusion of", "transplanted", "recipients");
/// else the only cell type the document names. Measured populations ("frequency of circulating Tregs"), negated
/// mentions and animal or in-vitro context never count, and a broad cell type (one the vocabulary narrows, such as
/// beta cells in general) counts only when no narrower one does.
/// </summary>
internal static class DocumentInterventions
{
    public static IReadOnlyList<string> Decide(FindingContext x)
    {
        var trusted = new List<string>();
        var given = new List<string>();
        var named = new List<string>();
        // The title and registry record first: when they name a therapy, no other sentence needs reading.
        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0; i < x.Sentences.Count; i++)
            {
                var section = x.Sentences[i].Section;
                var isTrusted = section is SectionKind.Title or SectionKind.Registry;
                if (isTrusted != (pass == 0)) continue;
                var mentions = x.MentionsOf(i);
                if (x.Scope(i) is not { } s || mentions.Count > x.MaxMentionsPerSentence) continue;
                bool? preclinical = null;
                foreach (var m in mentions)
                {
                    if (m.Kind != GraphSchema.Labels.CellType || (m.Negated && !FindingContext.NegatesAnOutcomeFirst(mentions, m))) continue;
                    if (x.IsMeasured(s, m) || (preclinical ??= FindingContext.IsPreclinical(s))) continue;
                    if (isTrusted) Add(trusted, m.ConceptId);
                    else if (IsGiven(s, m)) Add(given, m.ConceptId);
                    Add(named, m.ConceptId);
                }
            }
            if (HasSpecific(x, trusted)) break;
        }
        var chosen = trusted.Count > 0 ? trusted : given;
        if (chosen.Count == 0)
        {
            // The only cell type the document names, preferring a specific one.
            string? only = null;
            var specific = 0;
            foreach (var id in named)
                if (!x.IsBroad(id)) { specific++; only = id; }
            if (specific == 1) chosen = [only!];
            else if (specific == 0 && named.Count == 1) chosen = named;
        }
        if (!HasSpecific(x, chosen)) return chosen;
        var result = new List<string>(chosen.Count);
        foreach (var id in chosen)
            if (!x.IsBroad(id)) result.Add(id);
        return result;
    }

    private static bool HasSpecific(FindingContext x, List<string> ids)
    {
        foreach (var id in ids)
            if (!x.IsBroad(id)) return true;
        return false;
    }

    private static void Add(List<string> list, string id)
    {
        if (!list.Contains(id)) list.Add(id);
    }

    // A word of giving within four words of the mention, or inside it ("islet transplantation", "MSC-treated").
    private static bool IsGiven(ScopeDetector s, Mention m)
    {
        var first = s.WordAt(m.Start);
        var last = s.LastWordBefore(m.End);
        for (var k = Math.Max(0, first - 4); k <= last + 4; k++)
            if (s.Has(k, WordFlags.Administration)) return true;
        return false;
    }
}
