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

    /// <param name="numbersRead">Passed to <see cref="FindingContext.MayStateFinding"/> (false only in the tests that pin it).</param>
    internal static List<ExtractedRelation> FromDocument(FindingContext x, bool numbersRead, CancellationToken ct)
    {
        var relations = new List<ExtractedRelation>();
        Scratch? scratch = null;
        // Decided on first need: many documents name the therapy in every result sentence.
        IReadOnlyList<string>? decided = null;
        IReadOnlyList<string> Interventions() => decided ??= DocumentInterventions.Decide(x);
        // The primary endpoint's head outcome, looked up only when a sentence reports on "the primary end point".
        var headRead = false;
        string? head = null;
        string? EndpointHead()
        {
            if (!headRead) (head, headRead) = (PrimaryEndpointHead(x), true);
            return head;
        }

        // One delegate each per document, not one per sentence that passes them on.
        Func<IReadOnlyList<string>> interventions = Interventions;
        Func<string?> endpointHead = EndpointHead;
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
                hasOutcome |= m.Kind == GraphSchema.Labels.Outcome && !m.Speculative; // hedged outcomes give no finding
            }
            var part = x.Sentences[i].Part;
            var mayFind = part is not (SectionKind.Methods or SectionKind.Registry) && (hasOutcome || MentionsPrimary(x.Sentences[i].Text))
                && x.MayStateFinding(i, numbersRead);
            var first = relations.Count;
            if (hasTrial && x.Scope(i) is { } scope && mentions.Count <= x.MaxMentionsPerSentence)
                Tests(x, scope, i, mentions, interventions, relations, first);
            if (!mayFind) continue;
            // Aims, plans, hurdles ("trials are needed to confirm whether ..."): ruled out on the scope's words, before the
            // sentence's analysis (brackets, clauses) is built.
            var s = x.Scope(i)!;
            var endpointResult = EndpointPhrase(s, 0, s.Words.Count) >= 0 && HasAny(s, 0, s.Words.Count, WordFlags.EndpointResult);
            if (IsNotFinding(s, endpointResult) || x.Analysis(i) is not { } a) continue;
            Findings(x, a, i, mentions, interventions, endpointHead, endpointResult, relations, first, scratch ??= new());
        }
        return relations;
    }

    private static void Tests(FindingContext x, ScopeDetector a, int i, MentionRange mentions, Func<IReadOnlyList<string>> interventions,
        List<ExtractedRelation> relations, int first)
    {
        var cells = new List<Mention>();
        foreach (var m in mentions)
            if (m.Kind == GraphSchema.Labels.CellType && !x.IsMeasured(a, m)) cells.Add(m);
        foreach (var t in mentions)
        {
            if (t.Kind != GraphSchema.Labels.Trial) continue;
            if (cells.Count > 0)
            {
                foreach (var c in cells)
                    if (IsNew(relations, first, t.ConceptId, GraphSchema.Relationships.Tests, c.ConceptId))
                        relations.Add(new ExtractedRelation(t.ConceptId, GraphSchema.Relationships.Tests, c.ConceptId, i,
                            Negated: c.Negated, Speculative: c.Speculative || t.Speculative) { Subject = SubjectNamed });
                continue;
            }
            foreach (var id in interventions())
                if (IsNew(relations, first, t.ConceptId, GraphSchema.Relationships.Tests, id))
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
            if (!MentionsPrimary(x.Sentences[i].Text) || !mentions.Any(m => m.Kind == GraphSchema.Labels.Outcome) || x.Analysis(i) is not { } a) continue;
            var at = EndpointPhrase(a, 0, a.Words.Count);
            if (at < 0 || HasAny(a, 0, a.Words.Count, WordFlags.EndpointResult)) continue;
            // Mentions are in text order: the first outcome after "primary" is the head.
            foreach (var m in mentions)
                if (m.Kind == GraphSchema.Labels.Outcome && m.Start >= a.Words[at].Start) return m.ConceptId;
        }
        return null;
    }

    // Ordinal searches: a case-insensitive one is a slow path under invariant globalisation.
    private static bool MentionsPrimary(string text) =>
        text.Contains("rimary", StringComparison.Ordinal) || text.Contains("RIMARY", StringComparison.Ordinal);

    // "primary end point", "primary endpoint", "primary outcome", "primary end-point": the word index of "primary", or -1.
    private static int EndpointPhrase(SentenceAnalysis a, int from, int to) => EndpointPhrase(a.Scope, from, to);

    private static int EndpointPhrase(ScopeDetector a, int from, int to)
    {
        if (!a.Lower.Contains("primary", StringComparison.Ordinal)) return -1;
        for (var k = from; k + 1 < to; k++)
            if (a.Is(k, "primary") && (a.Is(k + 1, "endpoint") || a.Is(k + 1, "outcome") || (a.Is(k + 1, "end") && (a.Is(k + 2, "point") || a.Is(k + 2, "points")))))
                return k;
        return -1;
    }

    private static bool HasAny(SentenceAnalysis a, int from, int to, WordFlags flag) => HasAny(a.Scope, from, to, flag);

    // The flags read here are the word list's (a SentenceAnalysis adds only InMention to its scope's features).
    private static bool HasAny(ScopeDetector a, int from, int to, WordFlags flag)
    {
        for (var k = from; k < to; k++)
            if (a.Has(k, flag)) return true;
        return false;
    }

    /// <param name="endpointResult">The sentence reports on a primary endpoint ("met the primary end point"); the caller has
    /// found it and ruled out a sentence that states no finding (<see cref="IsNotFinding"/>).</param>
    private static void Findings(FindingContext x, SentenceAnalysis a, int i, MentionRange mentions, Func<IReadOnlyList<string>> interventions,
        Func<string?> endpointHead, bool endpointResult, List<ExtractedRelation> relations, int first, Scratch scratch)
    {
        // Therapies named in the sentence (not measured, not negated, not in animal context), and trials named in it.
        // Lists made only when the sentence has such mentions (most have no trial and no measured population).
        // Arms: every cell type given in the sentence, negated ones too ("did not differ between the MSC and placebo groups").
        List<Mention> therapies = NoMentions, measured = NoMentions, trials = NoMentions, arms = NoMentions;
        foreach (var m in mentions)
        {
            if (m.Kind == GraphSchema.Labels.Trial) { Add(ref trials, m); continue; }
            if (m.Kind != GraphSchema.Labels.CellType) continue;
            if (x.IsMeasured(a.Scope, m)) { Add(ref measured, m); continue; }
            Add(ref arms, m);
            if ((!m.Negated || InNegativeQuantifierSubject(a, m) || FindingContext.NegatesAnOutcomeFirst(mentions, m))
                && (!x.IsBroad(m.ConceptId) || interventions().Contains(m.ConceptId)))
                Add(ref therapies, m);
        }

        List<Outcome>? previous = null;
        SentenceAnalysis.Clause? previousClause = null;
        var values = scratch.Values;
        var (outcomes, spare) = (scratch.Outcomes, scratch.Spare);
        foreach (var clause in a.Clauses)
        {
            var (cStart, cEnd) = a.CharRange(clause);
            if (ReferenceEquals(outcomes, previous)) (outcomes, spare) = (spare, outcomes);
            outcomes.Clear();
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
                foreach (var o in previous)
                    outcomes.Add(o with { Start = cStart, End = cStart, First = clause.From, Last = clause.From - 1, Mention = null });
                inherited = true;
            }
            if (outcomes.Count == 0 && endpointResult && EndpointPhrase(a, clause.From, clause.To) is var e and >= 0 && endpointHead() is { } headId)
            {
                // "16 of the 36 subjects had reached the primary end point": the endpoint was reached (or not), whatever it measures.
                var last = a.Is(e + 1, "end") ? e + 2 : e + 1;
                outcomes.Add(new Outcome(headId, Valence.Achievement, false, a.Words[e].Start, a.Words[last].End, e, last, false, null));
            }
            if (outcomes.Count == 0) continue;
            if (!inherited) previous = outcomes;
            if (FindingContext.IsPreclinical(a, clause)) { previousClause = clause; continue; }

            var named = 0;
            foreach (var m in therapies)
                if (m.Start >= cStart && m.Start < cEnd) named++;
            values.Clear();
            ResultValues.Find(a, clause.From, clause.To, cStart, cEnd, values);
            var negatedFrom = NegativeQuantifierAt(a, clause);

            foreach (var o in outcomes)
            {
                var (cue, cueAt) = GoverningCue(a, clause, o, outcomes, measured, inherited ? a.Words.Count : 14);
                if (cue == CueKind.None && clause.AfterAnd && previousClause is { } pc && clause.To - clause.From <= 6 && !HasCue(a, clause))
                    (cue, cueAt) = GoverningCue(a, pc, o with { First = pc.To, Last = pc.To - 1 }, outcomes, measured, 14);
                var negated = o.Negated || (negatedFrom >= 0 && (inherited || negatedFrom <= Math.Max(o.First, cueAt)))
                    || (cueAt >= 0 && cue is not (CueKind.Same or CueKind.SameIfNegated) && a.Scope.IsNegated(a.Words[cueAt].Start));
                if (cue == CueKind.SameIfNegated) cue = SameIfNegated(a, cueAt) ? CueKind.Same : CueKind.None;

                // Which arm is this about? The arm word nearest the governing word (or the outcome).
                var anchor = cueAt >= 0 ? cueAt : o.First;
                if (NearestArmIsComparator(a, clause, anchor, arms)) continue;

                var (after, before) = Spans(a, clause, o, outcomes, cStart, cEnd);
                var value = ResultValues.Choose(values, before.From, before.To, after.From, after.To);
                var polarity = Polarity(o, cue, cueAt >= 0 && a.Has(cueAt, WordFlags.Emergence), negated, value);
                polarity ??= NumericPolarity(a, o, value, values, after);
                if (polarity is null && value is null) continue;

                var valueText = value?.TextIn(a.Text);
                // The therapies this clause names, else those the sentence names, else the document's intervention.
                foreach (var m in therapies)
                    if (!m.Speculative && (named == 0 || (m.Start >= cStart && m.Start < cEnd))) Emit(m.ConceptId, SubjectNamed);
                if (therapies.Count == 0)
                    foreach (var id in interventions()) Emit(id, SubjectDocument);
                foreach (var t in trials)
                    if (!t.Speculative) Emit(t.ConceptId, SubjectNamed);

                void Emit(string from, string how)
                {
                    if (IsNew(relations, first, from, GraphSchema.Relationships.ReportsOutcome, o.ConceptId))
                        relations.Add(new ExtractedRelation(from, GraphSchema.Relationships.ReportsOutcome, o.ConceptId, i, polarity, valueText, negated)
                            { Subject = how });
                }
            }
            previousClause = clause;
        }
    }

    /// <summary>Aims, objectives, hypotheses, plans, endpoint definitions, eligibility, hurdles: no finding in the sentence.</summary>
    private static bool IsNotFinding(ScopeDetector a, bool endpointResult)
    {
        if ((a.AllFlags & WordFlags.NotFindingStart) == 0) return false;
        for (var k = 0; k < a.Words.Count; k++)
        {
            if (!a.Has(k, WordFlags.NotFindingStart) || !FindingCues.NotFindingPhrases.TryGetValue(a.WordText(k), out var phrases)) continue;
            foreach (var phrase in phrases)
            {
                if (k + phrase.Length > a.Words.Count) continue;
                var match = true;
                for (var j = 1; j < phrase.Length && match; j++) match = a.WordText(k + j).SequenceEqual(phrase[j]);
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
            if (a.Cue(k) != CueKind.None) return true;
        return false;
    }

    // "higher after complete loss of graft function", "before transplantation", "insulin-independent recipients",
    // "C-peptide-positive patients": the outcome places the result or names a group, it is not one.
    private static bool IsStratum(SentenceAnalysis a, Mention m)
    {
        var first = a.WordAt(m.Start);
        // "children who suffer from hypoglycaemic episodes": a relative clause describing the people, not a result.
        for (var k = first - 1; k >= Math.Max(0, first - 4); k--)
            if (a.Is(k, "who") || a.Is(k, "whose")) return true;
        var next = a.LastWordBefore(m.End) + 1;
        if (a.Is(next, "positive") || a.Is(next, "negative")) next++;
        if (next < a.Words.Count && a.Has(next, WordFlags.People) && !a.Is(next, "one")) return true;
        for (var k = first - 1; k >= Math.Max(0, first - 3); k--)
        {
            if (a.Has(k, WordFlags.Stratifier)) return true;
            if (!(a.Has(k, WordFlags.Determiner) || a.Is(k, "complete") || a.Is(k, "loss") || a.Is(k, "of"))) break;
        }
        // Complications of the disease are not harms of the therapy.
        if (m.ConceptId == "outcome:safety" && m.Text.Contains("complication", StringComparison.OrdinalIgnoreCase))
        {
            var last = a.LastWordBefore(m.End);
            for (var k = last + 1; k < Math.Min(a.Words.Count, last + 4); k++)
                if (a.Is(k, "diabetes") || a.Is(k, "diabetic") || a.Is(k, "disease")) return true;
            if (first > 0 && (a.Is(first - 1, "diabetic") || a.Is(first - 1, "diabetes") || a.Is(first - 1, "microvascular")
                || a.Is(first - 1, "macrovascular") || a.Is(first - 1, "vascular") || a.Is(first - 1, "chronic")
                || a.Is(first - 1, "late") || (a.Is(first - 1, "term") && a.Is(first - 2, "long")))) return true;
        }
        return false;
    }

    private static Outcome OutcomeOf(SentenceAnalysis a, Mention m)
    {
        var text = a.Lower.Slice(m.Start, m.End - m.Start);
        var valence = ValenceOf(m.ConceptId, text);
        var isEvent = valence == Valence.Harm && (text.Contains("died", StringComparison.Ordinal) || text.Contains("death", StringComparison.Ordinal)
            || text.Contains("lost", StringComparison.Ordinal) || text.Contains("complicated", StringComparison.Ordinal));
        return new Outcome(m.ConceptId, valence, isEvent, m.Start, m.End, a.WordAt(m.Start), a.LastWordBefore(m.End), m.Negated, m);
    }

    private static Valence ValenceOf(string conceptId, ReadOnlySpan<char> text) => conceptId switch
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

    private static readonly List<Mention> NoMentions = [];

    /// <summary>Lists reused from sentence to sentence of one document.</summary>
    private sealed class Scratch
    {
        public List<Outcome> Outcomes { get; } = [];
        public List<Outcome> Spare { get; } = [];
        public List<ResultValues.Candidate> Values { get; } = [];
    }

    private static void Add(ref List<Mention> list, Mention m)
    {
        if (ReferenceEquals(list, NoMentions)) list = [];
        list.Add(m);
    }

    // One relation per (from, type, to) and sentence: the sentence's few relations are compared, no set is kept.
    private static bool IsNew(List<ExtractedRelation> relations, int first, string from, string type, string to)
    {
        for (var k = first; k < relations.Count; k++)
        {
            var r = relations[k];
            if (string.Equals(r.To, to, StringComparison.Ordinal) && string.Equals(r.From, from, StringComparison.Ordinal)
                && ReferenceEquals(r.Type, type)) return false;
        }
        return true;
    }

    private static bool ContainsAny(ReadOnlySpan<char> text, params ReadOnlySpan<string> parts)
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
        List<Mention> measured, int Window)
    {
        int strongAt = -1, strongDistance = int.MaxValue, weakAt = -1, weakDistance = int.MaxValue;
        var from = Math.Max(c.From, o.First - Window);
        var to = Math.Min(c.To, o.Last + 1 + Window);
        for (var k = from; k < to; k++)
        {
            var cue = a.Cue(k);
            if (cue == CueKind.None || (k >= o.First && k <= o.Last) || a.InMention(k)) continue;
            var isAfter = k > o.Last;
            if (isAfter && a.Has(k, WordFlags.Attributive) && k + 1 < a.Words.Count && !a.Has(k + 1, WordFlags.AfterPredicate)
                && !char.IsDigit(a.Text[a.Words[k + 1].Start])) continue;
            if (IsIntended(a, k)) continue;
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
            // "the decline in C-peptide did not differ between groups": a direction noun before the outcome is the subject;
            // a no-difference predicate after it is what the sentence says.
            if (strongAt < o.First && (a.Is(strongAt + 1, "in") || a.Is(strongAt + 1, "of")))
                for (var k = o.Last + 1; k < to; k++)
                    if (a.Cue(k) == CueKind.Same || (a.Cue(k) == CueKind.SameIfNegated && SameIfNegated(a, k))) return (CueKind.Same, k);
            // "prevented the loss of C-peptide": the loss is prevented, so the pair reads as kept.
            var cue = a.Cue(strongAt);
            if (cue == CueKind.Loss)
                for (var k = strongAt - 1; k >= Math.Max(c.From, strongAt - 3); k--)
                    if (a.Cue(k) == CueKind.Abolish) return (CueKind.Good, k);
            if (cue == CueKind.Abolish)
                for (var k = strongAt + 1; k < Math.Min(c.To, strongAt + 4); k++)
                    if (a.Cue(k) == CueKind.Loss) return (CueKind.Good, strongAt);
            return (cue, strongAt);
        }
        return weakAt >= 0 ? (a.Cue(weakAt), weakAt) : (CueKind.None, -1);
    }


    // A cue right after (or right before, past a determiner) another outcome or a measured population belongs to it,
    // unless that outcome is coordinated with this one.
    /// <summary>
    /// "to preserve", "used to prevent", "trials of Treg therapy to preserve C-peptide": a direction verb in its base form
    /// after "to" states a purpose, unless "to" follows a verb of outcome ("were able to", "failed to", "was shown to").
    /// "contribution to preventing" and "led to improved" are not infinitives (-ing, -ed).
    /// </summary>
    private static bool IsIntended(SentenceAnalysis a, int k)
    {
        if (k < 1 || !a.Is(k - 1, "to")) return false;
        var w = a.Word(k);
        if (w.EndsWith("ing") || w.EndsWith("ed")) return false;
        return !a.Has(k - 2, WordFlags.ResultBeforeTo);
    }

    private static bool ClaimedByOther(SentenceAnalysis a, int k, Outcome o, List<Outcome> outcomes, List<Mention> measured)
    {
        var own = Distance(k, o.First, o.Last);
        foreach (var other in outcomes)
        {
            // "safe", "well tolerated" are results by themselves and need no word: they own none.
            if (other.ConceptId == o.ConceptId || other.Mention is null || other.Valence == Valence.SafeWord) continue;
            // The nearer outcome owns the word ("Insulin independence was achieved ..., at the cost of adverse events").
            var theirs = Distance(k, other.First, other.Last);
            if (theirs > own || (theirs == own && !Adjacent(a, k, other.First, other.Last))) continue;
            // A copula before the word makes it said of the subject before it, not of an outcome after it
            // ("HbA1c was well controlled off insulin").
            if (other.First > k && AfterCopula(a, k)) continue;
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
        if (k != first - 1 && !(k == first - 2 && a.Has(first - 1, WordFlags.Determiner))) return false;
        return !AfterCopula(a, k);
    }

    private static bool AfterCopula(SentenceAnalysis a, int k)
    {
        for (var j = k - 1; j >= Math.Max(0, k - 2); j--)
            if (a.Cue(j) == CueKind.State) return true;
        return false;
    }

    private static int Distance(int k, int first, int last) => k < first ? first - k : k > last ? k - last : 0;

    private static bool Coordinated(SentenceAnalysis a, Outcome x, Outcome y)
    {
        var (left, right) = x.First < y.First ? (x, y) : (y, x);
        for (var k = left.Last + 1; k < right.First; k++)
            if (!a.Has(k, WordFlags.Coordination)) return false;
        return true;
    }

    private static bool SameIfNegated(SentenceAnalysis a, int at)
    {
        for (var k = at - 1; k >= Math.Max(0, at - 3); k--)
            if (a.Has(k, WordFlags.Negator) || a.Word(k).EndsWith("n't")) return true;
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
        if (!a.Any(WordFlags.NegativeQuantifier | WordFlags.Quantity)) return -1;
        for (var k = c.From; k < Math.Min(c.To, c.From + 6); k++)
        {
            if (a.Has(k, WordFlags.NegativeQuantifier)) return k;
            if (a.Is(k, "no") && k + 1 < c.To && a.Has(k + 1, WordFlags.People)) return k;
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
        if (!a.Any(WordFlags.Comparator)) return false;
        var best = int.MaxValue;
        var comparator = false;
        for (var k = c.From; k < c.To; k++)
        {
            var w = a.Word(k);
            bool isComparator = a.Has(k, WordFlags.Comparator), isTreated = a.Has(k, WordFlags.TreatedArm);
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
        while (j >= c.From && a.Has(j, WordFlags.Comparator)) j--;
        for (var n = 0; n < 4 && j >= c.From; n++, j--)
            if (a.Has(j, WordFlags.ComparisonWord)) return true;
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
            if (a.Depth(k) == 0 && a.Is(k, ",") && char.IsDigit(a.Text[a.Words[k + 1].Start])) { afterTo = Math.Min(afterTo, a.Words[k].Start); break; }
        foreach (var other in outcomes)
        {
            if (other.ConceptId == o.ConceptId || other.Mention is null) continue;
            if (other.Start >= o.End && other.Start < afterTo) afterTo = other.Start;
            if (other.End <= o.Start && other.End > beforeFrom) beforeFrom = other.End;
        }
        return ((o.End, afterTo), (beforeFrom, o.Start));
    }

    private static string? Polarity(Outcome o, CueKind cue, bool emergence, bool negated, ResultValues.Candidate? value)
    {
        var v = o.Valence;
        if (v == Valence.SafeWord) return cue == CueKind.Same ? Unchanged : negated ? Worsened : Improved;
        var lowerBetter = v is Valence.Harm or Valence.Measure;
        var counted = value is { Kind: ResultValues.Kind.Count or ResultValues.Kind.CountedSubject or ResultValues.Kind.Quantifier }
            || value is { Kind: ResultValues.Kind.Measure } m && m.Text is { } mt && mt.EndsWith('%');
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
                Valence.Quantity when emergence => negated ? NotAchieved : Improved,
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
