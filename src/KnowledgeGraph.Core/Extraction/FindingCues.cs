using System.Collections.Frozen;

namespace KnowledgeGraph.Core.Extraction;

/// <summary>What a word says about the outcome it governs.</summary>
internal enum CueKind : byte
{
    None,
    /// <summary>Moved the good way or reached: improved, preserved, maintained, achieved, detectable.</summary>
    Good,
    /// <summary>Moved the bad way: worsened, deteriorated, impaired.</summary>
    Bad,
    /// <summary>No difference: unchanged, stable, similar, comparable.</summary>
    Same,
    /// <summary>A comparison word that is "no difference" only when negated: "did not change", "did not differ".</summary>
    SameIfNegated,
    /// <summary>Went up: increased, rose, higher.</summary>
    Up,
    /// <summary>Went down: reduced, fell, lower, halved.</summary>
    Down,
    /// <summary>A loss: lost, loss, declined. Like <see cref="Down"/>, but "no loss" means kept.</summary>
    Loss,
    /// <summary>Ended or kept away: abolished, eliminated, prevented, resolved.</summary>
    Abolish,
    /// <summary>Something happened: developed, occurred, experienced, had, observed. Weak: a direction word wins.</summary>
    Occur,
    /// <summary>A copula: were, became, remained, still. Weak: a direction word wins.</summary>
    State,
}

/// <summary>What the findings rules need to know about a word (several may hold).</summary>
[Flags]
internal enum WordFlags : uint
{
    None = 0,
    Emergence = 1 << 0,
    Attributive = 1 << 1,
    AfterPredicate = 1 << 2,
    ResultBeforeTo = 1 << 3,
    Negator = 1 << 4,
    NegativeQuantifier = 1 << 5,
    People = 1 << 6,
    Comparator = 1 << 7,
    ComparisonWord = 1 << 8,
    TreatedArm = 1 << 9,
    MeasuredBefore = 1 << 10,
    MeasuredAfter = 1 << 11,
    Administration = 1 << 12,
    Preclinical = 1 << 13,
    EndpointResult = 1 << 14,
    Stratifier = 1 << 15,
    ClauseBreak = 1 << 16,
    Subordinator = 1 << 17,
    Determiner = 1 << 18,
    Coordination = 1 << 19,
    NotFindingStart = 1 << 20,
    NumberWord = 1 << 21,
    Quantity = 1 << 22,
    CountedVerb = 1 << 23,
    /// <summary>A unit word after a number ("0.50 ng/ml", "0.1 U/kg"): the clause may state a measure.</summary>
    Unit = 1 << 24,
    /// <summary>A baseline time after "at" or "before" ("10.9% at diagnosis and 5.9% ..."): the clause may state a change.</summary>
    Baseline = 1 << 25,
    /// <summary>Set per sentence, not in the table: the word lies inside a concept mention (it is the concept's, not a cue).</summary>
    InMention = 1 << 26,
    /// <summary>The first word of a negation or speculation cue of <see cref="ScopeDetector"/>.</summary>
    ScopeStart = 1 << 27,
}

/// <summary>A word's cue and flags in one 32-bit value (flags in the low 28 bits, the cue in the high 4): one hash probe
/// per word gives everything (<see cref="FindingCues.Features"/>), and a sentence's array of them stays small.</summary>
internal readonly record struct WordFeature(uint Bits)
{
    private const int CueShift = 28;

    public WordFeature(CueKind cue, WordFlags flags) : this(((uint)cue << CueShift) | (uint)flags) { }

    public CueKind Cue => (CueKind)(Bits >> CueShift);

    public WordFlags Flags => (WordFlags)(Bits & ((1u << CueShift) - 1));

    public bool Has(WordFlags flag) => (Bits & (uint)flag) != 0;

    public WordFeature With(WordFlags flag) => new(Bits | (uint)flag);
}

/// <summary>
/// The word lists of the findings rules (<see cref="RelationExtractor"/>): direction and state words, comparator arms,
/// references to the treated arm, words that mark a measured population, aims and hurdles, animal or in-vitro context,
/// and words of giving a therapy. Every list is a general English or trial-reporting list, not a list of example sentences.
/// They are folded into one table (<see cref="Features"/>), probed once per word of a sentence the findings rules read,
/// so the rules themselves read arrays, not hash tables.
/// </summary>
internal static class FindingCues
{
    private static readonly (CueKind Kind, string Words)[] CueLists =
    [
        (CueKind.Good, "improved improvement improvements improving improve improves better preserved preserving preservation preserve " +
            "preserves maintained maintain maintains maintaining restored restore restores restoring restoration achieved achieve " +
            "achieves achieving attained attain attains reached reach reaches reaching sustained sustain normalized normalised " +
            "normalization normalisation protected protect protects protecting regained kept keep keeps excellent favourable favorable " +
            "acceptable detectable stabilized stabilised successful effective beneficial benefited controlled"),
        (CueKind.Bad, "worsened worse worsening deteriorated deterioration deteriorating impaired poorer undetectable"),
        (CueKind.Same, "unchanged stable similar comparable unaltered unaffected"),
        (CueKind.SameIfNegated, "change changed changes differ differed differs difference differences different alter altered affect affected " +
            "effect impact influence"),
        (CueKind.Up, "increased increase increases increasing rose rise rises rising higher elevated raised gained greater doubled tripled grew"),
        (CueKind.Down, "decreased decrease decreases decreasing reduced reduce reduces reducing reduction reductions lower lowered lowers " +
            "lowering fell fall falls falling dropped drop drops diminished halved smaller half"),
        (CueKind.Loss, "loss lost losing lose declined decline declines declining waned"),
        (CueKind.Abolish, "abolished abolish eliminated eliminate elimination resolved disappeared prevented prevent prevents preventing " +
            "prevention avoided avoid abrogated"),
        (CueKind.Occur, "developed develop develops developing occurred occur occurs occurring experienced experience experiencing had has " +
            "have caused cause causes seen observed reported detected appeared emerged showed show shows displayed suffered frequent common " +
            "commonest"),
        (CueKind.State, "was were is are be been became become becomes remained remain remains stayed stay stays still being did does"),
    ];

    private static readonly (WordFlags Flag, string Words)[] FlagLists =
    [
        // Occurrence words that, for a quantity such as C-peptide, mean it appeared ("developed C-peptide secretion").
        (WordFlags.Emergence, "developed develop develops appeared emerged detected"),
        // Direction words that, after an outcome and before another noun, describe that noun ("... and with better strategies").
        (WordFlags.Attributive, "better improved reduced lower higher greater increased decreased elevated excellent poor poorer worse smaller"),
        // Words after which an attributive direction word still speaks of what came before ("higher in", "better than").
        (WordFlags.AfterPredicate, "than in by at to from with after for among and or during over within on vs versus compared , ; : " +
            "significantly markedly slightly considerably substantially"),
        // Verbs of outcome before "to": "to + direction word" after them is a result ("were able to maintain", "failed to preserve").
        (WordFlags.ResultBeforeTo, "able unable failed fail fails shown proved proven found appeared appears seemed seems tended tends " +
            "continued continues managed began went"),
        // Negators that make a SameIfNegated word a no-difference statement.
        (WordFlags.Negator, "no not nor neither without never didn't don't doesn't wasn't weren't cannot none"),
        // Negative quantifiers that negate their clause's predicate ("None of the nine ... became").
        (WordFlags.NegativeQuantifier, "none neither nobody"),
        // People: "no" + one of these is a negative quantifier; a number + one of these is a counted subject.
        (WordFlags.People, "patient patients participant participants recipient recipients subject subjects child children adult " +
            "adults one individual individuals case cases"),
        // Comparator arms: a clause about them is not the therapy's result.
        (WordFlags.Comparator, "placebo control controls untreated sham comparator standard usual conventional"),
        // Words before a comparator that make it the point of comparison, not the arm the clause is about.
        (WordFlags.ComparisonWord, "than from with versus vs compared relative over against to between"),
        // Words that refer to the treated arm without naming the therapy ("in the treated group").
        (WordFlags.TreatedArm, "treated treatment recipients received receiving transplanted infused injected implanted transfused grafted"),
        // Words near a cell type that mark it as measured, not given ("frequency of circulating Tregs", "Treg numbers").
        (WordFlags.MeasuredBefore, "frequency frequencies number numbers proportion proportions percentage percentages level levels count " +
            "counts circulating peripheral endogenous expansion increase increases rise rises subset subsets population populations phenotype"),
        (WordFlags.MeasuredAfter, "frequency frequencies number numbers count counts level levels population populations phenotype phenotypes " +
            "increases rose expanded expansion subsets proportion proportions percentage percentages"),
        // Words of giving a therapy: a cell type near them is the document's intervention.
        (WordFlags.Administration, "received receive receiving receives given infused infusion infusions infusing transplanted transplantation " +
            "transplant transplants transfusion transfusions transfused injected injection injections implanted implantation administered " +
            "underwent undergoing treated treatment recipients recipient"),
        // Animal or in-vitro context: findings there are preclinical and not shown as clinical findings.
        (WordFlags.Preclinical, "mice mouse murine rat rats rodent rodents nod animal animals primates primate preclinical pre-clinical " +
            "xenografted vitro"),
        // Result verbs that turn an endpoint sentence into a result ("met the primary endpoint").
        (WordFlags.EndpointResult, "met meet meeting reached reaching achieved achieving attained attaining fulfilled"),
        // Words that place an outcome as a stratum or a time ("higher after complete loss of graft function").
        (WordFlags.Stratifier, "after following before until since"),
        // Words that end a clause; the word starts the next clause.
        (WordFlags.ClauseBreak, "whereas whilst while but however although though yet except unlike nevertheless nonetheless"),
        // Sentence openers of a subordinate (concessive or contrastive) clause that ends at its first comma.
        (WordFlags.Subordinator, "although though even whereas while whilst despite unlike"),
        // Determiners skipped when a cue word directly governs the outcome after it ("reduced the insulin dose").
        (WordFlags.Determiner, "the a an their its his her both stimulated mean median"),
        // Words that may stand between coordinated outcomes ("HbA1c and daily insulin dose").
        (WordFlags.Coordination, "and or , the both either their its daily mean median peak"),
        (WordFlags.NumberWord, "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " +
            "seventeen eighteen nineteen twenty thirty forty fifty"),
        (WordFlags.Quantity, "all none no half"),
        // Verbs after a number that make it a counted subject ("15 were complicated", "one patient died").
        (WordFlags.CountedVerb, "were was had developed died became remained achieved reached needed experienced required"),
        (WordFlags.Unit, "nmol pmol mmol µmol μmol ng pg mg µg μg u iu unit units"),
        (WordFlags.Baseline, "diagnosis baseline entry enrolment enrollment inclusion randomisation randomization transplant " +
            "transplantation infusion treatment"),
    ];

    /// <summary>Phrases that make a sentence an aim, hypothesis, plan, endpoint definition, eligibility rule or general hurdle:
    /// no finding is read from it.</summary>
    private static readonly string[] NotFinding =
    [
        "aim", "aims", "aimed", "aiming", "objective", "objectives", "purpose", "goal", "goals", "hypothesis", "hypotheses",
        "hypothesise", "hypothesize", "hypothesised", "hypothesized", "to determine", "to assess", "to evaluate", "to investigate",
        "to examine", "to test", "to compare", "to explore", "to find out", "designed to", "sought to", "we asked", "we evaluated",
        "we assessed", "we examined", "we investigated", "we tested", "we studied", "study tests", "study evaluates", "study asks",
        "study assesses", "study examines", "end point", "endpoint", "endpoints", "end points", "outcome measure", "outcome measures",
        "primary outcome", "primary outcomes", "secondary outcome", "secondary outcomes", "future", "should", "will", "need to",
        "needs to", "are needed", "is needed", "are required", "is required", "warranted", "remains to be", "remain to be",
        "not yet known", "unknown", "under way", "underway", "ongoing", "planned", "limit", "limits", "limitation", "limitations",
        "restrict", "restricts", "hurdle", "hurdles", "challenge", "challenges", "barrier", "barriers", "drawback", "drawbacks",
        "obstacle", "obstacles", "eligibility", "eligible", "inclusion criteria", "exclusion criteria", "indication",
    ];

    /// <summary>Not-finding phrases as word arrays by first word.</summary>
    public static readonly FrozenDictionary<string, string[][]>.AlternateLookup<ReadOnlySpan<char>> NotFindingPhrases =
        NotFinding.Select(p => p.Split(' ')).GroupBy(w => w[0], StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Lower-case word -> its cue and flags. Words in none of the lists are absent.</summary>
    public static readonly FrozenDictionary<string, WordFeature>.AlternateLookup<ReadOnlySpan<char>> Features = Build();

    /// <summary><see cref="Features"/> as a <see cref="WordTable{T}"/>: the table a sentence's words are probed in (the frozen
    /// dictionary stays the list's reference form).</summary>
    public static readonly WordTable<WordFeature> FeatureTable = new(Features.Dictionary);

    /// <summary>Length of the longest word in <see cref="Features"/>.</summary>
    public static readonly int LongestWord = Features.Dictionary.Keys.Max(k => k.Length);

    /// <summary>Rejects most words absent from <see cref="Features"/> without hashing them.</summary>
    public static readonly WordFilter FeatureWords = new(Features.Dictionary.Keys);

    private static FrozenDictionary<string, WordFeature>.AlternateLookup<ReadOnlySpan<char>> Build()
    {
        var d = new Dictionary<string, WordFeature>(StringComparer.Ordinal);
        void Add(string word, CueKind cue, WordFlags flags)
        {
            var f = d.GetValueOrDefault(word);
            d[word] = new WordFeature(cue != CueKind.None ? cue : f.Cue, f.Flags | flags);
        }
        foreach (var (kind, words) in CueLists)
            foreach (var w in words.Split(' ', StringSplitOptions.RemoveEmptyEntries)) Add(w, kind, WordFlags.None);
        foreach (var (flag, words) in FlagLists)
            foreach (var w in words.Split(' ', StringSplitOptions.RemoveEmptyEntries)) Add(w, CueKind.None, flag);
        foreach (var phrase in NotFinding) Add(phrase.Split(' ')[0], CueKind.None, WordFlags.NotFindingStart);
        foreach (var w in ScopeDetector.CueFirstWords) Add(w, CueKind.None, WordFlags.ScopeStart);
        return d.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }
}
