using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Core.Configuration;

/// <summary>
/// The public services <c>kg fetch</c> and the refresh timer import from (section <c>KG:Sources</c>). The base URLs are
/// settings so a mirror or a proxy works, and so tests run the real clients against a loopback server.
/// </summary>
public sealed class SourcesOptions
{
    [ValidateObjectMembers]
    public PubMedSourceOptions PubMed { get; set; } = new();

    [ValidateObjectMembers]
    public ClinicalTrialsSourceOptions ClinicalTrials { get; set; } = new();

    [ValidateObjectMembers]
    public SourceRefreshOptions Refresh { get; set; } = new();
}

/// <summary>NCBI E-utilities (ESearch, EFetch) for PubMed.</summary>
public sealed class PubMedSourceOptions() : SourceServiceOptions(retryDelaySeconds: 1, retryMaxDelay: TimeSpan.FromMinutes(1))
{
    /// <summary>The E-utilities folder (ESearch is <c>esearch.fcgi</c> under it).</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://eutils.ncbi.nlm.nih.gov/entrez/eutils/");

    /// <summary>NCBI API key (also <c>NCBI_API_KEY</c> for <c>kg fetch</c>): 10 requests/s instead of 3.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Contact address sent with every request (NCBI asks automated tools for one).</summary>
    public string? Email { get; set; }

    /// <summary>The <c>tool</c> parameter NCBI asks for.</summary>
    [Required]
    public string Tool { get; set; } = "KnowledgeGraph";

    /// <summary>Requests per second; 0: the documented rate (3 without an API key, 10 with one). Higher values are for a
    /// mirror or a local replay (the tests' loopback server runs at 1,000).</summary>
    [Range(0, 10_000)]
    public double RequestsPerSecond { get; set; }

    /// <summary>Ids per ESearch page (ESearch returns at most 10,000 at once).</summary>
    [Range(1, 9999)]
    public int SearchPageSize { get; set; } = 5000;

    /// <summary>Records per EFetch request.</summary>
    [Range(1, 10000)]
    public int FetchBatchSize { get; set; } = 200;
}

/// <summary>ClinicalTrials.gov API v2 (<c>/studies</c>).</summary>
public sealed class ClinicalTrialsSourceOptions() : SourceServiceOptions(retryDelaySeconds: 2, retryMaxDelay: TimeSpan.FromMinutes(2))
{
    /// <summary>The API v2 root (the studies endpoint is <c>studies</c> under it).</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://clinicaltrials.gov/api/v2/");

    /// <summary>Requests per second. The service documents no limit and is reported to throttle near 50 a minute; higher
    /// values are for a mirror or a local replay.</summary>
    [Range(0.01, 10_000)]
    public double RequestsPerSecond { get; set; } = 0.8;

    /// <summary>Studies per listing page (the API allows up to 1000).</summary>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 1000;

    /// <summary>Whole studies per request when fetching new or changed ones by id.</summary>
    [Range(1, 1000)]
    public int FetchBatchSize { get; set; } = 100;
}

/// <summary>The timer-triggered refresh of the Functions app: which queries to run; off while empty.</summary>
public sealed class SourceRefreshOptions
{
    /// <summary>
    /// Queries separated by <c>;</c>, each <c>pubmed:QUERY</c>, <c>ctgov:QUERY</c> or <c>preset:NAME</c> (both services;
    /// <c>preset:all</c> is every preset). Empty: the refresh is off.
    /// </summary>
    public string? Queries { get; set; }

    /// <summary>Only records entered (PubMed) or updated (ClinicalTrials.gov) in the last N days; 0: all.</summary>
    [Range(0, 36500)]
    public int SinceDays { get; set; }
}

/// <summary>
/// What every public service is called with, whichever it is: how much one run brings in, and the timeout, retries and
/// largest answer of one request. One class so both services read and validate the same settings the same way.
/// </summary>
public abstract class SourceServiceOptions(double retryDelaySeconds, TimeSpan retryMaxDelay)
{
    /// <summary>Most new (or changed) records one query brings in one run (<c>--max</c> lowers it).</summary>
    [Range(1, 10_000_000)]
    public int MaxRecords { get; set; } = 100_000;

    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 120;

    /// <summary>Retries of one request after a 429, a 5xx or a network error (exponential backoff, Retry-After honoured).</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 6;

    /// <summary>First retry delay in seconds, doubled per retry with jitter (up to the service's cap: a minute for
    /// PubMed, two for ClinicalTrials.gov); a Retry-After overrides it.</summary>
    [Range(0, 60)]
    public double RetryDelaySeconds { get; set; } = retryDelaySeconds;

    /// <summary>Largest response read, in bytes (an EFetch batch of 200 records is about 2 MB).</summary>
    [Range(1024, long.MaxValue)]
    public long MaxResponseBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>How requests to the service named <paramref name="service"/> are made at <paramref name="requestsPerSecond"/>.</summary>
    public Sources.SourceHttpSettings HttpSettings(string service, double requestsPerSecond) =>
        new(service, requestsPerSecond, MaxRetries, TimeSpan.FromSeconds(TimeoutSeconds), MaxResponseBytes,
            TimeSpan.FromSeconds(RetryDelaySeconds), retryMaxDelay);
}
