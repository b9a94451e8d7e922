using System.Globalization;
using System.Text.Json;
using KnowledgeGraph.Core.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Core.Sources;

/// <summary>
/// NCBI E-utilities for PubMed, as documented: ESearch (<c>esearch.fcgi</c>, JSON) with the history server
/// (<c>usehistory=y</c> gives a <c>WebEnv</c> and <c>query_key</c>), and EFetch (<c>efetch.fcgi</c>,
/// <c>retmode=xml</c>) by history position or by ids. Every request carries <c>tool</c>, <c>email</c> and
/// <c>api_key</c> when set, goes by POST (long queries and id lists fit), and passes the rate limiter (3 requests/s
/// without a key, 10 with one) and the retries of <see cref="SourceHttp"/>.
/// </summary>
public sealed class PubMedClient : IDisposable
{
    /// <summary>ESearch cannot reach past the 9,999th id of one search (retstart is at most 9998).</summary>
    public const int MaxSearchable = 9999;

    private readonly PubMedSourceOptions _options;
    private readonly SourceHttp _http;

    public PubMedClient(HttpClient http, IOptions<KnowledgeGraphOptions> options, ILogger<PubMedClient> logger, TimeProvider? time = null)
    {
        _options = options.Value.Sources.PubMed;
        var rate = _options.RequestsPerSecond > 0 ? _options.RequestsPerSecond : string.IsNullOrWhiteSpace(_options.ApiKey) ? 3 : 10;
        _http = new SourceHttp(http, _options.HttpSettings("PubMed", rate), logger, time);
    }

    /// <summary>The rate requests are sent at.</summary>
    public double RequestsPerSecond => _options.RequestsPerSecond > 0 ? _options.RequestsPerSecond : HasApiKey ? 10 : 3;

    public bool HasApiKey => !string.IsNullOrWhiteSpace(_options.ApiKey);

    public int Requests => _http.Requests;

    /// <summary>One ESearch page: the total count, the ids from <paramref name="retStart"/>, and the history handle.</summary>
    public async Task<ESearchPage> SearchAsync(string term, DateRange? range, int retStart, int retMax, CancellationToken ct)
    {
        var form = Common();
        form.Add(("term", term));
        if (range is { } r)
        {
            // Entrez date: when the record entered PubMed, so "since" means new to PubMed and slices never overlap.
            form.Add(("datetype", "edat"));
            form.Add(("mindate", r.From.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture)));
            form.Add(("maxdate", r.To.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture)));
        }
        form.Add(("usehistory", "y"));
        form.Add(("retstart", retStart.ToString(CultureInfo.InvariantCulture)));
        form.Add(("retmax", retMax.ToString(CultureInfo.InvariantCulture)));
        form.Add(("retmode", "json"));
        var body = await _http.SendAsync(() => Post("esearch.fcgi", form), ct);
        return ParseSearch(body);
    }

    /// <summary>EFetch of ids in the history set (<paramref name="retStart"/>, <paramref name="retMax"/>).</summary>
    public Task<byte[]> FetchAsync(HistoryHandle history, int retStart, int retMax, CancellationToken ct)
    {
        var form = Common();
        form.Add(("query_key", history.QueryKey));
        form.Add(("WebEnv", history.WebEnv));
        form.Add(("retstart", retStart.ToString(CultureInfo.InvariantCulture)));
        form.Add(("retmax", retMax.ToString(CultureInfo.InvariantCulture)));
        form.Add(("retmode", "xml"));
        return _http.SendAsync(() => Post("efetch.fcgi", form), ct);
    }

    /// <summary>EFetch of the given PMIDs.</summary>
    public Task<byte[]> FetchAsync(IReadOnlyCollection<string> pmids, CancellationToken ct)
    {
        var form = Common();
        form.Add(("id", string.Join(',', pmids)));
        form.Add(("retmode", "xml"));
        return _http.SendAsync(() => Post("efetch.fcgi", form), ct);
    }

    private List<(string, string)> Common()
    {
        var form = new List<(string, string)> { ("db", "pubmed"), ("tool", _options.Tool) };
        if (!string.IsNullOrWhiteSpace(_options.Email)) form.Add(("email", _options.Email));
        if (HasApiKey) form.Add(("api_key", _options.ApiKey!));
        return form;
    }

    private HttpRequestMessage Post(string utility, List<(string Key, string Value)> form) =>
        new(HttpMethod.Post, new Uri(_options.BaseUrl, utility))
        {
            Content = new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))),
        };

    internal static ESearchPage ParseSearch(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            if (!doc.RootElement.TryGetProperty("esearchresult", out var result))
            {
                var error = doc.RootElement.TryGetProperty("error", out var e) ? e.ToString() : "no esearchresult";
                throw new SourceException($"PubMed ESearch: {error}");
            }
            if (result.TryGetProperty("ERROR", out var err)) throw new SourceException($"PubMed ESearch: {err}");
            var count = int.Parse(result.GetProperty("count").GetString()!, CultureInfo.InvariantCulture);
            var ids = result.TryGetProperty("idlist", out var list)
                ? list.EnumerateArray().Select(i => i.GetString()!).Where(IsPmid).ToList()
                : [];
            HistoryHandle? history = result.TryGetProperty("webenv", out var webEnv) && result.TryGetProperty("querykey", out var key)
                ? new HistoryHandle(webEnv.GetString()!, key.GetString()!)
                : null;
            return new ESearchPage(count, ids, history);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or OverflowException)
        {
            throw new SourceException($"PubMed ESearch: unreadable answer: {ex.Message}", null, ex);
        }
    }

    internal static bool IsPmid(string id) => id.Length is > 0 and <= 12 && id.All(char.IsAsciiDigit);

    public void Dispose() => _http.Dispose();
}

/// <summary>The ESearch answer of one page.</summary>
public sealed record ESearchPage(int Count, IReadOnlyList<string> Ids, HistoryHandle? History);

/// <summary>A search stored on the history server.</summary>
public sealed record HistoryHandle(string WebEnv, string QueryKey);

/// <summary>Inclusive range of Entrez dates.</summary>
public readonly record struct DateRange(DateOnly From, DateOnly To)
{
    public int Days => To.DayNumber - From.DayNumber + 1;
}
