using System.Text.RegularExpressions;

namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// Paraphrases whose words vary or are separated, which a phrase lexicon cannot list: "free of exogenous
/// insulin", "stopped insulin", "replace them with insulin-producing cells", "dampen autoimmunity".
/// Each pattern is gated by a keyword, and where that keyword is common (most abstracts say "insulin" and
/// "immune") also by the words a match must start with, so the regex runs only on sentences that could match.
/// The mention span is the group <c>m</c> when present (the cue word), else the whole match.
/// </summary>
internal static partial class ParaphrasePatterns
{
    /// <param name="Gate">A word every match contains.</param>
    /// <param name="Leads">Empty, or words one of which every match contains (its leading verb or phrase). Only a
    /// necessary condition: the regex still decides, so a lead that is too loose costs time, never results.</param>
    internal sealed record Pattern(string ConceptId, string Kind, string Gate, Regex Regex, params string[] Leads)
    {
        // string.Contains(.., OrdinalIgnoreCase) is a slow per-char path under InvariantGlobalization (set for every
        // project); a SearchValues does the same comparison vectorised.
        public System.Buffers.SearchValues<string> GateValues { get; } = System.Buffers.SearchValues.Create([Gate], StringComparison.OrdinalIgnoreCase);

        private readonly System.Buffers.SearchValues<string>? _leadValues =
            Leads.Length == 0 ? null : System.Buffers.SearchValues.Create(Leads, StringComparison.OrdinalIgnoreCase);

        // A lead that starts before a position p lies within p + this many chars.
        private readonly int _longestLead = Leads.Length == 0 ? 0 : Leads.Max(l => l.Length);

        /// <summary>True when every match has its gate at the start of a word (the regex puts <c>\b</c> or <c>\s</c>
        /// right before it): then a gate inside a word ("autoimmune" for "immune") does not count.</summary>
        public bool GateStartsWord { get; init; }

        /// <summary>The number of the regex's group <c>m</c>, or -1 when it has none (looked up once, not per match by name).</summary>
        public int MarkGroup { get; } = Regex.GroupNumberFromName("m");

        /// <summary>As <see cref="GateStartsWord"/>, for the leads: "immunosuppression" holds "suppress", but not as a word.</summary>
        public bool LeadsStartWord { get; init; }

        /// <summary>Where every match has its lead relative to its gate: <see cref="LeadOrder.AfterGate"/> when the regex spells
        /// the lead after the gate word ("replace ... beta cells"), <see cref="LeadOrder.BeforeGate"/> when before it ("free of
        /// ... insulin"); <see cref="LeadOrder.Anywhere"/> when not stated.</summary>
        public LeadOrder Order { get; init; }

        /// <summary>False when <paramref name="sentence"/> lacks a word every match needs, or holds the lead only on the wrong side
        /// of every gate (<see cref="Order"/>), so the regex cannot match. A match holds an accepted gate occurrence and, on
        /// its side, an accepted lead occurrence: at or after the first gate (after its last char), or starting before the
        /// last gate. Only a necessary condition: the regex still decides.</summary>
        /// <param name="firstGate">Where the sentence's first gate of any pattern stands (<see cref="FirstGate"/>): no gate
        /// occurs before it, so the gate is looked for from there.</param>
        public bool CanMatch(ReadOnlySpan<char> sentence, int firstGate = 0)
        {
            var gate = First(sentence, firstGate, GateValues, GateStartsWord);
            if (gate < 0) return false;
            if (_leadValues is null) return true;
            switch (Order)
            {
                case LeadOrder.AfterGate:
                    return First(sentence, gate + Gate.Length, _leadValues, LeadsStartWord) >= 0;
                case LeadOrder.BeforeGate:
                    // A lead before some gate, i.e. before the last one: the gates (one word, a fast search) are found first,
                    // so the leads (many words, the slower search) are looked for only up to the last gate.
                    var last = gate;
                    for (var g = gate; (g = First(sentence, g + 1, GateValues, GateStartsWord)) >= 0;) last = g;
                    var lead = First(sentence[..Math.Min(sentence.Length, last + _longestLead)], 0, _leadValues, LeadsStartWord);
                    return lead >= 0 && lead < last;
                default:
                    return First(sentence, 0, _leadValues, LeadsStartWord) >= 0;
            }
        }

        // The first position from `from` on where one of the values occurs, or -1; with atWordStart only where the char
        // before it is not certainly a regex word char. Only ASCII letters, digits and '_' count as certain: any other char
        // before an occurrence lets it pass, so this never skips an occurrence the regex's \b or \s would accept.
        private static int First(ReadOnlySpan<char> text, int from, System.Buffers.SearchValues<string> values, bool atWordStart)
        {
            while (from <= text.Length)
            {
                var at = text[from..].IndexOfAny(values);
                if (at < 0) return -1;
                at += from;
                if (!atWordStart || StartsWord(text, at)) return at;
                from = at + 1;
            }
            return -1;
        }
    }

    /// <summary>Where a pattern's lead stands relative to its gate in every match (<see cref="Pattern.Order"/>).</summary>
    internal enum LeadOrder : byte { Anywhere, AfterGate, BeforeGate }

    // Whether text[at] may start a word as the regexes see it: the char before it is not certainly a regex word char.
    private static bool StartsWord(ReadOnlySpan<char> text, int at) =>
        at == 0 || !(char.IsAsciiLetterOrDigit(text[at - 1]) || text[at - 1] == '_');

    private const string ExogenousInsulin = @"(?:(?:any|all|the\s+need\s+for|need\s+for)\s+)?(?:(?:exogenous|daily|supplemental|injected)\s+)?insulin(?:\s+(?:therapy|treatment|injections?|administration))?\b(?![\s-]+(?:dose|doses|dosage|requirements?|resistance|resistant|secretion|production|producing|secreting|sensitivity|levels?|use|needs))";

    [GeneratedRegex(@"\b(?:free(?:dom)?\s+(?:of|from)|without|independen(?:t|ce)\s+(?:of|from)|no\s+longer\s+(?:requir|need|us|tak)\w*|(?:stopp?|discontinu|withdr[ae]w|ceas|quit|came\s+off|weaned\s+off|taken\s+off)\w*(?:\s+(?:from|off|using))?|(?:discontinuation|withdrawal|cessation)\s+(?:of|from))\s+" + ExogenousInsulin, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InsulinIndependence();

    [GeneratedRegex(@"\b(?<m>replac(?:e|es|ed|ing|ement))\b(?:\s+(?:of|for))?(?:[\s,]+[\w-]+){0,5}?[\s,]+(?:functional\s+|new\s+|healthy\s+|the\s+)?(?:(?:insulin[\s-]+(?:producing|secreting)|beta|β|islet)[\s-]*cells?|islets|(?:beta|β)[\s-]*cell\s+mass)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Replacement();

    [GeneratedRegex(@"\b(?<m>restor(?:e|es|ed|ing|ation\s+of))\s+(?:the\s+)?(?:functional\s+)?(?:(?:beta|β)[\s-]*cell\s+mass|(?:beta|β)[\s-]*cells)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Restoration();

    [GeneratedRegex(@"\b(?<m>dampen\w*|suppress(?:es|ed|ing|ion\s+of)?|revers(?:e|es|ed|ing|al\s+of)|halt(?:s|ed|ing)?|arrest(?:s|ed|ing)?|modulat(?:e|es|ed|ing|ion\s+of)|interrupt(?:s|ed|ing)?|re-?educat\w*|rebalanc\w*|reset(?:s|ting)?|tolerize\w*|attenuat(?:e|es|ed|ing))\s+(?:the\s+|this\s+|of\s+the\s+)?(?:[\w-]+\s+){0,2}?(?:autoimmun(?:ity|e\s+(?:process|attack|response|reaction|destruction|disease)s?)|immune\s+(?:system|response|attack)s?)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AutoimmunityVerbFirst();

    [GeneratedRegex(@"\bautoimmun(?:ity|e\s+(?:process|attack|response|reaction)s?)\b(?:\s+[\w-]+){0,6}?\s+(?:(?:can|could|may|might|was|were|is|are|be|been)\s+)+(?<m>suppressed|dampened|halted|reversed|arrested|modulated|interrupted|reset|attenuated)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AutoimmunityVerbLast();

    [GeneratedRegex(@"\b(?<m>(?:encapsulat|immunoisolat|immuno-isolat)\w*)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Encapsulation();

    public static IReadOnlyList<Pattern> All => Patterns;

    // An array, so the loop in Find takes no enumerator per sentence.
    private static readonly Pattern[] Patterns =
    [
        // Leads: the alternatives of InsulinIndependence's first group ("stopp?" -> "stop", "withdr[ae]w" -> "withdr",
        // "came/weaned/taken off" -> "off", "no longer" -> "longer"; "cessation" does not contain "ceas"). Each starts a
        // word (after \b or \s+), and so does "insulin" (after \s+).
        new("outcome:insulin-independence", "Outcome", "insulin", InsulinIndependence(),
            "free", "without", "independen", "longer", "stop", "discontinu", "withdr", "ceas", "cessation", "quit", "off")
            { GateStartsWord = true, LeadsStartWord = true, Order = LeadOrder.BeforeGate },
        // Leads: every alternative of the tail names cells ("cells", "cell mass") or islets; not always as a word of
        // their own ("betacells"). The gates follow \b.
        new("mechanism:replacement", "Mechanism", "replac", Replacement(), "cell", "islet") { GateStartsWord = true, Order = LeadOrder.AfterGate },
        new("mechanism:replacement", "Mechanism", "restor", Restoration(), "cell") { GateStartsWord = true, Order = LeadOrder.AfterGate },
        // Leads: the verbs of AutoimmunityVerbFirst's group m, each right after \b ("re-?educat" -> "reeducat", "re-educat"),
        // so "immunosuppression" runs no regex. The gate "immun" may sit inside a word ("autoimmunity").
        new("mechanism:immunomodulation", "Mechanism", "immun", AutoimmunityVerbFirst(),
            "dampen", "suppress", "revers", "halt", "arrest", "modulat", "interrupt", "reeducat", "re-educat", "rebalanc", "reset",
            "tolerize", "attenuat") { LeadsStartWord = true, Order = LeadOrder.BeforeGate },
        // Leads: the verbs of AutoimmunityVerbLast's group m, after \s+ ("autoimmune loss" alone, in most abstracts, runs
        // no regex); the gate follows \b.
        new("mechanism:immunomodulation", "Mechanism", "autoimmun", AutoimmunityVerbLast(),
            "suppressed", "dampened", "halted", "reversed", "arrested", "modulated", "interrupted", "reset", "attenuated")
            { GateStartsWord = true, LeadsStartWord = true, Order = LeadOrder.AfterGate },
        new("mechanism:encapsulation", "Mechanism", "isolat", Encapsulation()),
        new("mechanism:encapsulation", "Mechanism", "capsul", Encapsulation()),
    ];

    // Every pattern's gate in one set: most sentences hold none, and one vectorised scan then skips all seven gate scans.
    private static readonly System.Buffers.SearchValues<string> AnyGate =
        System.Buffers.SearchValues.Create([.. Patterns.Select(p => p.Gate).Distinct(StringComparer.OrdinalIgnoreCase)], StringComparison.OrdinalIgnoreCase);

    /// <summary>False when <paramref name="sentence"/> holds no pattern's gate word, so no pattern can match.</summary>
    public static bool MayMatch(ReadOnlySpan<char> sentence) => FirstGate(sentence) >= 0;

    /// <summary>Where the first gate word of any pattern stands in <paramref name="sentence"/> (compared as each pattern
    /// compares its own, ignoring case), or -1 when none does and no pattern can match.</summary>
    public static int FirstGate(ReadOnlySpan<char> sentence) => sentence.IndexOfAny(AnyGate);

    /// <summary>Spans (start, end, pattern) found in a sentence, pattern by pattern and in text order; null when none.
    /// A list (or nothing) rather than an iterator over match collections: no enumerator or collection per sentence.</summary>
    /// <param name="firstGate"><see cref="FirstGate"/> of the sentence when the caller has it: each pattern's gate is then
    /// looked for from there, not from the sentence's start.</param>
    public static List<(int Start, int End, Pattern Pattern)>? Find(string sentence, int firstGate = 0)
    {
        List<(int Start, int End, Pattern Pattern)>? found = null;
        foreach (var p in Patterns)
        {
            if (!p.CanMatch(sentence, firstGate)) continue;
            for (var m = p.Regex.Match(sentence); m.Success; m = m.NextMatch())
            {
                var g = p.MarkGroup >= 0 ? m.Groups[p.MarkGroup] : null;
                (found ??= []).Add(g is { Success: true } ? (g.Index, g.Index + g.Length, p) : (m.Index, m.Index + m.Length, p));
            }
        }
        return found;
    }
}
