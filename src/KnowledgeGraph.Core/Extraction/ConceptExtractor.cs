using System.Runtime.InteropServices;
using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Vocabulary;

namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// Finds concepts, trial ids and relations in a document: sentences, one compiled lexicon pass per section,
/// registry ids, paraphrase patterns, specificity rules, document-defined abbreviations, negation and
/// speculation scope, then relations per sentence. The matcher is built once; <see cref="Extract"/> keeps no
/// state between calls and can run on many threads.
/// </summary>
public sealed class ConceptExtractor
{
    /// <summary>Stored in every evidence item, so that a graph can tell which extractor produced it.</summary>
    public const string Version = "kg-extract/2.0";

    private readonly LexiconMatcher _matcher;
    private readonly ExtractionOptions _options;
    private readonly HashSet<string> _broadCellTypes;

    public ConceptExtractor(ConceptVocabulary vocabulary, ExtractionOptions? options = null)
    {
        Vocabulary = vocabulary;
        _options = options ?? new ExtractionOptions();
        _matcher = ConceptLexicon.Compile(vocabulary);
        // Cell types the vocabulary narrows (beta cells in general): a therapy only when nothing narrower is named.
        _broadCellTypes = vocabulary.Concepts.Where(c => c.Kind == GraphSchema.Labels.CellType && c.Broader is not null)
            .Select(c => c.Broader!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The work limits in force.</summary>
    public ExtractionOptions Options => _options;

    public ConceptVocabulary Vocabulary { get; }

    /// <summary>The compiled lexicon (exposed for benchmarks).</summary>
    public LexiconMatcher Matcher => _matcher;

    public DocumentExtraction Extract(PaperDocument document, CancellationToken ct = default) => Extract(document, numbersRead: true, ct);

    /// <param name="numbersRead">False: every sentence that passes <see cref="ScopeDetector.MayStateFinding"/> by a number goes
    /// to the findings rules (the full path, for the tests that pin <see cref="FindingContext.MayStateFinding"/>).</param>
    internal DocumentExtraction Extract(PaperDocument document, bool numbersRead, CancellationToken ct)
    {
        var sentences = new List<Sentence>();
        // Per sentence: its lexicon hits (null when none), and its section's lower-cased text when the scope can read
        // the sentence out of it (null: the scope lower-cases the sentence itself).
        // Lexicon hits of the whole document in text order; sentence i's are lexicon[ranges[i].Start..+Count].
        // These working lists are the thread's, cleared here and reused by its next document (nothing returned holds them).
        var lexicon = _lexicon ??= [];
        var ranges = _ranges ??= [];
        lexicon.Clear();
        ranges.Clear();
        // Every section lower-cased once, one after another in one buffer (reused by the thread's next document);
        // lowerAt[i] is where sentence i's text starts in it, or -1 when the scope must lower-case the sentence itself.
        var lowerBuffer = _lowerBuffer ?? new char[8192];
        var lowerUsed = 0;
        var lowerAt = _lowerAt ??= [];
        lowerAt.Clear();
        // Per sentence: whether its section holds the run of digits a registry id needs (tested once per section; most
        // sections have none, and their sentences then skip the test).
        var mayHoldIds = _mayHoldIds ??= [];
        mayHoldIds.Clear();
        var matches = _matchBuffer ??= [];
        // Per sentence: whether no negation or speculation cue can match in it (its scope is then deferred, see below), from
        // the positions where the matcher saw a cue's key word (ScopeDetector.CueKeyWords) in the same pass.
        var cueMarks = _cueMarks ??= [];
        var deferrable = _deferrable ??= [];
        deferrable.Clear();
        foreach (var section in document.Sections)
        {
            ct.ThrowIfCancellationRequested();
            if (string.IsNullOrWhiteSpace(section.Text)) continue;
            var first = sentences.Count;
            SentenceSplitter.SplitInto(sentences, section.Text, section.Kind, first, _options.MaxSentenceChars);
            MarkInlineHeadings(sentences, first);
            // Lower-cased once per section (one vectorised pass) instead of once per sentence. No scope exists yet, so the
            // buffer may still be replaced by a larger copy.
            if (lowerUsed + section.Text.Length > lowerBuffer.Length)
                Array.Resize(ref lowerBuffer, Math.Max(lowerBuffer.Length * 2, lowerUsed + section.Text.Length));
            InvariantLower.Into(section.Text, lowerBuffer.AsSpan(lowerUsed, section.Text.Length));
            var sectionMayHoldIds = TrialIds.MayHold(section.Text);
            for (var k = first; k < sentences.Count; k++)
            {
                ranges.Add((0, 0));
                mayHoldIds.Add(sectionMayHoldIds);
                lowerAt.Add(ScopeDetector.Slice(section.Text, sentences[k].Offset, sentences[k].Text.Length) ? lowerUsed + sentences[k].Offset : -1);
            }
            lowerUsed += section.Text.Length;
            matches.Clear();
            cueMarks.Clear();
            _matcher.Match(section.Text, matches, cueMarks);
            AssignToSentences(matches, sentences, lexicon, ranges, first);
            MarkDeferrable(section.Text, sentences, first, cueMarks, lowerAt, deferrable);
        }
        matches.Clear();
        if (matches.Capacity > 4096) _matchBuffer = null; // a huge section's buffer is not kept for the thread's life

        var found = new List<MentionSpan>[sentences.Count];
        Dictionary<string, MentionSpan>? abbreviations = null;
        var candidates = _candidates ??= [];
        var defined = _defined ??= [];
        for (var i = 0; i < sentences.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            found[i] = SentenceSpans(sentences[i].Text, CollectionsMarshal.AsSpan(lexicon).Slice(ranges[i].Start, ranges[i].Count),
                candidates, mayHoldIds[i]);
            // Every definition is bracketed: a sentence without '(' defines nothing (and costs no iterator).
            if (found[i].Count > 0 && sentences[i].Text.Contains('('))
            {
                defined.Clear();
                AbbreviationDefinitions.Find(sentences[i].Text, found[i], defined);
                foreach (var (shortForm, concept) in defined)
                    (abbreviations ??= new(StringComparer.Ordinal)).TryAdd(shortForm, concept);
            }
        }
        if (abbreviations is not null)
            for (var i = 0; i < sentences.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                found[i] = AddShortForms(sentences[i].Text, found[i], abbreviations);
            }

        var mentionCount = 0;
        foreach (var f in found) mentionCount += f.Count;
        var mentions = new List<Mention>(mentionCount);
        var scopes = new ScopeDetector?[sentences.Count];
        // The previous document's scopes are gone: their words' space is reused.
        var words = _wordArena ??= new WordArena();
        words.Reset();
        for (var i = 0; i < sentences.Count; i++)
        {
            var text = sentences[i].Text;
            if (found[i].Count == 0) continue;
            ct.ThrowIfCancellationRequested();
            var withFeatures = MayReadFindings(sentences[i], found[i]);
            // A sentence in which no negation or speculation cue can match gets a detector that finds its words only if
            // something reads them (the findings rules, the document's interventions): most sentences without an outcome
            // are read by nothing but their mentions' (then false) negation and speculation.
            var scope = scopes[i] = lowerAt[i] < 0 ? new ScopeDetector(text, withFeatures)
                : deferrable[i] ? ScopeDetector.Deferred(text, lowerBuffer, lowerAt[i], words)
                : new ScopeDetector(text, lowerBuffer, lowerAt[i], words, withFeatures);
            foreach (var s in found[i])
                mentions.Add(new Mention(s.ConceptId!, s.Kind, text[s.Start..s.End], i, s.Start, s.End,
                    scope.IsNegated(s.Start), scope.IsSpeculative(s.Start)));
        }

        var relations = RelationExtractor.FromDocument(
            new FindingContext(sentences, mentions, scopes, _broadCellTypes, _options.MaxMentionsPerSentence), numbersRead, ct);
        if (document.Trial is not null)
            relations.AddRange(RegistryRelations(document.Trial, sentences, mentions));
        // The scopes reading the buffer are not used past here (nothing returned holds one). A buffer a huge document
        // grew is not kept for the thread's life.
        _lowerBuffer = lowerBuffer.Length <= 1 << 20 ? lowerBuffer : null;
        if (lexicon.Capacity > 1 << 16) (_lexicon, _ranges, _lowerAt, _mayHoldIds, _deferrable) = (null, null, null, null, null);
        if (cueMarks.Capacity > 4096) _cueMarks = null;
        if (candidates.Capacity > 4096) _candidates = null;
        return new DocumentExtraction(document, sentences, mentions, relations, Version);
    }

    private static readonly System.Buffers.SearchValues<char> HeadingChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ &");

    // Headings repeat across documents ("RESULTS", "Methods"): each distinct one is read once. At most 512 are kept, so
    // hostile input cannot grow the table; past that a heading is read each time.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SectionKind?> Headings = new(StringComparer.Ordinal);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SectionKind?>.AlternateLookup<ReadOnlySpan<char>> HeadingLookup =
        Headings.GetAlternateLookup<ReadOnlySpan<char>>();

    private static SectionKind? HeadingPart(ReadOnlySpan<char> prefix)
    {
        if (HeadingLookup.TryGetValue(prefix, out var known)) return known;
        var text = prefix.ToString();
        var kind = SectionKinds.IsBareHeading(text) ? SectionKinds.FromHeading(text) : null;
        if (Headings.Count < 512) Headings.TryAdd(text, kind);
        return kind;
    }

    /// <summary>"RESULTS: ..." inside a one-block abstract: that sentence and the ones after it (to the next heading) are
    /// in the part the heading names (<see cref="Sentence.Part"/>).</summary>
    private static void MarkInlineHeadings(List<Sentence> sentences, int first)
    {
        SectionKind? part = null;
        for (var k = first; k < sentences.Count; k++)
        {
            var s = sentences[k];
            if (s.Section is SectionKind.Title or SectionKind.Registry) return;
            var colon = s.Text.IndexOf(':', 0, Math.Min(s.Text.Length, 60));
            // A heading is a few letters-only words: test that before cutting a string out.
            if (colon > 0 && s.Text.AsSpan(0, colon).IndexOfAnyExcept(HeadingChars) < 0 && HeadingPart(s.Text.AsSpan(0, colon)) is { } named)
                part = named;
            if (part is { } p && p != s.Section) s.Part = p; // set, not copied: the sentence is not yet shared
        }
    }

    // The sentences whose every word's features the findings rules will read (an outcome outside the methods and the
    // registry record: see RelationExtractor.FromDocument): found with the negation scan's own probes. Only a hint: any
    // other sentence's features are found when first read (a trial sentence's by the TESTS rule, a cell type's by the
    // document's interventions), with the same result.
    private static bool MayReadFindings(Sentence sentence, List<MentionSpan> spans)
    {
        if (sentence.Part is SectionKind.Methods or SectionKind.Registry) return false;
        foreach (var s in spans)
            if (s.Kind is GraphSchema.Labels.Outcome) return true;
        return false;
    }

    // Section-level hits go to the sentence that holds them; a hit across a sentence break is dropped.
    // One match list per thread, reused by every document (Extract runs on many threads, each call on one).
    [ThreadStatic] private static List<LexiconMatch>? _matchBuffer;

    // The lower-cased sections of the thread's current document (see Extract).
    [ThreadStatic] private static char[]? _lowerBuffer;

    // The thread's working lists of Extract: lexicon hits, each sentence's stretch of them, where it starts in the
    // lower-cased buffer, and whether its section may hold a registry id. Dropped after a huge document.
    [ThreadStatic] private static List<MentionSpan>? _lexicon;
    [ThreadStatic] private static List<(int Start, int Count)>? _ranges;
    [ThreadStatic] private static List<int>? _lowerAt;
    [ThreadStatic] private static List<bool>? _mayHoldIds;
    [ThreadStatic] private static List<int>? _cueMarks;
    [ThreadStatic] private static List<bool>? _deferrable;

    /// <summary>
    /// For each sentence of a section (from <paramref name="first"/> on), whether its scope can be deferred: no cue key word
    /// stands in it as a word. The matcher's marks say so for a stretch without an apostrophe or a char that lower-cases to
    /// an ASCII letter without being one, that starts and ends at word boundaries of the section (so its words are the
    /// matcher's words); any other sentence, and one the scope lower-cases itself, is analysed as before.
    /// </summary>
    internal static void MarkDeferrable(string section, List<Sentence> sentences, int first, List<int> marks, List<int> lowerAt, List<bool> deferrable)
    {
        var m = 0;
        for (var k = first; k < sentences.Count; k++)
        {
            var (start, length) = (sentences[k].Offset, sentences[k].Text.Length);
            var end = start + length;
            while (m < marks.Count && marks[m] < start) m++;
            var ok = lowerAt[k] >= 0 && (m >= marks.Count || marks[m] >= end)
                && (start == 0 || !LexiconMatcher.IsWord(section[start - 1])) && (end >= section.Length || !LexiconMatcher.IsWord(section[end]))
                && section.AsSpan(start, length).IndexOfAny(LexiconMatcher.MarkUnsafeChars) < 0;
            deferrable.Add(ok);
        }
    }

    // A sentence's candidate spans before MentionRules picks the ones kept (which it copies out).
    [ThreadStatic] private static List<MentionSpan>? _candidates;

    // The short forms a sentence defines (AbbreviationDefinitions), copied into the document's table.
    [ThreadStatic] private static List<(string ShortForm, MentionSpan Concept)>? _defined;

    // The words of the thread's current document's scopes.
    [ThreadStatic] private static WordArena? _wordArena;

    private static void AssignToSentences(List<LexiconMatch> matches, List<Sentence> sentences, List<MentionSpan> lexicon,
        List<(int Start, int Count)> ranges, int first)
    {
        var k = first;
        foreach (var m in matches)
        {
            while (k < sentences.Count && sentences[k].Offset + sentences[k].Text.Length <= m.Start) k++;
            if (k >= sentences.Count) break;
            var s = sentences[k];
            if (m.Start < s.Offset || m.End > s.Offset + s.Text.Length) continue;
            var e = m.Entry;
            // Sentences and matches both come in text order, so each sentence's hits are one stretch of the list.
            ranges[k] = ranges[k].Count == 0 ? (lexicon.Count, 1) : (ranges[k].Start, ranges[k].Count + 1);
            lexicon.Add(new MentionSpan(e.ConceptId, e.Kind, m.Start - s.Offset, m.End - s.Offset, e.Role));
        }
    }

    // The spans of a sentence with none: shared, never written to (AddShortForms copies before adding).
    private static readonly List<MentionSpan> NoSpans = [];

    private static readonly IReadOnlyList<TrialIds.Found> NoIds = [];

    /// <param name="mayHoldIds">False when the sentence's section holds no registry id (<see cref="TrialIds.MayHold"/>).</param>
    /// <param name="candidates">Scratch list for the candidates (the thread's, passed in so a sentence costs no thread-static lookup).</param>
    private static List<MentionSpan> SentenceSpans(string text, ReadOnlySpan<MentionSpan> lexicon, List<MentionSpan> candidates, bool mayHoldIds = true)
    {
        var trials = mayHoldIds ? TrialIds.Find(text) : NoIds;
        var firstGate = ParaphrasePatterns.FirstGate(text);
        var found = firstGate >= 0 ? ParaphrasePatterns.Find(text, firstGate) : null;
        if (trials.Count == 0 && lexicon.IsEmpty && found is null) return NoSpans;
        var spans = candidates;
        spans.Clear();
        foreach (var t in trials)
            spans.Add(new MentionSpan("trial:" + t.Id, GraphSchema.Labels.Trial, t.Start, t.End));
        foreach (var s in lexicon)
            if (!OverlapsAny(spans, s.Start, s.End)) spans.Add(s);
        if (found is not null)
            foreach (var (start, end, pattern) in found)
                if (!OverlapsAny(spans, start, end)) spans.Add(new MentionSpan(pattern.ConceptId, pattern.Kind, start, end));
        spans.Sort(ByStart);
        return MentionRules.Apply(text, spans);
    }

    private static readonly Comparison<MentionSpan> ByStart = (a, b) => a.Start.CompareTo(b.Start);

    // A loop rather than spans.Any(lambda): the lambda captures the span, one allocation per candidate per sentence.
    private static bool OverlapsAny(List<MentionSpan> spans, int start, int end)
    {
        foreach (var t in spans)
            if (t.Overlaps(start, end)) return true;
        return false;
    }

    private static List<MentionSpan> AddShortForms(string text, List<MentionSpan> spans, Dictionary<string, MentionSpan> abbreviations)
    {
        var changed = false;
        foreach (var (shortForm, concept) in abbreviations)
        {
            var at = -1;
            while ((at = text.IndexOf(shortForm, at + 1, StringComparison.Ordinal)) >= 0)
            {
                var end = at + shortForm.Length;
                if (end < text.Length && text[end] == 's' && (end + 1 >= text.Length || !char.IsLetterOrDigit(text[end + 1]))) end++;
                if ((at > 0 && char.IsLetterOrDigit(text[at - 1])) || (end < text.Length && char.IsLetterOrDigit(text[end]))) continue;
                var existing = -1;
                for (var k = 0; k < spans.Count && existing < 0; k++)
                    if (spans[k].Overlaps(at, end)) existing = k;
                var span = new MentionSpan(concept.ConceptId, concept.Kind, at, end);
                if (existing < 0)
                {
                    if (ReferenceEquals(spans, NoSpans)) spans = [];
                    spans.Add(span);
                }
                else if (spans[existing].Start == at && spans[existing].End == end) spans[existing] = span; // the document's own meaning wins
                else continue;
                changed = true;
            }
        }
        if (changed) spans.Sort(ByStart);
        return spans;
    }

    /// <summary>
    /// A registry record states its interventions and outcome measures outright: every cell type among the
    /// interventions is TESTED and every outcome measure MEASURED. Their text is kept as extra sentences
    /// (section <see cref="SectionKind.Registry"/>, offset -1: not from a section) so each edge has evidence.
    /// </summary>
    private IEnumerable<ExtractedRelation> RegistryRelations(TrialRecord trial, List<Sentence> sentences, List<Mention> mentions)
    {
        var trialId = "trial:" + (TrialIds.Normalize(trial.Id) ?? trial.Id.Trim().ToUpperInvariant());
        var tested = new HashSet<string>(StringComparer.Ordinal);
        foreach (var intervention in trial.Interventions)
        {
            var text = intervention.Description is { Length: > 0 } d ? $"{intervention.Name}: {d}" : intervention.Name;
            var index = AddRegistrySentence(text, sentences, mentions, out var found);
            foreach (var m in found.Where(m => m.Kind == GraphSchema.Labels.CellType && !m.Negated))
                if (tested.Add(m.ConceptId)) yield return new ExtractedRelation(trialId, GraphSchema.Relationships.Tests, m.ConceptId, index);
        }
        var measured = new HashSet<string>(StringComparer.Ordinal);
        foreach (var measure in trial.OutcomeMeasures.OrderByDescending(o => o.Primary))
        {
            var text = measure.Description is { Length: > 0 } d ? $"{measure.Measure}: {d}" : measure.Measure;
            var index = AddRegistrySentence(text, sentences, mentions, out var found);
            foreach (var m in found.Where(m => m.Kind == GraphSchema.Labels.Outcome))
                if (measured.Add(m.ConceptId))
                    yield return new ExtractedRelation(trialId, GraphSchema.Relationships.Measures, m.ConceptId, index) { Primary = measure.Primary };
        }
    }

    private int AddRegistrySentence(string text, List<Sentence> sentences, List<Mention> mentions, out List<Mention> found)
    {
        var index = sentences.Count;
        sentences.Add(new Sentence(index, SectionKind.Registry, text, -1));
        var spans = new List<MentionSpan>();
        foreach (var m in _matcher.Match(text))
            spans.Add(new MentionSpan(m.Entry.ConceptId, m.Entry.Kind, m.Start, m.End, m.Entry.Role));
        var scope = new ScopeDetector(text);
        found = [.. SentenceSpans(text, CollectionsMarshal.AsSpan(spans), new List<MentionSpan>()).Select(s => new Mention(s.ConceptId!, s.Kind, text[s.Start..s.End], index,
            s.Start, s.End, scope.IsNegated(s.Start), scope.IsSpeculative(s.Start)))];
        mentions.AddRange(found);
        return index;
    }
}
