using System.CommandLine;
using System.Diagnostics;
using KnowledgeGraph.Api.Http;
using KnowledgeGraph.Core.Benchmarks;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;
using KnowledgeGraph.Core.Vocabulary;

namespace KnowledgeGraph.Cli.Bench;

/// <summary>
/// Latency of every named query on the ingested graph: each query runs <c>runs</c> times (after a short warm-up)
/// with parameters drawn, seeded, from what the graph holds (paper, trial and concept ids, stored edges, search
/// terms from the vocabulary), one at a time, so the figures are per-request latency rather than throughput.
/// A per-query time budget keeps the whole run bounded even when a query is slow.
/// </summary>
internal static class QueryBench
{
    private static readonly TimeSpan BudgetPerQuery = TimeSpan.FromSeconds(20);

    private sealed record NamedQuery(string Name, string Example, Func<Random, CancellationToken, Task> Run);

    /// <summary>
    /// <c>kg bench queries --db FILE --papers N [--query-runs R] [--only NAME,...]</c> (hidden): the query figures alone,
    /// on a database already ingested (e.g. by <c>kg bench corpus</c> + <c>kg ingest</c>), so a change to a query can be
    /// timed before and after on the same large graph without ingesting it again. <c>--papers</c> is the corpus size the
    /// database was built from (it draws the sampled paper ids).
    /// </summary>
    public static Command Command(Option<int> seed)
    {
        var papers = new Option<int>("--papers") { Description = "Papers of the synthetic corpus the database holds", Required = true };
        var runs = new Option<int>("--query-runs") { Description = "Runs per named query", DefaultValueFactory = _ => 2_000 };
        var only = new Option<string?>("--only") { Description = "Comma-separated query names to run (default: all)" };
        var slowest = new Option<int>("--slowest") { Description = "Print each query's N slowest runs with their parameters (standard error)" };
        var probe = new Option<string?>("--probe") { Description = "Instead of the named queries: '|'-separated search strings ('q' or 'q @Label'), each timed --query-runs times (min and median, ms)" };
        var command = new Command("queries", "Time the named queries on an existing database (--db)") { papers, runs, only, slowest, probe, seed, KgCli.Json };
        command.Hidden = true;
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(KgCli.Db) is not { Length: > 0 } db || !File.Exists(db)) throw new CliException("bench queries needs --db FILE of an ingested database.");
            await using var services = CliServices.Create(parse);
            if (parse.GetValue(probe) is { Length: > 0 } probes)
            {
                await ProbeAsync(CliServices.Store(services), probes, Math.Max(1, parse.GetValue(runs)), ct);
                return 0;
            }
            var names = parse.GetValue(only)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var figures = await RunAsync(CliServices.Store(services), ConceptVocabulary.Default, parse.GetValue(papers), Math.Max(1, parse.GetValue(runs)),
                parse.GetValue(seed), m => Console.Error.WriteLine(m), ct, names, parse.GetValue(slowest));
            if (parse.GetValue(KgCli.Json)) Console.WriteLine(CliJson.Serialize(figures));
            else
                foreach (var f in figures)
                    Console.WriteLine(FormattableString.Invariant($"{f.Name,-22} runs {f.Runs,5}  p50 {f.P50Ms,8:0.00}  p99 {f.P99Ms,8:0.00}  max {f.MaxMs,8:0.00} ms"));
            return 0;
        });
        return command;
    }

    /// <summary>Each search string timed alone (a warm-up run, then <paramref name="runs"/> runs): min and median, so a
    /// change to one query's path can be compared before and after without the named queries' mix and noise.</summary>
    private static async Task ProbeAsync(IGraphStore store, string probes, int runs, CancellationToken ct)
    {
        await store.InitializeAsync(ct);
        foreach (var probe in probes.Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = probe.LastIndexOf(" @", StringComparison.Ordinal);
            var (q, label) = at < 0 ? (probe, (string?)null) : (probe[..at], probe[(at + 2)..]);
            var found = (await store.SearchNodesAsync(q, label, 50, null, ct)).Items.Count;
            var ms = new double[runs];
            for (var i = 0; i < runs; i++)
            {
                var t = System.Diagnostics.Stopwatch.GetTimestamp();
                await store.SearchNodesAsync(q, label, 50, null, ct);
                ms[i] = System.Diagnostics.Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            }
            // The median as the named queries' p50 is taken (nearest rank), so the two figures compare.
            Console.WriteLine(FormattableString.Invariant($"{probe,-36} found {found,3}  min {ms.Min(),7:0.00}  median {Percentile.Of(ms, 50),7:0.00} ms"));
        }
    }

    /// <param name="only">Query names to run (null: all).</param>
    /// <param name="slowest">Print this many of each query's slowest runs with their parameters (where recorded).</param>
    public static async Task<IReadOnlyList<QueryFigures>> RunAsync(IGraphStore store, ConceptVocabulary vocabulary, int corpusPapers, int runs, int seed,
        Action<string> stage, CancellationToken ct, IReadOnlyCollection<string>? only = null, int slowest = 0)
    {
        await store.InitializeAsync(ct);
        var papers = await SamplePapersAsync(store, corpusPapers, seed, ct);
        var trials = (await store.GetTrialsAsync(new TrialFilter(), 500, null, ct)).Items.Select(t => t.Id).ToArray();
        var concepts = vocabulary.Concepts.Select(c => c.Id).ToArray();
        var cellTypes = vocabulary.OfKind(GraphSchema.Labels.CellType).Select(c => c.Id).ToArray();
        var mechanisms = vocabulary.OfKind(GraphSchema.Labels.Mechanism).Select(c => c.Id).ToArray();
        var edges = new List<GraphRelationship>();
        foreach (var p in papers.Take(100))
            edges.AddRange((await store.GetNeighborsAsync(p, 1, null, 50, ct))?.Relationships ?? []);
        // A paper's own edges (a few sentences each) and the concept-to-concept edges many papers share (all their sentences).
        var paperEdges = edges.Where(e => e.From.StartsWith("paper:", StringComparison.Ordinal)).DistinctBy(e => (e.From, e.Type, e.To)).ToList();
        var hubEdges = edges.Where(e => !e.From.StartsWith("paper:", StringComparison.Ordinal) && e.PaperCount > 1).DistinctBy(e => (e.From, e.Type, e.To)).ToList();
        if (paperEdges.Count == 0 || hubEdges.Count == 0) throw new CliException("The ingested graph has no paper edges or shared edges to query.");
        var terms = vocabulary.Concepts.SelectMany(c => c.Synonyms.Take(3).Append(c.Name))
            .Select(s => s.ToLowerInvariant()).SelectMany(s => new[] { s, s[..Math.Min(s.Length, 4)] })
            .Concat(["phase", "trial", "diabetes", "nct0400", "synthetic"]).Distinct().ToArray();
        string[] phases = ["1", "2", "3", "1/2"];
        string[] statuses = ["recruiting", "completed", "active"];
        var anyNode = papers.Concat(trials).Concat(concepts).ToArray();
        var comparison = new MechanismComparison(store);
        string? said = null; // what the last run asked, for --slowest
        string Say(string what) => said = what;
        TrialFilter SayFilter(TrialFilter f) { said = f.ToString(); return f; }

        NamedQuery[] queries =
        [
            new("search", "SearchNodes(q=<synonym or prefix>, limit 50)", (r, c) => store.SearchNodesAsync(Say(Pick(r, terms)), null, 50, null, c)),
            new("search by label", "SearchNodes(q, label=CellType|Paper|Outcome, limit 50)", (r, c) =>
            {
                var q = Pick(r, terms);
                var label = Pick(r, [GraphSchema.Labels.CellType, GraphSchema.Labels.Paper, GraphSchema.Labels.Outcome]);
                Say(q + " | " + label);
                return store.SearchNodesAsync(q, label, 50, null, c);
            }),
            new("node", "GetNode(paper | trial | concept id)", (r, c) => store.GetNodeAsync(Pick(r, anyNode), c)),
            new("neighbors depth 1", "GetNeighbors(paper | concept, depth 1, limit 50)", (r, c) =>
                store.GetNeighborsAsync(r.Next(2) == 0 ? Pick(r, papers) : Pick(r, concepts), 1, null, 50, c)),
            new("neighbors depth 2", "GetNeighbors(paper | concept, depth 2, limit 50)", (r, c) =>
                store.GetNeighborsAsync(r.Next(2) == 0 ? Pick(r, papers) : Pick(r, concepts), 2, null, 50, c)),
            new("path", "FindShortestPath(paper -> concept | paper, maxHops 4)", (r, c) =>
            {
                var from = Say(Pick(r, papers));
                var to = r.Next(2) == 0 ? Pick(r, concepts) : Pick(r, papers);
                Say(from + " -> " + to);
                return store.FindShortestPathAsync(from, to, 4, c);
            }),
            new("celltypes", "GetCellTypes(mechanism = none | one)", (r, c) =>
                store.GetCellTypesAsync(r.Next(3) == 0 ? null : Pick(r, mechanisms), c)),
            new("trials", "GetTrials(no filter | phase | status | cell type | mechanism, limit 50)", (r, c) =>
                store.GetTrialsAsync(SayFilter(r.Next(5) switch
                {
                    0 => new TrialFilter(),
                    1 => new TrialFilter(Phase: Pick(r, phases)),
                    2 => new TrialFilter(Status: Pick(r, statuses)),
                    3 => new TrialFilter(CellType: Pick(r, cellTypes)),
                    _ => new TrialFilter(Mechanism: Pick(r, mechanisms)),
                }), 50, null, c)),
            new("evidence", "GetEvidencePage(a paper's edge, limit 50), as GET /evidence", (r, c) =>
            {
                var e = paperEdges[r.Next(paperEdges.Count)];
                return store.GetEvidencePageAsync(e.From, e.Type, e.To, 50, null, c);
            }),
            new("evidence shared edge", $"GetEvidencePage(edge several papers support: trial -> cell type, cell type -> outcome, up to {hubEdges.Max(e => e.EvidenceCount):N0} sentences; limit 50), as GET /evidence", (r, c) =>
            {
                var e = hubEdges[r.Next(hubEdges.Count)];
                Say($"{e.From} {e.Type} {e.To}");
                return store.GetEvidencePageAsync(e.From, e.Type, e.To, 50, null, c);
            }),
            new("mechanisms compare", "MechanismComparison.Compare (totals of both sides, first 50 trials each)", (_, c) => comparison.CompareAsync(c)),
            new("paper", "GET /papers/{id}: document hash, node, depth-1 neighbours (limit 500)", async (r, c) =>
            {
                var id = Pick(r, papers);
                _ = await store.GetDocumentHashAsync(id, c);
                _ = await store.GetNodeAsync(id, c);
                _ = await store.GetNeighborsAsync(id, 1, null, 500, c);
            }),
        ];

        var figures = new List<QueryFigures>();
        foreach (var q in queries)
        {
            if (only is not null && !only.Contains(q.Name, StringComparer.Ordinal)) continue;
            stage($"query {q.Name}: {runs} runs");
            var rng = new Random(SyntheticCorpus.Mix(seed, Array.IndexOf(queries, q), 3));
            for (var i = 0; i < Math.Min(20, runs); i++) await q.Run(rng, ct); // warm-up
            var samples = new List<double>(runs);
            var asked = new List<(double Ms, string? What)>(runs);
            var budget = Stopwatch.StartNew();
            for (var i = 0; i < runs && budget.Elapsed < BudgetPerQuery; i++)
            {
                said = null;
                var t = Stopwatch.GetTimestamp();
                await q.Run(rng, ct);
                samples.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                asked.Add((samples[^1], said));
            }
            foreach (var (ms, what) in asked.Where(a => a.What is not null).OrderByDescending(a => a.Ms).Take(slowest))
                stage(FormattableString.Invariant($"    slow: {ms,8:0.00} ms  {what}"));
            double[] s = [.. samples];
            figures.Add(new QueryFigures(q.Name, q.Example, s.Length, Percentile.Of(s, 50), Percentile.Of(s, 99), s.Max(), s.Average()));
        }
        return figures;
    }

    private static T Pick<T>(Random r, T[] from) => from[r.Next(from.Length)];

    /// <summary>500 papers drawn (seeded) from the whole corpus, so a large graph is not queried only at its first ids;
    /// the first 500 by id when the corpus's ids are not found.</summary>
    private static async Task<string[]> SamplePapersAsync(IGraphStore store, int corpusPapers, int seed, CancellationToken ct)
    {
        var rng = new Random(SyntheticCorpus.Mix(seed, corpusPapers, 4));
        var found = new List<string>();
        for (var i = 0; i < 500; i++)
        {
            var id = "paper:pmid:" + (30_000_000 + rng.Next(corpusPapers)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (await store.GetNodeAsync(id, ct) is not null) found.Add(id);
        }
        return found.Count > 0 ? [.. found.Distinct()]
            : [.. (await store.SearchNodesAsync(null, GraphSchema.Labels.Paper, 500, null, ct)).Items.Select(n => n.Id)];
    }
}
