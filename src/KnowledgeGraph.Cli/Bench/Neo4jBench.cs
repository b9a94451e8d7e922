using KnowledgeGraph.Core.Benchmarks;
using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Ingestion;
using KnowledgeGraph.Core.Storage;
using KnowledgeGraph.Neo4j;
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

    public static async Task<Figures> RunAsync(IngestionPipeline preparer, SyntheticCorpus corpus, int papers, int corpusPapers, CancellationToken ct)
    {
        var batches = new List<GraphBatch>(papers);
        for (var i = 0; i < papers; i++)
        {
            var d = corpus.Paper(i, corpusPapers);
            batches.AddRange(preparer.Prepare(d.Content, d.Name, ct).Batches);
        }
        var perInput = await MeasureAsync(batches, oneAtATime: true, ct);
        var batched = await MeasureAsync(batches, oneAtATime: false, ct);
        return new Figures(perInput, batched);
    }

    internal static async Task<Neo4jFigures> MeasureAsync(IReadOnlyList<GraphBatch> batches, bool oneAtATime, CancellationToken ct)
    {
        var recorder = new QueryApiRecorder();
        var options = new KnowledgeGraphOptions { Store = StoreKind.Neo4j };
        options.Neo4j.Uri = new Uri("http://neo4j.bench.invalid:7474");
        options.Neo4j.User = "neo4j";
        options.Neo4j.Password = "bench-not-a-secret";
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddNeo4jGraphStore(options).ConfigurePrimaryHttpMessageHandler(() => recorder);
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IGraphStore>();
        await store.InitializeAsync(ct);
        recorder.Reset(); // schema and vocabulary are once per database, not per paper
        if (oneAtATime)
            foreach (var b in batches) await store.UpsertAsync([b], ct);
        else
            await store.UpsertAsync(batches, ct);
        return new Neo4jFigures(batches.Count, oneAtATime ? 1 : options.Neo4j.BatchSize, (int)recorder.Requests, recorder.RequestBytes, recorder.ResponseBytes);
    }
}
