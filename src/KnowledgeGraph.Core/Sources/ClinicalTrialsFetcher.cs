using KnowledgeGraph.Core.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Core.Sources;

/// <summary>
/// Brings the studies of a ClinicalTrials.gov query into a sink: lists the query's NCT ids and last update dates page
/// by page (<c>pageToken</c>), skips studies the sink holds at that date, and fetches the new or changed ones whole,
/// by id, in batches: a rerun with nothing new fetches listings only, and an updated study replaces its old version.
/// </summary>
public sealed class ClinicalTrialsFetcher(ClinicalTrialsClient client, IOptions<KnowledgeGraphOptions> options, ILogger<ClinicalTrialsFetcher> logger)
{
    private ClinicalTrialsSourceOptions Options => options.Value.Sources.ClinicalTrials;

    public async Task<FetchReport> RunAsync(ClinicalTrialsQuery query, ISourceSink sink, IProgress<FetchProgress>? progress = null, CancellationToken ct = default)
    {
        if (query.IsEmpty) throw new ArgumentException("A ClinicalTrials.gov query needs a term, a condition or an intervention.", nameof(query));
        var report = new FetchReport("ClinicalTrials.gov", query.ToString());
        var requestsBefore = client.Requests;
        try
        {
            var budget = Math.Min(query.Max ?? int.MaxValue, Options.MaxRecords);
            var wanted = new List<StudyVersion>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var tokens = new HashSet<string>(StringComparer.Ordinal);
            string? token = null;
            // Bounded: a page token is never followed twice, and an empty page ends the listing.
            do
            {
                var page = await client.ListAsync(query, token, ct);
                if (page.TotalCount is { } total) report.Found = total;
                foreach (var study in page.Studies)
                {
                    if (!seen.Add(study.NctId)) continue;
                    if (await sink.HoldsAsync(SourceKind.ClinicalTrials, study.NctId, study.LastUpdate, ct)) report.Held++;
                    else if (wanted.Count < budget) wanted.Add(study);
                    else report.Deferred++;
                }
                progress?.Report(new FetchProgress("list", seen.Count, report.Found));
                token = page.Studies.Count == 0 ? null : page.NextPageToken;
            }
            while (token is not null && tokens.Add(token));
            report.Found = Math.Max(report.Found, seen.Count);
            report.Slices = 1;
            report.ToFetch = wanted.Count;

            progress?.Report(new FetchProgress("fetch", 0, wanted.Count));
            var batch = Math.Max(1, Options.FetchBatchSize);
            for (var i = 0; i < wanted.Count; i += batch)
            {
                var ids = wanted.Skip(i).Take(batch).Select(s => s.NctId).ToList();
                var asked = new HashSet<string>(ids, StringComparer.Ordinal);
                var records = (await client.FetchAsync(ids, ct)).Where(r => asked.Remove(r.Id)).ToList();
                await PubMedFetcher.WriteAllAsync(records, sink, report, ct);
                report.Missing += asked.Count;
                progress?.Report(new FetchProgress("fetch", report.Fetched + report.Missing, wanted.Count));
            }
            SourceLog.QueryDone(logger, "ClinicalTrials.gov", report.Query, report.Found, report.ToFetch, report.Added + report.Updated, report.Unchanged, report.Failed);
            return report;
        }
        finally
        {
            report.Requests = client.Requests - requestsBefore;
        }
    }
}
