using KnowledgeGraph.Core.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Core.Sources;

/// <summary>One configured query of the refresh: a PubMed query or a ClinicalTrials.gov one.</summary>
public sealed record RefreshQuery(SourceKind Source, string Text)
{
    /// <summary>
    /// Parses <see cref="SourceRefreshOptions.Queries"/>: entries separated by <c>;</c>, each <c>pubmed:QUERY</c>,
    /// <c>ctgov:QUERY</c> (free text, <c>query.term</c>) or <c>preset:NAME</c> (the preset's query for both services).
    /// </summary>
    /// <exception cref="ArgumentException">An entry without a known prefix, or an unknown preset.</exception>
    public static IReadOnlyList<RefreshQuery> Parse(string? setting)
    {
        var queries = new List<RefreshQuery>();
        foreach (var raw in (setting ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = raw.IndexOf(':', StringComparison.Ordinal);
            var kind = colon > 0 ? raw[..colon].Trim().ToLowerInvariant() : "";
            var text = colon > 0 ? raw[(colon + 1)..].Trim() : "";
            if (text.Length == 0) throw new ArgumentException($"KG:Sources:Refresh:Queries: '{raw}' is not pubmed:QUERY, ctgov:QUERY or preset:NAME");
            switch (kind)
            {
                case "pubmed": queries.Add(new RefreshQuery(SourceKind.PubMed, text)); break;
                case "ctgov": queries.Add(new RefreshQuery(SourceKind.ClinicalTrials, text)); break;
                case "preset":
                    foreach (var preset in FieldPresets.Resolve(text))
                    {
                        queries.Add(new RefreshQuery(SourceKind.PubMed, preset.PubMedQuery) { Preset = preset });
                        queries.Add(new RefreshQuery(SourceKind.ClinicalTrials, preset.TrialsIntervention) { Preset = preset });
                    }
                    break;
                default: throw new ArgumentException($"KG:Sources:Refresh:Queries: '{raw}' is not pubmed:QUERY, ctgov:QUERY or preset:NAME");
            }
        }
        return queries;
    }

    public FieldPreset? Preset { get; init; }
}

/// <summary>
/// The refresh the Functions timer runs: every configured query (<see cref="SourceRefreshOptions.Queries"/>) into one
/// sink (the papers container, so the blob door ingests them). Off while the setting is empty. A query that fails is
/// logged and the next one still runs; the next refresh retries it (what was written is held, so nothing twice).
/// </summary>
public sealed class SourceRefresh(PubMedFetcher pubMed, ClinicalTrialsFetcher trials, IOptions<KnowledgeGraphOptions> options, TimeProvider time,
    ILogger<SourceRefresh> logger)
{
    public bool Enabled => !string.IsNullOrWhiteSpace(options.Value.Sources.Refresh.Queries);

    public async Task<IReadOnlyList<FetchReport>> RunAsync(ISourceSink sink, CancellationToken ct)
    {
        var settings = options.Value.Sources.Refresh;
        if (!Enabled)
        {
            SourceLog.RefreshOff(logger);
            return [];
        }
        DateOnly? since = settings.SinceDays > 0 ? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-settings.SinceDays) : null;
        var reports = new List<FetchReport>();
        foreach (var query in RefreshQuery.Parse(settings.Queries))
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                reports.Add(query.Source == SourceKind.PubMed
                    ? await pubMed.RunAsync(new PubMedQuery(query.Text, since), sink, null, ct)
                    : await trials.RunAsync(query.Preset?.TrialsQuery(since) ?? new ClinicalTrialsQuery(Term: query.Text, Since: since), sink, null, ct));
            }
            catch (Exception ex) when (ex is SourceException or HttpRequestException && !ct.IsCancellationRequested)
            {
                SourceLog.RefreshQueryFailed(logger, ex, query.Text);
            }
        }
        return reports;
    }
}
