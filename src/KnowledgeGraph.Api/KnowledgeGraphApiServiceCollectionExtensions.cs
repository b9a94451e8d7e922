using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KnowledgeGraph.Api;

public static class KnowledgeGraphApiServiceCollectionExtensions
{
    /// <summary>The HTTP handlers and ingestion handler both hosts call; part of <c>AddKnowledgeGraph()</c>.</summary>
    public static IServiceCollection AddKnowledgeGraphApi(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<GraphStoreAccessor>();
        services.TryAddSingleton<BlobIngestionHandler>();
        services.TryAddSingleton(BlobRetryOptions.Default);
        services.TryAddSingleton<BlobPaperProcessor>();
        services.TryAddSingleton<MechanismComparison>();
        services.TryAddSingleton<ApiDocumentProvider>();
        services.TryAddSingleton<GraphHandlers>();
        services.TryAddSingleton<DomainHandlers>();
        services.TryAddSingleton<PaperHandlers>();
        services.TryAddSingleton<ExportHandlers>();
        services.TryAddSingleton<Explorer.ExplorerAssets>();
        services.TryAddSingleton<ExplorerHandlers>();
        services.AddProblemDetails();
        return services;
    }
}
