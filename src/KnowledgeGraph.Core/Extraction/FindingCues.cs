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

/// <summary>
/// The word lists of the findings rules (<see cref="RelationExtractor"/>): direction and state words, comparator arms,
/// references to the treated arm, words that mark a measured population, aims and hurdles, animal or in-vitro context,
/// and words of giving a therapy. Every list is a general English or trial-reporting list, not a list of example sentences.
/// </summary>
internal static class FindingCues
{
    private static FrozenDictionary<string, CueKind>.AlternateLookup<ReadOnlySpan<char>> Table(params (CueKind Kind, string Words)[] groups)
    {
        var d = new Dictionary<string, CueKind>(StringComparer.Ordinal);
        foreach (var (kind, words) in groups)
            foreach (var w in words.Split(' ', StringSplitOptions.RemoveEmptyEntries)) d[w] = kind;
        return d.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private static FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Set(string words) =>
        words.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Lower-case word -> cue.</summary>
    public static readonly FrozenDictionary<string, CueKind>.AlternateLookup<ReadOnlySpan<char>> Cues = Table(
        (CueKind.Good, "improved improvement improvements improving improve improves better preserved preserving preservation preserve " +
            "preserves maintained maintain maintains maintaining restored restore restores restoring restoration achieved achieve " +
            "achieves achieving attained attain attains reached reach reaches reaching sustained sustain normalized normalised " +
            "normalization normalisation protected protect protects protecting regained kept keep keeps excellent favourable favorable " +
            "acceptable detectable stabilized stabilised successful effective beneficial benefited controlled"),
        (CueKind.Bad, "worsened worse worsening deteriorated deterioration deteriorating impaired poorer undetectable"),
        (CueKind.Same, "unchanged stable similar comparable unaltered unaffected"),
        (CueKind.SameIfNegated, "change changed changes differ differed differs difference differences different alter altered affect affected"),
        (CueKind.Up, "increased increase increases increasing rose rise rises rising higher elevated raised gained greater doubled tripled grew"),
        (CueKind.Down, "decreased decrease decreases decreasing reduced reduce reduces reducing reduction reductions lower lowered lowers " +
            "lowering fell fall falls falling dropped drop drops diminished halved smaller half"),
        (CueKind.Loss, "loss lost losing lose declined decline declines declining waned"),
        (CueKind.Abolish, "abolished abolish eliminated eliminate elimination resolved disappeared prevented prevent prevents preventing " +
            "prevention avoided avoid abrogated"),
        (CueKind.Occur, "developed develop develops developing occurred occur occurs occurring experienced experience experiencing had has " +
            "have caused cause causes seen observed reported detected appeared emerged showed show shows displayed suffered"),
        (CueKind.State, "was were is are be been became become becomes remained remain remains stayed stay stays still being"));

    /// <summary>Occurrence words that, for a quantity such as C-peptide, mean it appeared ("developed C-peptide secretion").</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Emergence = Set("developed develop develops appeared emerged detected");

    /// <summary>Direction words that, placed after an outcome and followed by another noun, describe that noun
    /// ("engraftment and with better immunosuppressive strategies").</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Attributive =
        Set("better improved reduced lower higher greater increased decreased elevated excellent poor poorer worse smaller");

    /// <summary>Words after which an attributive direction word still speaks of what came before ("higher in", "better than").</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> AfterPredicate =
        Set("than in by at to from with after for among and or during over within on vs versus compared , ; : significantly " +
            "markedly slightly considerably substantially");

    /// <summary>Words before "to" that make "to + direction word" an intention, not a result ("used to prevent", "aimed to preserve").</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> IntentBeforeTo =
        Set("aim aims aimed aiming designed order intended intend intends planned plan plans sought seek seeks used use strategy " +
            "strategies approach approaches way ways attempt attempts attempted goal goals purpose hope hoped hopes expected expect " +
            "need needs needed required is are was were be will would could might may should try tried trying want wish promise " +
            "likely potential ability capacity able unable");

    /// <summary>Negators that make a <see cref="CueKind.SameIfNegated"/> word a no-difference statement.</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Negators =
        Set("no not nor neither without never didn't don't doesn't wasn't weren't cannot none");

    /// <summary>Negative quantifiers that negate their clause's predicate ("None of the nine ... became", "No patient developed").</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> NegativeQuantifiers = Set("none neither nobody");

    /// <summary>"no" + one of these is a negative quantifier too ("No patient developed ...").</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> People =
        Set("patient patients participant participants recipient recipients subject subjects child children adult adults one " +
            "individual individuals case cases");

    /// <summary>Comparator arms: a clause about them is not the therapy's result.</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Comparators =
        Set("placebo control controls untreated sham comparator standard usual conventional");

    /// <summary>Words before a comparator that make it the point of comparison, not the arm the clause is about.</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> ComparisonWords =
        Set("than from with versus vs compared relative over against to");

    /// <summary>Words that refer to the treated arm without naming the therapy ("in the treated group", "with treatment").</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> TreatedArm =
        Set("treated treatment recipients received receiving transplanted infused injected implanted transfused grafted");

    /// <summary>Words near a cell type that mark it as measured, not given ("frequency of circulating Tregs", "Treg numbers").</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> MeasuredBefore =
        Set("frequency frequencies number numbers proportion proportions percentage percentages level levels count counts circulating " +
            "peripheral endogenous expansion increase increases rise rises subset subsets population populations phenotype");

    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> MeasuredAfter =
        Set("frequency frequencies number numbers count counts level levels population populations phenotype phenotypes increases " +
            "rose expanded expansion subsets proportion proportions percentage percentages");

    /// <summary>Words of giving a therapy: a cell type near them is the document's intervention.</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Administration =
        Set("received receive receiving receives given infused infusion infusions infusing transplanted transplantation transplant " +
            "transplants transfusion transfusions transfused injected injection injections implanted implantation administered " +
            "underwent undergoing treated treatment recipients recipient");

    /// <summary>Animal or in-vitro context: findings there are preclinical and not shown as clinical findings.</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Preclinical =
        Set("mice mouse murine rat rats rodent rodents nod animal animals primates primate preclinical pre-clinical xenografted");

    /// <summary>Words that make a sentence an aim, hypothesis, plan, endpoint definition, eligibility rule or general hurdle:
    /// no finding is read from it. Multi-word entries are matched word by word.</summary>
    public static readonly string[][] NotFindingPhrases = Phrases(
        "aim", "aims", "aimed", "aiming", "objective", "objectives", "purpose", "goal", "goals", "hypothesis", "hypotheses",
        "hypothesise", "hypothesize", "hypothesised", "hypothesized", "to determine", "to assess", "to evaluate", "to investigate",
        "to examine", "to test", "to compare", "to explore", "to find out", "designed to", "sought to", "we asked", "we evaluated",
        "we assessed", "we examined", "we investigated", "we tested", "we studied", "study tests", "study evaluates", "study asks",
        "study assesses", "study examines", "end point", "endpoint", "endpoints", "end points", "outcome measure", "outcome measures",
        "primary outcome", "primary outcomes", "secondary outcome", "secondary outcomes", "future", "should", "will", "need to",
        "needs to", "are needed", "is needed", "are required", "is required", "warranted", "remains to be", "remain to be",
        "not yet known", "unknown", "under way", "underway", "ongoing", "planned", "limit", "limits", "limitation", "limitations",
        "restrict", "restricts", "hurdle", "hurdles", "challenge", "challenges", "barrier", "barriers", "drawback", "drawbacks",
        "obstacle", "obstacles", "eligibility", "eligible", "inclusion criteria", "exclusion criteria", "indication");

    /// <summary>Result verbs that turn an endpoint sentence into a result ("met the primary endpoint").</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> EndpointResult =
        Set("met meet meeting reached reaching achieved achieving attained attaining fulfilled");

    /// <summary>Words that place an outcome as a stratum or a time, not a result ("higher after complete loss of graft function").</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Stratifiers = Set("after following before until since");

    /// <summary>Words that end a clause; the word starts the next clause.</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> ClauseBreaks =
        Set("whereas whilst while but however although though yet except unlike nevertheless nonetheless");

    /// <summary>Sentence openers of a subordinate (concessive or contrastive) clause that ends at its first comma.</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Subordinators =
        Set("although though even whereas while whilst despite unlike");

    /// <summary>Determiners skipped when a cue word directly governs the outcome after it ("reduced the insulin dose").</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Determiners =
        Set("the a an their its his her both stimulated mean median");

    /// <summary>Words that may stand between coordinated outcomes ("HbA1c and daily insulin dose").</summary>
    public static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Coordination =
        Set("and or , the both either their its daily mean median peak");

    private static string[][] Phrases(params string[] phrases) => [.. phrases.Select(p => p.Split(' '))];
}
