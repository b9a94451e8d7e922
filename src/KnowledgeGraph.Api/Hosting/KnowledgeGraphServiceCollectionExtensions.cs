using KnowledgeGraph.Api.Explorer;
using KnowledgeGraph.Api.Http;
using KnowledgeGraph.Api.Ingestion;
using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Export;
using KnowledgeGraph.Core.Extraction;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Ingestion;
using KnowledgeGraph.Core.Sources;
using KnowledgeGraph.Core.Vocabulary;
using KnowledgeGraph.Neo4j;
using KnowledgeGraph.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Api.Hosting;

public static class KnowledgeGraphServiceCollectionExtensions
{
    /// <summary>
    /// Everything a host needs, in one place: options bound from the <c>KG</c> section (validated on start), the store
    /// chosen by <c>KG:Store</c>, the engine (reader, extractor, preparer, ingestion ledger, exporter) and the HTTP
    /// and blob handlers. The Functions app, <c>kg serve</c> and every <c>kg</c> command call this; nothing else
    /// creates a store.
    /// </summary>
    public static IServiceCollection AddKnowledgeGraph(this IServiceCollection services, IConfiguration configuration)
    {
        // The store is chosen once, at registration: the Neo4j store needs its HTTP client pipeline registered.
        var configured = configuration.GetSection(KnowledgeGraphOptions.SectionName).Get<KnowledgeGraphOptions>() ?? new KnowledgeGraphOptions();
        services.AddOptions<KnowledgeGraphOptions>()
            .BindConfiguration(KnowledgeGraphOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.Store != StoreKind.Neo4j || o.Neo4j.Uri is not null, "KG:Neo4j:Uri is required when KG:Store is neo4j.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(ConceptVocabulary.Default);
        services.AddSingleton(sp => new DocumentReader(sp.GetRequiredService<IOptions<KnowledgeGraphOptions>>().Value.Ingestion.ReaderLimits()));
        services.AddSingleton(sp => new ConceptExtractor(sp.GetRequiredService<ConceptVocabulary>(),
            sp.GetRequiredService<IOptions<KnowledgeGraphOptions>>().Value.Extraction));
        services.AddSingleton<GraphBatchBuilder>();
        services.AddSingleton<InputPreparer>();
        services.AddSingleton<IngestionSlots>();
        services.AddSingleton<ExportSlots>();
        services.AddSingleton<IngestionLedger>();
        services.AddSingleton<FileIngestion>();
        services.AddSingleton<GraphExporter>();
        // kg fetch and the refresh timer: one client per service per process, so its rate limiter covers every request.
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<PubMedClient>(sp, SourceHttp.CreateClient()));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ClinicalTrialsClient>(sp, SourceHttp.CreateClient()));
        services.AddSingleton<PubMedFetcher>();
        services.AddSingleton<ClinicalTrialsFetcher>();
        services.AddSingleton<LedgerSourceSink>();
        services.AddSingleton<SourceRefresh>();
        if (configured.Store == StoreKind.Neo4j && configured.Neo4j.Uri is not null)
        {
            services.AddNeo4jGraphStore(configured);
        }
        else
        {
            services.AddSingleton<IGraphStore>(sp =>
            {
                var sqlite = sp.GetRequiredService<IOptions<KnowledgeGraphOptions>>().Value.Sqlite;
                return new SqliteGraphStore(sqlite.ResolvePath(), sp.GetRequiredService<ConceptVocabulary>(), sqlite.BusyTimeoutSeconds, sqlite.WalLimitMiB);
            });
        }
        // Every caller gets the store behind the guard: its failures as StoreUnavailableException (503), no writes once corrupt.
        var chosen = services.Last(d => d.ServiceType == typeof(IGraphStore));
        services.Remove(chosen);
        services.AddSingleton<IGraphStore>(sp =>
        {
            var inner = (IGraphStore)chosen.ImplementationFactory!(sp);
            return new GuardedGraphStore(inner, (IStoreFailureClassifier)inner, sp.GetRequiredService<ILogger<GuardedGraphStore>>());
        });
        services.AddLogging();

        // The doors: blob ingestion and the HTTP handlers both hosts call.
        services.TryAddSingleton(BlobRetryOptions.Default);
        services.TryAddSingleton<BlobPaperProcessor>();
        services.TryAddSingleton<SourceRefreshHandler>();
        services.TryAddSingleton<MechanismComparison>();
        services.TryAddSingleton<ApiDocumentProvider>();
        services.TryAddSingleton<GraphHandlers>();
        services.TryAddSingleton<DomainHandlers>();
        services.TryAddSingleton<TrialTableHandlers>();
        services.TryAddSingleton<PaperHandlers>();
        services.TryAddSingleton<ExportHandlers>();
        services.TryAddSingleton<ExplorerAssets>();
        services.TryAddSingleton<ExplorerHandlers>();
        services.AddProblemDetails();
        return services;
    }
}
