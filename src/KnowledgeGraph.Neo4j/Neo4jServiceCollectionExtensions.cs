using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace KnowledgeGraph.Neo4j;

public static class Neo4jServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="Neo4jGraphStore"/> as the <see cref="IGraphStore"/> (hosts call this when <c>KG__Store=neo4j</c>),
    /// over a named HttpClient with retries (exponential backoff with jitter, <see cref="Neo4jOptions.MaxRetries"/>)
    /// on transient outcomes only, and a per-attempt timeout of <see cref="Neo4jOptions.TimeoutSeconds"/>.
    /// Returns the client builder so a host (or a test) can add handlers.
    /// </summary>
    /// <param name="configureRetry">Optional tuning of the retry strategy (e.g. a shorter base delay in tests).</param>
    public static IHttpClientBuilder AddNeo4jGraphStore(
        this IServiceCollection services,
        KnowledgeGraphOptions options,
        Action<HttpRetryStrategyOptions>? configureRetry = null)
    {
        var neo4j = options.Neo4j;
        // Fail at start-up, not at the first request, when the address is missing or not http(s).
        _ = Neo4jQueryClient.BuildEndpoint(neo4j);

        var builder = services.AddHttpClient(Neo4jQueryClient.HttpClientName, http =>
        {
            // The resilience pipeline times each attempt; this only bounds the whole retried call.
            http.Timeout = TimeSpan.FromSeconds(neo4j.TimeoutSeconds * (neo4j.MaxRetries + 1) + 60);
        });
        builder.AddResilienceHandler("neo4j-query-api", pipeline =>
        {
            if (neo4j.MaxRetries > 0)
            {
                var retry = new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = neo4j.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(500),
                    ShouldHandle = args => Neo4jTransience.ShouldRetryAsync(args.Outcome),
                };
                configureRetry?.Invoke(retry);
                pipeline.AddRetry(retry);
            }
            pipeline.AddTimeout(TimeSpan.FromSeconds(neo4j.TimeoutSeconds));
        });

        services.AddSingleton(sp => new Neo4jQueryClient(sp.GetRequiredService<IHttpClientFactory>(), neo4j));
        services.AddSingleton<IGraphStore>(sp => new Neo4jGraphStore(
            sp.GetRequiredService<Neo4jQueryClient>(),
            neo4j,
            sp.GetService<ILoggerFactory>()?.CreateLogger<Neo4jGraphStore>() ?? NullLogger<Neo4jGraphStore>.Instance));
        return builder;
    }
}
