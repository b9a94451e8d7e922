using System.Globalization;
using System.Text;
using System.Text.Json;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Vocabulary;

namespace KnowledgeGraph.Core.Benchmarks;

/// <summary>One generated input file: its name, its bytes and the concepts whose phrases were written into it.</summary>
public sealed record SyntheticDocument(string Name, byte[] Content, IReadOnlyList<string> ConceptIds);

/// <summary>
/// A deterministic corpus for benchmarks at the scale of the literature: JSON abstracts (title, authors, journal,
/// year, PMID, structured abstract) built from the vocabulary's own synonyms in sentence templates shaped like
/// T1D cell-therapy abstracts, some citing registry ids, plus ClinicalTrials.gov v2 records for those ids.
/// Document <c>i</c> depends only on (seed, i), so any slice can be generated alone, streamed, and is the same
/// bytes on every run and machine.
/// </summary>
public sealed class SyntheticCorpus
{
    private readonly Concept[] _cellTypes;
    private readonly Concept[] _mechanisms;
    private readonly Concept[] _outcomes;
    private readonly Concept[] _conditions;
    private readonly int _seed;

    public SyntheticCorpus(ConceptVocabulary vocabulary, int seed)
    {
        _cellTypes = [.. vocabulary.OfKind(GraphSchema.Labels.CellType)];
        _mechanisms = [.. vocabulary.OfKind(GraphSchema.Labels.Mechanism)];
        _outcomes = [.. vocabulary.OfKind(GraphSchema.Labels.Outcome)];
        _conditions = [.. vocabulary.OfKind(GraphSchema.Labels.Condition)];
        if (_cellTypes.Length == 0 || _mechanisms.Length == 0 || _outcomes.Length == 0 || _conditions.Length == 0)
            throw new ArgumentException("The vocabulary needs cell types, mechanisms, outcomes and a condition.", nameof(vocabulary));
        _seed = seed;
    }

    /// <summary>Registry ids cited by papers: one trial per 40 papers (at least 5), as in the literature.</summary>
    public static int TrialCountFor(int papers) => Math.Max(5, papers / 40);

    public static string TrialId(int k) => "NCT" + (4_000_000 + (k * 37)).ToString("D8", CultureInfo.InvariantCulture);

    /// <summary>Paper <paramref name="index"/> of a corpus of <paramref name="papers"/> papers.</summary>
    public SyntheticDocument Paper(int index, int papers)
    {
        var rng = new Random(Mix(_seed, index, 1));
        var concepts = new SortedSet<string>(StringComparer.Ordinal);
        var cell = Pick(rng, _cellTypes);
        var mechanism = cell.ActsVia.Count > 0 && rng.Next(4) > 0 ? Find(_mechanisms, cell.ActsVia[rng.Next(cell.ActsVia.Count)]) : Pick(rng, _mechanisms);
        var primary = Pick(rng, _outcomes);
        var secondary = Pick(rng, _outcomes);
        var condition = Pick(rng, _conditions);
        string? trial = rng.Next(10) < 4 ? TrialId(rng.Next(TrialCountFor(papers))) : null;

        string C() => Phrase(rng, cell, concepts);
        string M() => Phrase(rng, mechanism, concepts);
        string O1() => Phrase(rng, primary, concepts);
        string O2() => Phrase(rng, secondary, concepts);
        string D() => Phrase(rng, condition, concepts);
        int N(int lo, int hi) => rng.Next(lo, hi);

        var design = Designs[rng.Next(Designs.Length)];
        var background = new List<string>
        {
            $"{Cap(D())} is caused by autoimmune loss of pancreatic endocrine function and affects millions of people worldwide.",
            $"{Cap(C())} have emerged as a promising approach to {M()} in patients with {D()}.",
        };
        if (rng.Next(2) == 0)
            background.Add("Despite advances in insulin delivery, many patients still fail to reach glycaemic targets and face long-term complications.");
        var methods = new List<string>
        {
            $"In this {design}{(trial is null ? "" : $" ({trial})")}, {N(8, 240)} participants aged {N(12, 25)} to {N(35, 65)} years with {D()} received {C()}.",
            $"The primary endpoint was {O1()} at {N(3, 25)} months; secondary endpoints included {O2()} and safety.",
        };
        if (rng.Next(2) == 0)
            methods.Add($"{Cap(C())} were expanded ex vivo under good manufacturing practice and infused at a dose of {N(1, 20)} million cells per kilogram.");
        var results = new List<string>
        {
            rng.Next(3) > 0
                ? $"{Cap(O1())} improved significantly in the treated group compared with controls (p = 0.0{N(1, 5)})."
                : $"{Cap(O1())} did not differ between groups at {N(6, 25)} months.",
            $"{N(1, 12)} of {N(12, 30)} recipients showed better {O2()} after {N(4, 52)} weeks.",
            $"No serious adverse events attributable to {C()} were observed during {N(6, 60)} months of follow-up.",
        };
        var conclusions = rng.Next(2) == 0
            ? $"{Cap(C())} may preserve {O1()} through {M()} in recent-onset {D()}."
            : $"Larger randomised trials are needed to confirm whether {M()} with {C()} improves {O1()}.";

        var title = $"{Cap(C())} for {D()}: {Article(design)} {design} of {O1()}";
        var pmid = (30_000_000 + index).ToString(CultureInfo.InvariantCulture);
        var abstractText = $"Background: {string.Join(' ', background)}\nMethods: {string.Join(' ', methods)}\n" +
                           $"Results: {string.Join(' ', results)}\nConclusions: {conclusions}";
        var buffer = new MemoryStream(2048);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            w.WriteString("title", title);
            w.WriteStartArray("authors");
            for (var a = N(2, 9); a > 0; a--) w.WriteStringValue($"{Surnames[rng.Next(Surnames.Length)]} {Initials[rng.Next(Initials.Length)]}");
            w.WriteEndArray();
            w.WriteNumber("year", N(2000, 2026));
            w.WriteString("journal", Journals[rng.Next(Journals.Length)]);
            w.WriteString("pmid", pmid);
            w.WriteString("doi", $"10.5555/synthetic.{pmid}");
            w.WriteString("abstract", abstractText);
            w.WriteEndObject();
        }
        return new SyntheticDocument($"paper-{index:D6}.json", buffer.ToArray(), [.. concepts]);
    }

    /// <summary>The ClinicalTrials.gov v2 record of registry id <see cref="TrialId"/>(<paramref name="k"/>).</summary>
    public SyntheticDocument Trial(int k)
    {
        var rng = new Random(Mix(_seed, k, 2));
        var concepts = new SortedSet<string>(StringComparer.Ordinal);
        var cell = Pick(rng, _cellTypes);
        var primary = Pick(rng, _outcomes);
        var secondary = Pick(rng, _outcomes);
        var condition = Pick(rng, _conditions);
        var id = TrialId(k);
        var buffer = new MemoryStream(2048);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("protocolSection");
            w.WriteStartObject("identificationModule");
            w.WriteString("nctId", id);
            w.WriteString("briefTitle", $"{Cap(Phrase(rng, cell, concepts))} in {Phrase(rng, condition, concepts)}");
            w.WriteEndObject();
            w.WriteStartObject("statusModule");
            w.WriteString("overallStatus", Statuses[rng.Next(Statuses.Length)]);
            w.WriteEndObject();
            w.WriteStartObject("designModule");
            w.WriteStartArray("phases");
            foreach (var p in Phases[rng.Next(Phases.Length)]) w.WriteStringValue(p);
            w.WriteEndArray();
            w.WriteStartObject("enrollmentInfo");
            w.WriteNumber("count", rng.Next(6, 300));
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartObject("conditionsModule");
            w.WriteStartArray("conditions");
            w.WriteStringValue(Phrase(rng, condition, concepts));
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("descriptionModule");
            w.WriteString("briefSummary", $"This study evaluates the safety and efficacy of {Phrase(rng, cell, concepts)} in participants with {Phrase(rng, condition, concepts)}.");
            w.WriteEndObject();
            w.WriteStartObject("armsInterventionsModule");
            w.WriteStartArray("interventions");
            w.WriteStartObject();
            w.WriteString("type", "BIOLOGICAL");
            w.WriteString("name", Cap(Phrase(rng, cell, concepts)));
            w.WriteString("description", $"Single infusion of {rng.Next(1, 20)} million cells per kilogram.");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("outcomesModule");
            w.WriteStartArray("primaryOutcomes");
            w.WriteStartObject();
            w.WriteString("measure", Cap(Phrase(rng, primary, concepts)));
            w.WriteString("timeFrame", $"{rng.Next(3, 25)} months");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartArray("secondaryOutcomes");
            w.WriteStartObject();
            w.WriteString("measure", Cap(Phrase(rng, secondary, concepts)));
            w.WriteString("timeFrame", $"{rng.Next(3, 25)} months");
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return new SyntheticDocument($"trial-{id}.json", buffer.ToArray(), [.. concepts]);
    }

    /// <summary>Every document of a corpus of <paramref name="papers"/> papers: the papers, then the registry records.</summary>
    public IEnumerable<SyntheticDocument> Documents(int papers)
    {
        for (var i = 0; i < papers; i++) yield return Paper(i, papers);
        for (var k = 0; k < TrialCountFor(papers); k++) yield return Trial(k);
    }

    /// <summary>Files per sub-folder of <see cref="WriteTo"/>: a million papers in one folder is slow to list on most file systems.</summary>
    public const int FilesPerFolder = 1000;

    /// <summary>Writes <see cref="Documents"/> into <paramref name="folder"/> (one file each, streamed; papers in
    /// sub-folders of <see cref="FilesPerFolder"/>, registry records in <c>trials/</c>); returns total bytes.</summary>
    public long WriteTo(string folder, int papers, CancellationToken cancellationToken = default)
    {
        long bytes = 0;
        string? current = null;
        for (var i = 0; i < papers + TrialCountFor(papers); i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var d = i < papers ? Paper(i, papers) : Trial(i - papers);
            var dir = Path.Combine(folder, i < papers ? $"p{i / FilesPerFolder:D4}" : "trials");
            if (dir != current) Directory.CreateDirectory(current = dir);
            File.WriteAllBytes(Path.Combine(dir, d.Name), d.Content);
            bytes += d.Content.Length;
        }
        return bytes;
    }

    // A synonym of the concept as it would be written (the vocabulary's own variants, so folding is exercised);
    // the concept goes on the document's expected list.
    private static string Phrase(Random rng, Concept concept, ISet<string> concepts)
    {
        concepts.Add(concept.Id);
        var choices = concept.Synonyms.Count;
        var i = rng.Next(choices + 1);
        return i == choices ? concept.Name : concept.Synonyms[i];
    }

    /// <summary>A seed from (seed, index, stream) that is the same in every process; <see cref="HashCode"/> is not
    /// (it is randomised per process), so it must not be used here.</summary>
    public static int Mix(int seed, int index, int stream)
    {
        // SplitMix64 finaliser over the packed inputs.
        var z = unchecked(((ulong)(uint)seed << 32 | (uint)index) + (ulong)stream * 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)(z ^ (z >> 31));
    }

    private static Concept Pick(Random rng, Concept[] from) => from[rng.Next(from.Length)];

    private static Concept Find(Concept[] from, string id) => Array.Find(from, c => c.Id == id) ?? from[0];

    private static string Cap(string s) => s.Length > 0 && char.IsLower(s[0]) ? char.ToUpperInvariant(s[0]) + s[1..] : s;

    private static string Article(string word) => "aeiou".Contains(word[0], StringComparison.Ordinal) ? "an" : "a";

    private static readonly string[] Designs =
    [
        "phase 1 dose-escalation trial", "phase 1/2 open-label study", "randomised, double-blind, placebo-controlled phase 2 trial",
        "single-centre pilot study", "multicentre phase 3 trial", "prospective cohort study", "open-label extension study",
    ];

    private static readonly string[] Journals =
    [
        "Diabetes", "Diabetes Care", "Diabetologia", "Cell Stem Cell", "The Lancet Diabetes & Endocrinology",
        "New England Journal of Medicine", "Science Translational Medicine", "American Journal of Transplantation",
    ];

    private static readonly string[] Surnames =
    [
        "Carlsson", "Shapiro", "Bluestone", "Herold", "Gitelman", "Ricordi", "Melton", "Pagliuca", "Voltarelli", "Zhao",
        "Le Blanc", "Korsgren", "Tang", "Buckner", "Hering", "Keymeulen", "Trucco", "Sanchez", "Nakamura", "Okafor",
    ];

    private static readonly string[] Initials = ["A", "AM", "B", "CJ", "D", "E", "FK", "J", "JH", "K", "M", "P", "Q", "S", "T"];

    private static readonly string[] Statuses = ["RECRUITING", "COMPLETED", "ACTIVE_NOT_RECRUITING", "NOT_YET_RECRUITING", "TERMINATED"];

    private static readonly string[][] Phases = [["PHASE1"], ["PHASE1", "PHASE2"], ["PHASE2"], ["PHASE3"], ["EARLY_PHASE1"]];

    /// <summary>The UTF-8 size of a string, for MB/s figures.</summary>
    public static int Utf8Bytes(string s) => Encoding.UTF8.GetByteCount(s);
}
