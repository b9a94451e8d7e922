using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// Findings of a document, read with general rules of sentence structure (see docs/extraction.md, "Findings"):
/// <list type="bullet">
/// <item>TESTS: a trial id and a cell type given in one sentence; a trial id in a sentence that names no cell type
/// ("Trial registration: NCT0...") tests the document's interventions (<see cref="DocumentInterventions"/>).</item>
/// <item>REPORTS_OUTCOME, per clause (<see cref="SentenceAnalysis"/>): the subject is the therapy the clause names, else
/// one the sentence names, else the document's intervention; measured populations, comparator arms ("in the placebo
/// group") and animal or in-vitro clauses are never subjects. Sentences that state aims, hypotheses, plans, endpoint
/// definitions, eligibility or hurdles, methods, and hedged statements give no finding. Polarity comes from the word
/// that governs the outcome (<see cref="CueKind"/>) read against what the outcome is (an achievement such as insulin
/// independence, a quantity such as C-peptide, a measure where lower is better such as HbA1c, or a harm), with negation
/// ("no", "none of the nine", "did not", "without", "free of"): "no adverse events" is improved, "did not increase
/// adverse events" unchanged, "none became insulin independent" not achieved. The value is the result's own
/// (<see cref="ResultValues"/>): "from 8.1% to 6.4%" gives 6.4%.</item>
/// </list>
/// Every relation says how its subject was chosen (<see cref="ExtractedRelation.Subject"/>).
/// </summary>
public static class RelationExtractor
{
    public const string Improved = "improved";
    public const string Worsened = "worsened";
    public const string Unchanged = "unchanged";
    public const string NotAchieved = "not_achieved";

    /// <summary><see cref="ExtractedRelation.Subject"/>: the sentence names the cell type.</summary>
    public const string SubjectNamed = "named";

    /// <summary><see cref="ExtractedRelation.Subject"/>: the sentence names none; the document's intervention is the subject.</summary>
    public const string SubjectDocument = "document";

    private enum Valence : byte
    {
        /// <summary>Reached or not: insulin independence, a functioning graft.</summary>
        Achievement,
        /// <summary>More is better: C-peptide, time in range, "safety" as a label.</summary>
        Quantity,
        /// <summary>Less is better: HbA1c, insulin dose, hypoglycaemia scores.</summary>
        Measure,
        /// <summary>A harm: adverse events, deaths, antibodies, graft loss, severe hypoglycaemia.</summary>
        Harm,
        /// <summary>A word that is itself the result: safe, well tolerated.</summary>
        SafeWord,
    }

    private readonly record struct Outcome(string ConceptId, Valence Valence, bool Event, int Start, int End, int First, int Last, bool Negated, Mention? Mention);

    internal static List<ExtractedRelation> FromDocument(FindingContext x, CancellationToken ct)
    {
        var relations = new List<ExtractedRelation>();
        var interventions = DocumentInterventions.Decide(x);
        var endpointHead = PrimaryEndpointHead(x);
        var seen = new HashSet<(string, string, string, int)>();
        for (var i = 0; i < x.Sentences.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var mentions = x.MentionsOf(i);
            if (mentions.Count == 0) continue;
            var hasTrial = false;
            var hasOutcome = false;
            foreach (var m in mentions)
            {
                hasTrial |= m.Kind == GraphSchema.Labels.Trial;
                hasOutcome |= m.Kind == GraphSchema.Labels.Outcome;
            }
            if (!hasTrial && !hasOutcome && endpointHead is null) continue;
            var a = x.Analysis(i);
            if (a is null) continue;
            if (hasTrial) Tests(x, a, i, mentions, interventions, relations, seen);
            Findings(x, a, i, mentions, interventions, endpointHead, relations, seen);
        }
        return relations;
    }

    private static void Tests(FindingContext x, SentenceAnalysis a, int i, List<Mention> mentions, IReadOnlyList<string> interventions,
        List<ExtractedRelation> relations, HashSet<(string, string, string, int)> seen)
    {
        var cells = mentions.Where(m => m.Kind == GraphSchema.Labels.CellType && !x.IsMeasured(a, m)).ToList();
        foreach (var t in mentions.Where(m => m.Kind == GraphSchema.Labels.Trial))
        {
            if (cells.Count > 0)
            {
                foreach (var c in cells)
                    if (seen.Add((t.ConceptId, GraphSchema.Relationships.Tests, c.ConceptId, i)))
                        relations.Add(new ExtractedRelation(t.ConceptId, GraphSchema.Relationships.Tests, c.ConceptId, i,
                            Negated: c.Negated, Speculative: c.Speculative || t.Speculative) { Subject = SubjectNamed });
                continue;
            }
            foreach (var id in interventions)
                if (seen.Add((t.ConceptId, GraphSchema.Relationships.Tests, id, i)))
                    relations.Add(new ExtractedRelation(t.ConceptId, GraphSchema.Relationships.Tests, id, i) { Subject = SubjectDocument });
        }
    }

    /// <summary>The outcome a "primary end point" names first where the document defines it; "met the primary end point"
    /// then reports on it.</summary>
    private static string? PrimaryEndpointHead(FindingContext x)
    {
        for (var i = 0; i < x.Sentences.Count; i++)
        {
            var mentions = x.MentionsOf(i);
            if (!mentions.Any(m => m.Kind == GraphSchema.Labels.Outcome) || x.Analysis(i) is not { } a) continue;
            var at = EndpointPhrase(a, 0, a.Words.Count);
            if (at < 0 || HasAny(a, 0, a.Words.Count, FindingCues.EndpointResult)) continue;
            var head = mentions.Where(m => m.Kind == GraphSchema.Labels.Outcome && m.Start >= a.Words[at].Start).MinBy(m => m.Start);
            if (head is not null) return head.ConceptId;
        }
        return null;
    }

    // "primary end point", "primary endpoint", "primary outcome", "primary end-point": the word index of "primary", or -1.
    private static int EndpointPhrase(SentenceAnalysis a, int from, int to)
    {
        for (var k = from; k + 1 < to; k++)
            if (a.Is(k, "primary") && (a.Is(k + 1, "endpoint") || a.Is(k + 1, "outcome") || (a.Is(k + 1, "end") && (a.Is(k + 2, "point") || a.Is(k + 2, "points")))))
                return k;
        return -1;
    }

    private static bool HasAny(SentenceAnalysis a, int from, int to, System.Collections.Frozen.FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> words)
    {
        for (var k = from; k < to; k++)
            if (words.Contains(a.Word(k))) return true;
        return false;
    }

    private static void Findings(FindingContext x, SentenceAnalysis a, int i, List<Mention> mentions, IReadOnlyList<string> interventions,
        string? endpointHead, List<ExtractedRelation> relations, HashSet<(string, string, string, int)> seen)
    {
        var sentence = x.Sentences[i];
        if (sentence.Part is SectionKind.Methods or SectionKind.Registry) return;
        var endpointAt = EndpointPhrase(a, 0, a.Words.Count);
        var endpointResult = endpointAt >= 0 && HasAny(a, 0, a.Words.Count, FindingCues.EndpointResult);
        if (IsNotFinding(a, endpointResult)) return;

        // Therapies named in the sentence (not measured, not negated, not in animal context), and trials named in it.
        var therapies = new List<Mention>();
        var measured = new List<Mention>();
        foreach (var m in mentions)
        {
            if (m.Kind != GraphSchema.Labels.CellType) continue;
            if (x.IsMeasured(a, m)) measured.Add(m);
            else if ((!m.Negated || InNegativeQuantifierSubject(a, m)) && (!x.IsBroad(m.ConceptId) || interventions.Contains(m.ConceptId)))
                therapies.Add(m);
        }
        var trials = mentions.Where(m => m.Kind == GraphSchema.Labels.Trial).ToList();

        List<Outcome>? previous = null;
        SentenceAnalysis.Clause? previousClause = null;
        foreach (var clause in a.Clauses)
        {
            var (cStart, cEnd) = a.CharRange(clause);
            var outcomes = new List<Outcome>();
            var any = false;
            foreach (var m in mentions)
            {
                if (m.Kind != GraphSchema.Labels.Outcome || m.Start < cStart || m.Start >= cEnd) continue;
                any = true;
                if (!m.Speculative && !IsStratum(a, m)) outcomes.Add(OutcomeOf(a, m));
            }
            var inherited = false;
            if (!any && clause.AfterContrast && previous is { Count: > 0 } && HasCue(a, clause))
            {
                // "..., whereas none of the four recipients of stem cell-derived islets was.": the outcome is elided.
                outcomes = [.. previous.Select(o => o with { Start = cStart, End = cStart, First = clause.From, Last = clause.From - 1, Mention = null })];
                inherited = true;
            }
            if (outcomes.Count == 0 && endpointResult && endpointHead is not null && EndpointPhrase(a, clause.From, clause.To) is var e and >= 0)
            {
                // "16 of the 36 subjects had reached the primary end point": the endpoint was reached (or not), whatever it measures.
                var last = a.Is(e + 1, "end") ? e + 2 : e + 1;
                outcomes.Add(new Outcome(endpointHead, Valence.Achievement, false, a.Words[e].Start, a.Words[last].End, e, last, false, null));
            }
            if (outcomes.Count == 0) continue;
            if (!inherited) previous = outcomes;
            if (FindingContext.IsPreclinical(a, clause)) { previousClause = clause; continue; }

            var named = therapies.Where(m => m.Start >= cStart && m.Start < cEnd).ToList();
            var values = a.Text.AsSpan(cStart, cEnd - cStart).IndexOfAny(CharSets.Digits) >= 0
                || a.Lower.AsSpan(cStart, cEnd - cStart).Contains("half", StringComparison.Ordinal)
                || ContainsNumberWord(a, clause)
                ? ResultValues.Find(a.Text, cStart, cEnd) : [];
            var negatedFrom = NegativeQuantifierAt(a, clause);

            foreach (var o in outcomes)
            {
                var (cue, cueAt) = GoverningCue(a, clause, o, outcomes, measured, mentions, inherited ? a.Words.Count : 14);
                if (cue == CueKind.None && clause.AfterAnd && previousClause is { } pc)
                    (cue, cueAt) = GoverningCue(a, pc, o with { First = pc.To, Last = pc.To - 1 }, outcomes, measured, mentions, 14);
                var negated = o.Negated || (negatedFrom >= 0 && (inherited || negatedFrom <= Math.Max(o.First, cueAt)))
                    || (cueAt >= 0 && cue is not (CueKind.Same or CueKind.SameIfNegated) && a.Scope.IsNegated(a.Words[cueAt].Start));
                if (cue == CueKind.SameIfNegated) cue = SameIfNegated(a, cueAt) ? CueKind.Same : CueKind.None;

                // Which arm is this about? The arm word nearest the governing word (or the outcome).
                var anchor = cueAt >= 0 ? cueAt : o.First;
                if (NearestArmIsComparator(a, clause, anchor, therapies)) continue;

                var (after, before) = Spans(a, clause, o, outcomes, cStart, cEnd);
                var value = ResultValues.Choose(values, before.From, before.To, after.From, after.To);
                var polarity = Polarity(o, cue, cueAt >= 0 ? a.Word(cueAt) : default, negated, value);
                polarity ??= NumericPolarity(a, o, value, values, after);
                if (polarity is null && value is null) continue;

                var subjects = named.Count > 0 ? named.Select(m => (m.ConceptId, m.Speculative))
                    : therapies.Count > 0 ? therapies.Select(m => (m.ConceptId, m.Speculative))
                    : interventions.Select(id => (id, false));
                var how = named.Count > 0 || therapies.Count > 0 ? SubjectNamed : SubjectDocument;
                var valueText = value?.Text;
                foreach (var (from, speculative) in subjects.Concat(trials.Select(t => (t.ConceptId, t.Speculative))))
                {
                    if (speculative || !seen.Add((from, GraphSchema.Relationships.ReportsOutcome, o.ConceptId, i))) continue;
                    relations.Add(new ExtractedRelation(from, GraphSchema.Relationships.ReportsOutcome, o.ConceptId, i, polarity, valueText, negated)
                    {
                        Subject = from.StartsWith(GraphBatchBuilder.TrialPrefix, StringComparison.Ordinal) ? SubjectNamed : how,
                    });
                }
            }
            previousClause = clause;
        }
    }

    private static bool ContainsNumberWord(SentenceAnalysis a, SentenceAnalysis.Clause c)
    {
        for (var k = c.From; k < c.To; k++)
            if (a.Word(k) is "one" or "two" or "three" or "four" or "five" or "six" or "seven" or "eight" or "nine" or "ten" or "eleven"
                or "twelve" or "none" or "all" or "fifteen" or "sixteen" or "twenty") return true;
        return false;
    }

    /// <summary>Aims, objectives, hypotheses, plans, endpoint definitions, eligibility, hurdles: no finding in the sentence.</summary>
    private static bool IsNotFinding(SentenceAnalysis a, bool endpointResult)
    {
        foreach (var phrase in FindingCues.NotFindingPhrases)
        {
            for (var k = 0; k + phrase.Length <= a.Words.Count; k++)
            {
                var match = true;
                for (var j = 0; j < phrase.Length && match; j++) match = a.Word(k + j).SequenceEqual(phrase[j]);
                if (!match) continue;
                var isEndpoint = phrase[0] is "end" or "endpoint" or "endpoints" or "primary" or "secondary" or "outcome";
                if (isEndpoint && endpointResult) continue;
                return true;
            }
        }
        return false;
    }

    private static bool HasCue(SentenceAnalysis a, SentenceAnalysis.Clause c)
    {
        for (var k = c.From; k < c.To; k++)
            if (a.Cues[k] != CueKind.None) return true;
        return false;
    }

    // "higher after complete loss of graft function", "before transplantation", "insulin-independent recipients",
    // "C-peptide-positive patients": the outcome places the result or names a group, it is not one.
    private static bool IsStratum(SentenceAnalysis a, Mention m)
    {
        var first = a.WordAt(m.Start);
        var next = a.LastWordBefore(m.End) + 1;
        if (a.Is(next, "positive") || a.Is(next, "negative")) next++;
        if (next < a.Words.Count && FindingCues.People.Contains(a.Word(next)) && !a.Is(next, "one")) return true;
        for (var k = first - 1; k >= Math.Max(0, first - 3); k--)
        {
            if (FindingCues.Stratifiers.Contains(a.Word(k))) return true;
            if (!(FindingCues.Determiners.Contains(a.Word(k)) || a.Is(k, "complete") || a.Is(k, "loss") || a.Is(k, "of"))) break;
        }
        // Complications of the disease are not harms of the therapy.
        if (m.ConceptId == "outcome:safety" && m.Text.Contains("complication", StringComparison.OrdinalIgnoreCase))
        {
            var last = a.LastWordBefore(m.End);
            for (var k = last + 1; k < Math.Min(a.Words.Count, last + 4); k++)
                if (a.Is(k, "diabetes") || a.Is(k, "diabetic") || a.Is(k, "disease")) return true;
            if (first > 0 && (a.Is(first - 1, "diabetic") || a.Is(first - 1, "diabetes") || a.Is(first - 1, "microvascular")
                || a.Is(first - 1, "vascular") || a.Is(first - 1, "chronic"))) return true;
        }
        return false;
    }

    private static Outcome OutcomeOf(SentenceAnalysis a, Mention m)
    {
        var text = m.Text.ToLowerInvariant();
        var valence = ValenceOf(m.ConceptId, text);
        var isEvent = valence == Valence.Harm && (text.Contains("died", StringComparison.Ordinal) || text.Contains("death", StringComparison.Ordinal)
            || text.Contains("lost", StringComparison.Ordinal) || text.Contains("complicated", StringComparison.Ordinal));
        return new Outcome(m.ConceptId, valence, isEvent, m.Start, m.End, a.WordAt(m.Start), a.LastWordBefore(m.End), m.Negated, m);
    }

    private static Valence ValenceOf(string conceptId, string text) => conceptId switch
    {
        "outcome:insulin-independence" => Valence.Achievement,
        "outcome:graft-function" => ContainsAny(text, "loss", "lost", "fail", "reject", "dysfunction", "non-function") ? Valence.Harm : Valence.Achievement,
        "outcome:hba1c" or "outcome:insulin-dose" => Valence.Measure,
        "outcome:time-in-range" => ContainsAny(text, "below", "tbr") ? Valence.Measure : Valence.Quantity,
        "outcome:severe-hypoglycemia" => ContainsAny(text, "score", "lability") ? Valence.Measure
            : text.Contains("awareness", StringComparison.Ordinal) && !ContainsAny(text, "impaired", "unaware") ? Valence.Quantity
            : Valence.Harm,
        "outcome:immune-response" => Valence.Harm,
        "outcome:safety" => text is "safe" or "safely" or "well tolerated" or "well-tolerated" or "tolerated" ? Valence.SafeWord
            : text is "" or "safety" or "safety profile" or "tolerability" or "safety and tolerability" ? Valence.Quantity
            : Valence.Harm,
        _ => Valence.Quantity,
    };

    private static bool ContainsAny(string text, params string[] parts)
    {
        foreach (var p in parts)
            if (text.Contains(p, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>
    /// The word that governs <paramref name="o"/> in its clause: the nearest direction word within fourteen words (a tie goes
    /// to the word after the outcome), else the nearest occurrence or state word. A word right next to another outcome
    /// or to a measured population is theirs ("regulatory T cells rose and C-peptide was preserved"), unless that outcome
    /// is listed with this one ("HbA1c and insulin dose fell"); a direction word after the outcome that describes the next
    /// noun ("... engraftment and with better immunosuppressive strategies") and an intended one ("used to prevent") are
    /// not results.
    /// </summary>
    private static (CueKind Cue, int At) GoverningCue(SentenceAnalysis a, SentenceAnalysis.Clause c, Outcome o, List<Outcome> outcomes,
        List<Mention> measured, List<Mention> mentions, int Window)
    {
        int strongAt = -1, strongDistance = int.MaxValue, weakAt = -1, weakDistance = int.MaxValue;
        var from = Math.Max(c.From, o.First - Window);
        var to = Math.Min(c.To, o.Last + 1 + Window);
        for (var k = from; k < to; k++)
        {
            var cue = a.Cues[k];
            if (cue == CueKind.None || (k >= o.First && k <= o.Last) || InsideMention(a, k, mentions)) continue;
            var isAfter = k > o.Last;
            if (isAfter && FindingCues.Attributive.Contains(a.Word(k)) && k + 1 < a.Words.Count && !FindingCues.AfterPredicate.Contains(a.Word(k + 1))
                && !char.IsDigit(a.Text[a.Words[k + 1].Start])) continue;
            if (k > 0 && a.Is(k - 1, "to") && k > 1 && FindingCues.IntentBeforeTo.Contains(a.Word(k - 2))) continue;
            if (ClaimedByOther(a, k, o, outcomes, measured)) continue;
            var distance = isAfter ? k - o.Last : o.First - k;
            // Words come in order, so on a tie the later one (after the outcome) wins.
            if (cue is not (CueKind.Occur or CueKind.State))
            {
                if (distance < strongDistance || (distance == strongDistance && isAfter)) { strongAt = k; strongDistance = distance; }
            }
            else if (distance < weakDistance || (distance == weakDistance && isAfter)) { weakAt = k; weakDistance = distance; }
        }
        if (strongAt >= 0)
        {
            // "prevented the loss of C-peptide": the loss is prevented, so the pair reads as kept.
            var cue = a.Cues[strongAt];
            if (cue == CueKind.Loss)
                for (var k = strongAt - 1; k >= Math.Max(c.From, strongAt - 3); k--)
                    if (a.Cues[k] == CueKind.Abolish) return (CueKind.Good, k);
            if (cue == CueKind.Abolish)
                for (var k = strongAt + 1; k < Math.Min(c.To, strongAt + 4); k++)
                    if (a.Cues[k] == CueKind.Loss) return (CueKind.Good, strongAt);
            return (cue, strongAt);
        }
        return weakAt >= 0 ? (a.Cues[weakAt], weakAt) : (CueKind.None, -1);
    }

    private static bool InsideMention(SentenceAnalysis a, int k, List<Mention> mentions)
    {
        var (s, e) = a.Words[k];
        foreach (var m in mentions)
            if (s >= m.Start && e <= m.End) return true;
        return false;
    }

    // A cue right after (or right before, past a determiner) another outcome or a measured population belongs to it,
    // unless that outcome is coordinated with this one.
    private static bool ClaimedByOther(SentenceAnalysis a, int k, Outcome o, List<Outcome> outcomes, List<Mention> measured)
    {
        foreach (var other in outcomes)
        {
            if (other.ConceptId == o.ConceptId || other.Mention is null) continue;
            if (!Adjacent(a, k, other.First, other.Last)) continue;
            if (Coordinated(a, o, other)) continue;
            return true;
        }
        foreach (var m in measured)
            if (Adjacent(a, k, a.WordAt(m.Start), a.LastWordBefore(m.End))) return true;
        return false;
    }

    // Right after it, or right before it (past a determiner) unless a copula makes the word a predicate of what came
    // before ("HbA1c was well controlled off insulin": controlled is said of HbA1c, not of being off insulin).
    private static bool Adjacent(SentenceAnalysis a, int k, int first, int last)
    {
        if (k == last + 1) return true;
        if (k != first - 1 && !(k == first - 2 && FindingCues.Determiners.Contains(a.Word(first - 1)))) return false;
        for (var j = k - 1; j >= Math.Max(0, k - 2); j--)
            if (a.Cues[j] == CueKind.State) return false;
        return true;
    }

    private static bool Coordinated(SentenceAnalysis a, Outcome x, Outcome y)
    {
        var (left, right) = x.First < y.First ? (x, y) : (y, x);
        for (var k = left.Last + 1; k < right.First; k++)
            if (!FindingCues.Coordination.Contains(a.Word(k))) return false;
        return true;
    }

    private static bool SameIfNegated(SentenceAnalysis a, int at)
    {
        for (var k = at - 1; k >= Math.Max(0, at - 3); k--)
            if (FindingCues.Negators.Contains(a.Word(k)) || a.Word(k).EndsWith("n't")) return true;
        return false;
    }

    // "none of the four recipients of stem cell-derived islets was": the quantifier negates the predicate, not the therapy.
    private static bool InNegativeQuantifierSubject(SentenceAnalysis a, Mention m)
    {
        var w = a.WordAt(m.Start);
        foreach (var c in a.Clauses)
            if (w >= c.From && w < c.To) return NegativeQuantifierAt(a, c) is var q and >= 0 && q < w;
        return false;
    }

    /// <summary>The word index of a negative quantifier that opens the clause's subject ("None of", "No patient",
    /// "neither"), or -1.</summary>
    private static int NegativeQuantifierAt(SentenceAnalysis a, SentenceAnalysis.Clause c)
    {
        for (var k = c.From; k < Math.Min(c.To, c.From + 6); k++)
        {
            if (FindingCues.NegativeQuantifiers.Contains(a.Word(k))) return k;
            if (a.Is(k, "no") && k + 1 < c.To && FindingCues.People.Contains(a.Word(k + 1))) return k;
        }
        return -1;
    }

    /// <summary>
    /// True when the arm word nearest <paramref name="anchor"/> is a comparator ("C-peptide fell by 40% in the placebo
    /// group", "while it stayed at 8.2% in patients who continued standard insulin therapy"). A comparator after
    /// "than", "from", "with", "versus" or "compared" is the point of comparison, not the arm.
    /// </summary>
    private static bool NearestArmIsComparator(SentenceAnalysis a, SentenceAnalysis.Clause c, int anchor, List<Mention> therapies)
    {
        var best = int.MaxValue;
        var comparator = false;
        for (var k = c.From; k < c.To; k++)
        {
            var w = a.Word(k);
            bool isComparator = FindingCues.Comparators.Contains(w), isTreated = FindingCues.TreatedArm.Contains(w);
            if (!isComparator && !isTreated) continue;
            if (isComparator && IsPointOfComparison(a, c, k)) continue;
            var d = Math.Abs(k - anchor);
            if (d < best || (d == best && !isComparator)) { best = d; comparator = isComparator; }
        }
        foreach (var m in therapies)
        {
            var k = a.WordAt(m.Start);
            if (k < c.From || k >= c.To) continue;
            var d = Math.Min(Math.Abs(k - anchor), Math.Abs(a.LastWordBefore(m.End) - anchor));
            if (d <= best) { best = d; comparator = false; }
        }
        return comparator;
    }

    // "than in the control group", "from that of untreated controls", "compared with placebo": walk back over the arm's own
    // words and up to three others to the comparison word.
    private static bool IsPointOfComparison(SentenceAnalysis a, SentenceAnalysis.Clause c, int k)
    {
        var j = k - 1;
        while (j >= c.From && FindingCues.Comparators.Contains(a.Word(j))) j--;
        for (var n = 0; n < 3 && j >= c.From; n++, j--)
            if (FindingCues.ComparisonWords.Contains(a.Word(j))) return true;
        return false;
    }

    /// <summary>The stretch after the outcome up to the next other outcome (or the clause end) and before it back to the
    /// previous other outcome (or the clause start), in characters.</summary>
    private static ((int From, int To) After, (int From, int To) Before) Spans(SentenceAnalysis a, SentenceAnalysis.Clause c, Outcome o,
        List<Outcome> outcomes, int cStart, int cEnd)
    {
        int afterTo = cEnd, beforeFrom = cStart;
        // A comma followed by a new number starts another result: "reached the primary end point, 10 (28%) showed ...".
        for (var k = o.Last + 1; k + 1 < c.To; k++)
            if (a.Depth[k] == 0 && a.Is(k, ",") && char.IsDigit(a.Text[a.Words[k + 1].Start])) { afterTo = Math.Min(afterTo, a.Words[k].Start); break; }
        foreach (var other in outcomes)
        {
            if (other.ConceptId == o.ConceptId || other.Mention is null) continue;
            if (other.Start >= o.End && other.Start < afterTo) afterTo = other.Start;
            if (other.End <= o.Start && other.End > beforeFrom) beforeFrom = other.End;
        }
        return ((o.End, afterTo), (beforeFrom, o.Start));
    }

    private static string? Polarity(Outcome o, CueKind cue, ReadOnlySpan<char> cueWord, bool negated, ResultValues.Candidate? value)
    {
        var v = o.Valence;
        if (v == Valence.SafeWord) return cue == CueKind.Same ? Unchanged : negated ? Worsened : Improved;
        var lowerBetter = v is Valence.Harm or Valence.Measure;
        var counted = value is { Kind: ResultValues.Kind.Count or ResultValues.Kind.CountedSubject or ResultValues.Kind.Quantifier }
            || value is { Kind: ResultValues.Kind.Measure } m && m.Text.EndsWith('%');
        return cue switch
        {
            CueKind.Good => negated ? NotAchieved : Improved,
            CueKind.Bad => negated ? Unchanged : Worsened,
            CueKind.Same => Unchanged,
            CueKind.Up => negated ? Unchanged : lowerBetter ? Worsened : Improved,
            CueKind.Down => negated ? Unchanged : lowerBetter ? Improved : Worsened,
            CueKind.Loss => negated ? (lowerBetter ? Unchanged : Improved) : lowerBetter ? Improved : Worsened,
            CueKind.Abolish => negated ? (lowerBetter ? NotAchieved : Unchanged) : lowerBetter ? Improved : Worsened,
            CueKind.Occur => v switch
            {
                Valence.Achievement => negated ? NotAchieved : Improved,
                Valence.Harm => negated ? Improved : Worsened,
                Valence.Quantity when FindingCues.Emergence.Contains(cueWord) => negated ? NotAchieved : Improved,
                _ => null,
            },
            CueKind.State => v switch
            {
                Valence.Achievement => negated ? NotAchieved : Improved,
                Valence.Harm when negated => Improved,
                Valence.Harm when o.Event => Worsened,
                _ => null,
            },
            _ => v switch
            {
                Valence.Achievement => negated ? NotAchieved : counted ? Improved : null,
                Valence.Harm => negated ? Improved : o.Event || counted ? Worsened : null,
                _ => null,
            },
        };
    }

    /// <summary>For a quantity or measure with no direction word: a change between two stated numbers, a level stated as
    /// below (or above) a bound, or a difference stated as not significant.</summary>
    private static string? NumericPolarity(SentenceAnalysis a, Outcome o, ResultValues.Candidate? value, List<ResultValues.Candidate> values,
        (int From, int To) after)
    {
        if (o.Valence is not (Valence.Measure or Valence.Quantity)) return null;
        var lowerBetter = o.Valence == Valence.Measure;
        if (value is { Kind: ResultValues.Kind.Change, From: { } f, To: { } t } && f != t)
            return (t < f) == lowerBetter ? Improved : Worsened;
        foreach (var c in values)
            if (c is { Kind: ResultValues.Kind.Measure, Bound: not 0 } && c.Start >= after.From && c.End <= after.To)
                return (c.Bound < 0) == lowerBetter ? Improved : null;
        if (ResultValues.NotSignificant(a.Text, after.From, after.To)) return Unchanged;
        return null;
    }
}
