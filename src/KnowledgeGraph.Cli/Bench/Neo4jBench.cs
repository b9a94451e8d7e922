using KnowledgeGraph.Core.Benchmarks;
using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Ingestion;
using KnowledgeGraph.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeGraph.Cli.Bench;

/// <summary>
/// What the Neo4j store sends per paper, counted at the HTTP handler (no server needed): the same papers written
/// (a) one input at a time, as <c>kg ingest</c> and the blob trigger do (one paper per file -> one request each), and
/// (b) as one list, as <c>kg push --to neo4j</c> copies a graph (<see cref="Neo4jOptions.BatchSize"/> documents a request).
/// </summary>
internal static class Neo4jBench
{
    public sealed record Figures(Neo4jFigures PerInput, Neo4jFigures Batched);

    public static async Task<Figures> RunAsync(SyntheticCorpus corpus, int papers, int corpusPapers, CancellationToken ct)
    {
        var batches = new List<GraphBatch>(papers);
        await using (var services = CliServices.Build(new Dictionary<string, string?>()))
        {
            // The store-free half of ingestion: no store is created for it.
            var preparer = services.GetRequiredService<InputPreparer>();
            for (var i = 0; i < papers; i++)
            {
                var d = corpus.Paper(i, corpusPapers);
                batches.AddRange(preparer.Prepare(d.Content, d.Name, ct).Batches);
            }
        }
        var perInput = await MeasureAsync(batches, oneAtATime: true, ct);
        var batched = await MeasureAsync(batches, oneAtATime: false, ct);
        return new Figures(perInput, batched);
    }

    internal static async Task<Neo4jFigures> MeasureAsync(IReadOnlyList<GraphBatch> batches, bool oneAtATime, CancellationToken ct)
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
        var store = CliServices.Store(provider);
        var batchSize = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<KnowledgeGraphOptions>>().Value.Neo4j.BatchSize;
        await store.InitializeAsync(ct);
        recorder.Reset(); // schema and vocabulary are once per database, not per paper
        if (oneAtATime)
            foreach (var b in batches) await store.UpsertAsync([b], ct);
        else
            await store.UpsertAsync(batches, ct);
        return new Neo4jFigures(batches.Count, oneAtATime ? 1 : batchSize, (int)recorder.Requests, recorder.RequestBytes, recorder.ResponseBytes);
    }
}
