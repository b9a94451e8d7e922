using KnowledgeGraph.Core.Benchmarks;
using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Ingestion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Cli.Bench;

/// <summary>
/// What the Neo4j store sends per paper, counted at the HTTP handler (no server needed), ledger included: the same
/// papers (a) one input at a time through the ledger, as the blob trigger and POST /papers do (a read of the record,
/// three record writes and the papers' write per input); (b) in groups through the ledger, as <c>kg ingest</c> of a
/// folder does (<see cref="IngestionLedger.IngestManyAsync"/>: one read and two writes of the group's records, the
/// papers <see cref="Neo4jOptions.BatchSize"/> documents a request); (c) as one list of papers without a ledger, as
/// <c>kg push --to neo4j</c> copies a graph.
/// </summary>
internal static class Neo4jBench
{
    public sealed record Figures(Neo4jFigures PerInput, Neo4jFigures Grouped, Neo4jFigures Batched);

    public static async Task<Figures> RunAsync(SyntheticCorpus corpus, int papers, int corpusPapers, CancellationToken ct)
    {
        var inputs = Enumerable.Range(0, papers).Select(i => corpus.Paper(i, corpusPapers))
            .Select(d => new LedgerInput("bench/" + d.Name, d.Content)).ToList();
        var batches = new List<GraphBatch>(papers);
        await using (var services = CliServices.Build(new Dictionary<string, string?>()))
        {
            // The store-free half of ingestion: no store is created for it.
            var preparer = services.GetRequiredService<InputPreparer>();
            foreach (var input in inputs) batches.AddRange(preparer.Prepare(input.Content, input.Name, ct).Batches);
        }
        var perInput = await MeasureAsync(papers, async (p, ct2) =>
        {
            var ledger = p.GetRequiredService<IngestionLedger>();
            foreach (var input in inputs) await ledger.IngestAsync(input.Name, input.Content, null, ct2);
            return 1;
        }, ct);
        var grouped = await MeasureAsync(papers, async (p, ct2) =>
        {
            var ledger = p.GetRequiredService<IngestionLedger>();
            var size = p.GetRequiredService<IOptions<KnowledgeGraphOptions>>().Value.Ingestion.GroupSize;
            foreach (var group in inputs.Chunk(size)) await ledger.IngestManyAsync(group, ct2);
            return size;
        }, ct);
        var batched = await MeasureAsync(papers, async (p, ct2) =>
        {
            await CliServices.Store(p).UpsertAsync(batches, ct2);
            return 1;
        }, ct);
        return new Figures(perInput, grouped, batched);
    }

    /// <param name="write">Writes the papers through the given services; returns the group size it used.</param>
    private static async Task<Neo4jFigures> MeasureAsync(int papers, Func<IServiceProvider, CancellationToken, Task<int>> write, CancellationToken ct)
    {
        var recorder = new QueryApiRecorder();
        var settings = new Dictionary<string, string?>
        {
            ["KG:Store"] = nameof(StoreKind.Neo4j),
            ["KG:Neo4j:Uri"] = "http://neo4j.bench.invalid:7474",
            ["KG:Neo4j:User"] = "neo4j",
            ["KG:Neo4j:Password"] = "bench-not-a-secret",
        };
        // The store as every host builds it, with the recorder in place of the network.
        await using var provider = CliServices.Build(settings,
            services: s => s.ConfigureHttpClientDefaults(b => b.ConfigurePrimaryHttpMessageHandler(() => recorder)));
        var batchSize = provider.GetRequiredService<IOptions<KnowledgeGraphOptions>>().Value.Neo4j.BatchSize;
        await CliServices.Store(provider).InitializeAsync(ct);
        recorder.Reset(); // schema and vocabulary are once per database, not per paper
        var groupSize = await write(provider, ct);
        return new Neo4jFigures(papers, batchSize, groupSize, (int)recorder.Requests, recorder.RequestBytes, recorder.ResponseBytes);
    }
}
