using KnowledgeGraph.Core.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Core.Sources;

/// <summary>A PubMed query for <see cref="PubMedFetcher"/>.</summary>
/// <param name="Since">Only records that entered PubMed on or after this day (Entrez date).</param>
/// <param name="Max">Most new records to fetch in this run (the rest wait for the next run).</param>
public sealed record PubMedQuery(string Term, DateOnly? Since = null, int? Max = null);

/// <summary>
/// Brings the records of a PubMed query into a sink, fetching only what the sink does not hold:
/// <list type="number">
/// <item>search: ESearch on the history server, paged; when a search has more hits than ESearch can reach (9,999), the
/// Entrez-date range is halved until every slice fits (a single day over the limit is reported as unreachable);</item>
/// <item>skip what the sink holds (the ledger, or the papers container): a rerun fetches only what is new;</item>
/// <item>fetch: EFetch XML in batches, through the history server when a whole slice is new, by id otherwise; each
/// article handed to the sink as its own record as soon as its batch arrives, so an interrupted run keeps what it
/// wrote and the next run resumes with the rest.</item>
/// </list>
/// </summary>
public sealed class PubMedFetcher(PubMedClient client, IOptions<KnowledgeGraphOptions> options, TimeProvider time, ILogger<PubMedFetcher> logger)
{
    /// <summary>Before the first Entrez date in PubMed: the lower end of a slicing range with no <c>--since</c>.</summary>
    public static readonly DateOnly Earliest = new(1700, 1, 1);

    private PubMedSourceOptions Options => options.Value.Sources.PubMed;

    public async Task<FetchReport> RunAsync(PubMedQuery query, ISourceSink sink, IProgress<FetchProgress>? progress = null, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(query.Term)) throw new ArgumentException("A PubMed query is required.", nameof(query));
        var report = new FetchReport("PubMed", query.Term);
        var requestsBefore = client.Requests;
        try
        {
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            DateRange? range = query.Since is { } since ? new DateRange(since > today ? today : since, today) : null;
            var slices = new List<Slice>();
            await SearchAsync(query.Term, range, today, slices, report, progress, ct);
            report.Slices = slices.Count;
            report.Found = slices.Sum(s => s.Count) + report.Unreachable;

            // What is new, in the order ESearch gave (most recent first), at most the run's maximum.
            var budget = Math.Min(query.Max ?? int.MaxValue, Options.MaxRecords);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var plans = new List<(Slice Slice, List<string> New)>();
            foreach (var slice in slices)
            {
                var fresh = new List<string>();
                foreach (var id in slice.Ids)
                {
                    if (!seen.Add(id)) continue;
                    if (await sink.HoldsAsync(SourceKind.PubMed, id, null, ct)) report.Held++;
                    else if (report.ToFetch < budget) { fresh.Add(id); report.ToFetch++; }
                    else report.Deferred++;
                }
                if (fresh.Count > 0) plans.Add((slice, fresh));
            }

            progress?.Report(new FetchProgress("fetch", 0, report.ToFetch));
            foreach (var (slice, fresh) in plans)
                await FetchSliceAsync(slice, fresh, sink, report, progress, ct);
            SourceLog.QueryDone(logger, "PubMed", query.Term, report.Found, report.ToFetch, report.Added + report.Updated, report.Unchanged, report.Failed);
            return report;
        }
        finally
        {
            report.Requests = client.Requests - requestsBefore;
        }
    }

    private async Task SearchAsync(string term, DateRange? range, DateOnly today, List<Slice> slices, FetchReport report,
        IProgress<FetchProgress>? progress, CancellationToken ct)
    {
        var pageSize = Math.Clamp(Options.SearchPageSize, 1, PubMedClient.MaxSearchable);
        var first = await client.SearchAsync(term, range, 0, pageSize, ct);
        if (first.Count > PubMedClient.MaxSearchable)
        {
            var whole = range ?? new DateRange(Earliest, today);
            if (whole.Days > 1)
            {
                // Halve by Entrez date until each slice's ids are all within ESearch's reach.
                var mid = whole.From.AddDays(whole.Days / 2 - 1);
                await SearchAsync(term, new DateRange(whole.From, mid), today, slices, report, progress, ct);
                await SearchAsync(term, new DateRange(mid.AddDays(1), whole.To), today, slices, report, progress, ct);
                return;
            }
            SourceLog.DayOverLimit(logger, first.Count, whole.From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), PubMedClient.MaxSearchable);
            report.Unreachable += first.Count - PubMedClient.MaxSearchable;
        }

        var reachable = Math.Min(first.Count, PubMedClient.MaxSearchable);
        var ids = new List<string>(first.Ids);
        // Bounded: each page moves retstart forward by what it returned; an empty page ends the slice.
        while (ids.Count < reachable)
        {
            var page = await client.SearchAsync(term, range, ids.Count, Math.Min(pageSize, PubMedClient.MaxSearchable - ids.Count), ct);
            if (page.Ids.Count == 0) break;
            ids.AddRange(page.Ids);
        }
        slices.Add(new Slice(range, Math.Min(first.Count, reachable), first.History, ids));
        progress?.Report(new FetchProgress("search", slices.Sum(s => s.Ids.Count), 0));
    }

    private async Task FetchSliceAsync(Slice slice, List<string> fresh, ISourceSink sink, FetchReport report, IProgress<FetchProgress>? progress, CancellationToken ct)
    {
        var batch = Math.Max(1, Options.FetchBatchSize);
        var wanted = new HashSet<string>(fresh, StringComparer.Ordinal);
        // The whole slice is new (a first run): page through the history server, which holds the search's ids in order.
        if (slice.History is { } history && fresh.Count == slice.Ids.Count)
        {
            try
            {
                for (var position = 0; position < fresh.Count; position += batch)
                {
                    var xml = await client.FetchAsync(history, position, Math.Min(batch, fresh.Count - position), ct);
                    await DeliverAsync(xml, [], wanted, sink, report, progress, ct);
                }
            }
            catch (SourceException ex) when (ex.Status is null && ex.InnerException is null)
            {
                // EFetch answered with an ERROR (e.g. the history server forgot the search): the rest by id, below.
            }
            // Whatever the history pages did not bring (PubMed changed in between, or the error above) is asked by id.
            fresh = [.. fresh.Where(wanted.Contains)];
        }
        for (var i = 0; i < fresh.Count; i += batch)
        {
            var ids = fresh.Skip(i).Take(batch).ToList();
            var xml = await client.FetchAsync(ids, ct);
            await DeliverAsync(xml, ids, wanted, sink, report, progress, ct);
        }
    }

    /// <param name="asked">Ids asked by id: those not in the answer are counted missing (withdrawn records, books).</param>
    private static async Task DeliverAsync(byte[] xml, IReadOnlyList<string> asked, HashSet<string> wanted, ISourceSink sink, FetchReport report,
        IProgress<FetchProgress>? progress, CancellationToken ct)
    {
        var records = PubMedArticleSplitter.Split(xml, out _);
        // Only records this run asked for, each once.
        var mine = records.Where(r => wanted.Remove(r.Id)).ToList();
        await WriteAllAsync(mine, sink, report, ct);
        report.Missing += asked.Count(wanted.Remove);
        progress?.Report(new FetchProgress("fetch", report.Fetched + report.Missing, report.ToFetch));
    }

    /// <summary>Writes a batch's records, a few at a time (each takes an ingestion slot).</summary>
    internal static Task WriteAllAsync(IReadOnlyList<SourceRecord> records, ISourceSink sink, FetchReport report, CancellationToken ct) =>
        Parallel.ForEachAsync(records, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount), CancellationToken = ct },
            async (record, token) => report.Count(record, await sink.WriteAsync(record, token)));

    private sealed record Slice(DateRange? Range, int Count, HistoryHandle? History, IReadOnlyList<string> Ids);
}
