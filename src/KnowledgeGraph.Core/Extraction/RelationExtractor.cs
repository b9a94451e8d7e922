using System.Collections.Frozen;
using System.Text.RegularExpressions;
using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// Relations stated within one sentence: a trial TESTS the cell types named with it; a cell type or trial
/// REPORTS_OUTCOME an outcome when the sentence also carries a direction word (the value nearest the outcome,
/// "10 of 12", "87%", "5.9%", is attached when stated). Polarity reads the
/// direction word nearest the outcome against the outcome's good direction (lower HbA1c is improved, lower
/// C-peptide is worsened); a negated outcome is not_achieved (or improved when the outcome is a harm:
/// "no adverse events").
/// </summary>
public static partial class RelationExtractor
{
    public const string Improved = "improved";
    public const string Worsened = "worsened";
    public const string Unchanged = "unchanged";
    public const string NotAchieved = "not_achieved";

    // Outcomes where less is better; the rest (C-peptide, insulin independence, time in range, graft function) want more.
    private static readonly HashSet<string> LowerIsBetter = new(StringComparer.Ordinal)
    {
        "outcome:hba1c", "outcome:insulin-dose", "outcome:severe-hypoglycemia", "outcome:immune-response", "outcome:safety",
    };

    // Outcomes that are harms: saying they were absent is good news.
    private static readonly HashSet<string> Harms = new(StringComparer.Ordinal)
    {
        "outcome:severe-hypoglycemia", "outcome:immune-response", "outcome:safety",
    };

    private enum Cue { Good, Bad, Same, Up, Down }

    private static readonly Dictionary<string, Cue> CueWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["improved"] = Cue.Good, ["improvement"] = Cue.Good, ["improvements"] = Cue.Good, ["improving"] = Cue.Good,
        ["better"] = Cue.Good, ["preserved"] = Cue.Good, ["preserving"] = Cue.Good, ["preservation"] = Cue.Good,
        ["maintained"] = Cue.Good, ["restored"] = Cue.Good, ["achieved"] = Cue.Good, ["attained"] = Cue.Good,
        ["reached"] = Cue.Good, ["sustained"] = Cue.Good, ["normalized"] = Cue.Good, ["normalised"] = Cue.Good,
        ["protected"] = Cue.Good, ["improve"] = Cue.Good, ["improves"] = Cue.Good, ["preserve"] = Cue.Good,
        ["preserves"] = Cue.Good, ["restore"] = Cue.Good, ["restores"] = Cue.Good, ["restoring"] = Cue.Good,
        ["achieve"] = Cue.Good, ["achieving"] = Cue.Good, ["regained"] = Cue.Good, ["protects"] = Cue.Good,
        ["worsened"] = Cue.Bad, ["worse"] = Cue.Bad, ["deteriorated"] = Cue.Bad, ["deterioration"] = Cue.Bad,
        ["impaired"] = Cue.Bad, ["failed"] = Cue.Bad,
        ["unchanged"] = Cue.Same, ["stable"] = Cue.Same, ["similar"] = Cue.Same, ["comparable"] = Cue.Same,
        ["change"] = Cue.Same, ["differ"] = Cue.Same, ["difference"] = Cue.Same,
        ["increased"] = Cue.Up, ["increase"] = Cue.Up, ["increases"] = Cue.Up, ["rose"] = Cue.Up, ["rise"] = Cue.Up,
        ["higher"] = Cue.Up, ["elevated"] = Cue.Up, ["raised"] = Cue.Up, ["gained"] = Cue.Up, ["greater"] = Cue.Up,
        ["decreased"] = Cue.Down, ["decrease"] = Cue.Down, ["decreases"] = Cue.Down, ["reduced"] = Cue.Down,
        ["reduction"] = Cue.Down, ["reduces"] = Cue.Down, ["lower"] = Cue.Down, ["lowered"] = Cue.Down, ["lowers"] = Cue.Down,
        ["reduce"] = Cue.Down, ["fell"] = Cue.Down, ["fall"] = Cue.Down, ["dropped"] = Cue.Down, ["declined"] = Cue.Down, ["decline"] = Cue.Down,
        ["loss"] = Cue.Down, ["lost"] = Cue.Down, ["diminished"] = Cue.Down,
    };

    // Looked up by span: no string per word per outcome. Frozen because every word near every outcome is probed: it
    // rejects most words by length and hashes a few characters, where a Dictionary hashes the whole word.
    private static readonly FrozenDictionary<string, Cue>.AlternateLookup<ReadOnlySpan<char>> Cues =
        CueWords.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    private const int CueWindowWords = 10;

    [GeneratedRegex(@"\b\d+\s+(?:of|out\s+of)\s+(?:the\s+)?\d+\b|\d+(?:\.\d+)?\s?%|\b\d+(?:\.\d+)?\s*(?:nmol/l|pmol/ml|ng/ml|mmol/mol|units?/kg(?:/day)?|IU/kg(?:/day)?)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ValuePattern();

    private readonly record struct Word(int Index, int Length);

    // Words as the pattern [\p{L}\p{N}']+ would find them (letters, numbers, apostrophes), without a Match per word.
    private static List<Word> Words(string text)
    {
        var words = new List<Word>(text.Length / 5);
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordChar(text[i])) { i++; continue; }
            var start = i++;
            while (i < text.Length)
            {
                // The ASCII part of the word in one vectorised search; a non-ASCII char then decides for itself.
                var run = text.AsSpan(i).IndexOfAnyExcept(CharSets.AsciiWordChars);
                i = run < 0 ? text.Length : i + run;
                if (i == text.Length || text[i] < 128 || !IsWordChar(text[i])) break;
                i++;
            }
            words.Add(new Word(start, i - start));
        }
        return words;
    }

    private static bool IsWordChar(char c) => char.IsLetter(c) || char.IsNumber(c) || c == '\'';

    public static List<ExtractedRelation> FromSentences(IReadOnlyList<Sentence> sentences, IReadOnlyList<Mention> mentions)
    {
        var relations = new List<ExtractedRelation>();
        foreach (var group in mentions.GroupBy(m => m.SentenceIndex))
        {
            var text = sentences[group.Key].Text;
            // One pass over the group instead of three filtered copies.
            List<Mention> trials = [], cells = [], outcomes = [];
            foreach (var m in group)
            {
                if (m.Kind == GraphSchema.Labels.Trial) trials.Add(m);
                else if (m.Kind == GraphSchema.Labels.CellType) cells.Add(m);
                else if (m.Kind == GraphSchema.Labels.Outcome) outcomes.Add(m);
            }
            var seen = new HashSet<(string, string, string)>();

            foreach (var t in trials)
                foreach (var c in cells)
                    if (seen.Add((t.ConceptId, GraphSchema.Relationships.Tests, c.ConceptId)))
                        relations.Add(new ExtractedRelation(t.ConceptId, GraphSchema.Relationships.Tests, c.ConceptId, group.Key,
                            Negated: c.Negated, Speculative: c.Speculative || t.Speculative));

            if (outcomes.Count == 0 || trials.Count + cells.Count == 0) continue;
            var words = Words(text);
            // Once per sentence, not per outcome; every value form holds a digit, so without one the regex is skipped.
            var values = text.AsSpan().IndexOfAny(CharSets.Digits) >= 0 ? ValuePattern().Matches(text) : null;
            foreach (var o in outcomes)
            {
                var polarity = Polarity(text, words, o);
                var value = NearestValue(values, o);
                // A count of people reaching insulin independence ("20 of 23 ... insulin free") is an achievement;
                // for other outcomes a bare number without a direction word is not a statement.
                if (polarity is null && value is not null && o.ConceptId == "outcome:insulin-independence") polarity = Improved;
                if (polarity is null) continue;
                foreach (var from in cells.Concat(trials))
                    if (seen.Add((from.ConceptId, GraphSchema.Relationships.ReportsOutcome, o.ConceptId)))
                        relations.Add(new ExtractedRelation(from.ConceptId, GraphSchema.Relationships.ReportsOutcome, o.ConceptId,
                            group.Key, polarity, value, o.Negated, o.Speculative || from.Speculative));
            }
        }
        return relations;
    }

    /// <summary>The direction of <paramref name="outcome"/> in <paramref name="sentence"/>, or null when none is stated.</summary>
    public static string? Polarity(string sentence, Mention outcome) => Polarity(sentence, Words(sentence), outcome);

    private static string? Polarity(string sentence, List<Word> words, Mention outcome)
    {
        var lowerIsBetter = LowerIsBetter.Contains(outcome.ConceptId);
        if (outcome.Negated)
            return Harms.Contains(outcome.ConceptId) ? Improved : NearestCue(sentence, words, outcome) == Cue.Same ? Unchanged : NotAchieved;

        // The mention itself may carry its direction ("safe", "well tolerated", "insulin independent").
        if (outcome.ConceptId == "outcome:safety" && !outcome.Text.Contains("advers", StringComparison.OrdinalIgnoreCase)
            && !outcome.Text.Contains("effect", StringComparison.OrdinalIgnoreCase) && !outcome.Text.Contains("complicat", StringComparison.OrdinalIgnoreCase)
            && !outcome.Text.Equals("safety", StringComparison.OrdinalIgnoreCase))
            return Improved;
        return NearestCue(sentence, words, outcome) switch
        {
            Cue.Good => Improved,
            Cue.Bad => Worsened,
            Cue.Same => Unchanged,
            Cue.Up => lowerIsBetter ? Worsened : Improved,
            Cue.Down => lowerIsBetter ? Improved : Worsened,
            _ => null,
        };
    }

    private static Cue? NearestCue(string sentence, List<Word> words, Mention outcome)
    {
        Cue? best = null;
        var bestDistance = int.MaxValue;
        var mentionWord = 0;
        for (var k = 0; k < words.Count; k++)
            if (words[k].Index <= outcome.Start) mentionWord = k;
        for (var k = 0; k < words.Count; k++)
        {
            if (words[k].Index >= outcome.Start && words[k].Index < outcome.End) continue;
            if (!Cues.TryGetValue(sentence.AsSpan(words[k].Index, words[k].Length), out var cue)) continue;
            var distance = Math.Abs(k - mentionWord);
            if (distance <= CueWindowWords && distance < bestDistance)
            {
                best = cue;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static string? NearestValue(MatchCollection? values, Mention outcome)
    {
        string? best = null;
        if (values is null) return best;
        var bestDistance = 80;
        foreach (Match m in values)
        {
            var distance = m.Index >= outcome.End ? m.Index - outcome.End : m.Index + m.Length <= outcome.Start ? outcome.Start - (m.Index + m.Length) : 0;
            if (distance < bestDistance)
            {
                best = m.Value;
                bestDistance = distance;
            }
        }
        return best;
    }
}
