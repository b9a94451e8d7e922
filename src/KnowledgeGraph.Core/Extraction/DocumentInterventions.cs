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
        for (var i = 0; i < x.Sentences.Count; i++)
        {
            var mentions = x.MentionsOf(i);
            if (mentions.Count == 0) continue;
            var section = x.Sentences[i].Section;
            SentenceAnalysis? a = null;
            foreach (var m in mentions)
            {
                if (m.Kind != GraphSchema.Labels.CellType || m.Negated) continue;
                a ??= x.Analysis(i);
                if (a is null) continue;
                if (x.IsMeasured(a, m) || x.IsPreclinicalAt(a, m.Start)) continue;
                if (section is SectionKind.Title or SectionKind.Registry) Add(trusted, m.ConceptId);
                else if (IsGiven(a, m)) Add(given, m.ConceptId);
                Add(named, m.ConceptId);
            }
        }
        var chosen = trusted.Count > 0 ? trusted : given.Count > 0 ? given : [];
        if (chosen.Count == 0)
        {
            var specific = named.Where(id => !x.IsBroad(id)).ToList();
            if (specific.Count == 1) chosen = specific;
            else if (specific.Count == 0 && named.Count == 1) chosen = named;
        }
        if (chosen.Any(id => !x.IsBroad(id))) chosen = [.. chosen.Where(id => !x.IsBroad(id))];
        return chosen;
    }

    private static void Add(List<string> list, string id)
    {
        if (!list.Contains(id)) list.Add(id);
    }

    // A word of giving within four words of the mention, or inside it ("islet transplantation", "MSC-treated").
    private static bool IsGiven(SentenceAnalysis a, Mention m)
    {
        var first = a.WordAt(m.Start);
        var last = a.LastWordBefore(m.End);
        for (var k = Math.Max(0, first - 4); k <= Math.Min(a.Words.Count - 1, last + 4); k++)
            if (FindingCues.Administration.Contains(a.Word(k))) return true;
        return false;
    }
}
