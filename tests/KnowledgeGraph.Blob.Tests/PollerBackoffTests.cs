using KnowledgeGraph.Api.Ingestion;
using KnowledgeGraph.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Blob.Tests;

/// <summary>The local blob poller against storage that is down: backs off, logs the stack trace once, then one line per pass.</summary>
public sealed class PollerBackoffTests
{
    private sealed class CapturingLogger : ILogger<BlobContainerPoller>
    {
        public List<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries) Entries.Add((logLevel, formatter(state, exception), exception));
        }
    }

    [Fact]
    public async Task Storage_down_means_growing_waits_and_one_stack_trace_not_one_a_pass()
    {
        // Nothing listens on port 9 of 127.0.0.1: every request fails at once.
        const string Dead = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;";
        await using var services = new ServiceCollection().AddLogging()
            .AddKnowledgeGraphForTest(Path.Combine(Path.GetTempPath(), $"kg-poll-{Guid.NewGuid():N}.db"))
            .BuildServiceProvider();
        var logger = new CapturingLogger();
        var poller = new BlobContainerPoller(new BlobWatchOptions(Dead, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(800)),
            services.GetRequiredService<BlobPaperProcessor>(), services.GetRequiredService<IOptions<KnowledgeGraphOptions>>(), logger);

        await poller.StartAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(4));
        await poller.StopAsync(CancellationToken.None);

        List<(LogLevel Level, string Message, Exception? Exception)> failures;
        lock (logger.Entries) failures = [.. logger.Entries.Where(e => e.Level >= LogLevel.Warning)];
        Assert.True(poller.ConsecutiveFailures >= 2, $"{poller.ConsecutiveFailures} failed passes");
        Assert.Equal(poller.ConsecutiveFailures, failures.Count);
        Assert.Single(failures, f => f.Exception is not null);
        // At a fixed 50 ms interval that would be 80 passes (and 80 stack traces) in 4 s.
        Assert.True(failures.Count <= 15, $"{failures.Count} failure lines in 4 s");
        Assert.Contains(failures, f => f.Message.Contains("still fails", StringComparison.Ordinal));
    }
}

internal static class PollerTestServices
{
    public static IServiceCollection AddKnowledgeGraphForTest(this IServiceCollection services, string db)
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["KG:Sqlite:Path"] = db }).Build();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(configuration);
        KnowledgeGraph.Api.Hosting.KnowledgeGraphServiceCollectionExtensions.AddKnowledgeGraph(services, configuration);
        return services;
    }
}
