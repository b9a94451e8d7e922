using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Extraction;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Ingestion;
using KnowledgeGraph.Core.Storage;
using KnowledgeGraph.Core.Vocabulary;
using KnowledgeGraph.Neo4j;
using KnowledgeGraph.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Api;

public static class KnowledgeGraphServiceCollectionExtensions
{
    /// <summary>
    /// Everything a host needs: options bound from the <c>KG</c> section (validated on start), the store chosen by
    /// <c>KG:Store</c>, and the ingestion pipeline. The Functions app, <c>kg serve</c> and the CLI all call this.
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
        services.AddSingleton(ConceptVocabulary.Default);
        services.AddSingleton(sp => new DocumentReader(new ReaderLimits(MaxBytes: sp.GetRequiredService<IOptions<KnowledgeGraphOptions>>().Value.Ingestion.MaxDocumentBytes)));
        services.AddSingleton(sp => new ConceptExtractor(sp.GetRequiredService<ConceptVocabulary>(),
            sp.GetRequiredService<IOptions<KnowledgeGraphOptions>>().Value.Extraction));
        services.AddSingleton<GraphBatchBuilder>();
        services.AddSingleton<IngestionPipeline>();
        services.AddSingleton<GraphExporter>();
        if (configured.Store == StoreKind.Neo4j && configured.Neo4j.Uri is not null)
        {
            services.AddNeo4jGraphStore(configured);
        }
        else
        {
            services.AddSingleton<IGraphStore>(sp => new SqliteGraphStore(
                sp.GetRequiredService<IOptions<KnowledgeGraphOptions>>().Value.Sqlite.ResolvePath(), sp.GetRequiredService<ConceptVocabulary>()));
        }
        services.AddLogging();
        services.AddKnowledgeGraphApi();
        return services;
    }
}
