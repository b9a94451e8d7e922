using System.Collections.Concurrent;
using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Sources;
using KnowledgeGraph.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Core.Tests.Sources;

/// <summary>The real clients and fetchers pointed at a <see cref="SourceReplayServer"/> on 127.0.0.1.</summary>
internal static class SourceTestKit
{
    public static string Formats => Path.Combine(AppContext.BaseDirectory, "Fixtures", "formats");

    public static IOptions<KnowledgeGraphOptions> Options(SourceReplayServer server, Action<KnowledgeGraphOptions>? tweak = null)
    {
        var options = new KnowledgeGraphOptions();
        var pubMed = options.Sources.PubMed;
        pubMed.BaseUrl = server.PubMedBase;
        pubMed.RequestsPerSecond = 1000;
        pubMed.RetryDelaySeconds = 0;
        pubMed.MaxRetries = 3;
        pubMed.Email = "kg-tests@example.org";
        pubMed.ApiKey = "replay-key";
        var trials = options.Sources.ClinicalTrials;
        trials.BaseUrl = server.TrialsBase;
        trials.RequestsPerSecond = 1000;
        trials.RetryDelaySeconds = 0;
        trials.MaxRetries = 3;
        tweak?.Invoke(options);
        return Microsoft.Extensions.Options.Options.Create(options);
    }

    public static PubMedFetcher PubMed(IOptions<KnowledgeGraphOptions> options, out PubMedClient client)
    {
        client = new PubMedClient(SourceHttp.CreateClient(), options, NullLogger<PubMedClient>.Instance);
        return new PubMedFetcher(client, options, TimeProvider.System, NullLogger<PubMedFetcher>.Instance);
    }

    public static ClinicalTrialsFetcher Trials(IOptions<KnowledgeGraphOptions> options, out ClinicalTrialsClient client)
    {
        client = new ClinicalTrialsClient(SourceHttp.CreateClient(), options, NullLogger<ClinicalTrialsClient>.Instance);
        return new ClinicalTrialsFetcher(client, options, NullLogger<ClinicalTrialsFetcher>.Instance);
    }
}

/// <summary>
/// A sink that keeps records in memory and counts writes per record, so tests see exactly what reached the door
/// (the ledger sink itself is exercised end to end by the CLI tests on a real store).
/// </summary>
internal sealed class RecordingSink : ISourceSink
{
    public ConcurrentDictionary<string, SourceRecord> Held { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, int> Writes { get; } = new(StringComparer.Ordinal);

    public Task<bool> HoldsAsync(SourceKind source, string id, string? version, CancellationToken ct) =>
        Task.FromResult(Held.TryGetValue(Key(source, id), out var record) && (version is null || record.Version == version));

    public Task<SinkResult> WriteAsync(SourceRecord record, CancellationToken ct)
    {
        Writes.AddOrUpdate(Key(record.Source, record.Id), 1, (_, n) => n + 1);
        var existed = Held.ContainsKey(Key(record.Source, record.Id));
        Held[Key(record.Source, record.Id)] = record;
        return Task.FromResult(new SinkResult(existed ? SinkOutcome.Updated : SinkOutcome.Added));
    }

    private static string Key(SourceKind source, string id) => $"{source}:{id}";
}
