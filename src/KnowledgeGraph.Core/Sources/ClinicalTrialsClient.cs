using System.Globalization;
using System.Text.Json;
using KnowledgeGraph.Core.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Core.Sources;

/// <summary>A ClinicalTrials.gov query: free text (<c>query.term</c>), condition (<c>query.cond</c>) and/or intervention (<c>query.intr</c>).</summary>
/// <param name="Since">Only studies whose last update was posted on or after this day.</param>
/// <param name="Max">Most new or changed studies to fetch in this run.</param>
public sealed record ClinicalTrialsQuery(string? Term = null, string? Condition = null, string? Intervention = null, DateOnly? Since = null, int? Max = null)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(Term) && string.IsNullOrWhiteSpace(Condition) && string.IsNullOrWhiteSpace(Intervention);

    public override string ToString() => string.Join(" ", new[]
    {
        string.IsNullOrWhiteSpace(Term) ? null : Term,
        string.IsNullOrWhiteSpace(Condition) ? null : $"condition:({Condition})",
        string.IsNullOrWhiteSpace(Intervention) ? null : $"intervention:({Intervention})",
    }.Where(p => p is not null));
}

/// <summary>
/// ClinicalTrials.gov API v2, <c>GET /studies</c> as documented: <c>query.term</c> / <c>query.cond</c> /
/// <c>query.intr</c>, <c>pageSize</c>, <c>pageToken</c> from the previous page's <c>nextPageToken</c>,
/// <c>countTotal</c>, <c>fields</c> for a light listing, <c>filter.ids</c> for whole studies by NCT id, and
/// <c>filter.advanced=AREA[LastUpdatePostDate]RANGE[...]</c> for "since". Rate-limited and retried by <see cref="SourceHttp"/>.
/// </summary>
public sealed class ClinicalTrialsClient : IDisposable
{
    private readonly ClinicalTrialsSourceOptions _options;
    private readonly SourceHttp _http;

    public ClinicalTrialsClient(HttpClient http, IOptions<KnowledgeGraphOptions> options, ILogger<ClinicalTrialsClient> logger, TimeProvider? time = null)
    {
        _options = options.Value.Sources.ClinicalTrials;
        _http = new SourceHttp(http, _options.HttpSettings("ClinicalTrials.gov", _options.RequestsPerSecond), logger, time);
    }

    public int Requests => _http.Requests;

    /// <summary>One listing page: NCT ids with their last update dates, the total (first page), the next page's token.</summary>
    public async Task<StudyListPage> ListAsync(ClinicalTrialsQuery query, string? pageToken, CancellationToken ct)
    {
        var parameters = Query(query);
        parameters.Add(("fields", "NCTId,LastUpdatePostDate"));
        parameters.Add(("pageSize", _options.PageSize.ToString(CultureInfo.InvariantCulture)));
        if (pageToken is null) parameters.Add(("countTotal", "true"));
        else parameters.Add(("pageToken", pageToken));
        var body = await _http.SendAsync(() => Get(parameters), ct);
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            var root = doc.RootElement;
            var studies = Studies(root).Select(s => (Id: NctId(s), Version: LastUpdate(s))).Where(s => s.Id is not null)
                .Select(s => new StudyVersion(s.Id!, s.Version)).ToList();
            int? total = root.TryGetProperty("totalCount", out var t) && t.TryGetInt32(out var n) ? n : null;
            var next = root.TryGetProperty("nextPageToken", out var token) && token.ValueKind == JsonValueKind.String ? token.GetString() : null;
            return new StudyListPage(studies, total, string.IsNullOrEmpty(next) ? null : next);
        }
        catch (JsonException ex)
        {
            throw new SourceException($"ClinicalTrials.gov: unreadable listing: {ex.Message}", null, ex);
        }
    }

    /// <summary>Whole studies by NCT id, each as its own record (the v2 JSON object, as published).</summary>
    public async Task<List<SourceRecord>> FetchAsync(IReadOnlyCollection<string> nctIds, CancellationToken ct)
    {
        var parameters = new List<(string, string)>
        {
            ("format", "json"),
            ("filter.ids", string.Join(',', nctIds)),
            ("pageSize", nctIds.Count.ToString(CultureInfo.InvariantCulture)),
        };
        var body = await _http.SendAsync(() => Get(parameters), ct);
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
            return [.. Studies(doc.RootElement)
                .Select(s => (Study: s, Id: NctId(s)))
                .Where(s => s.Id is not null)
                .Select(s => new SourceRecord(SourceKind.ClinicalTrials, s.Id!, LastUpdate(s.Study), System.Text.Encoding.UTF8.GetBytes(s.Study.GetRawText())))];
        }
        catch (JsonException ex)
        {
            throw new SourceException($"ClinicalTrials.gov: unreadable studies: {ex.Message}", null, ex);
        }
    }

    private static IEnumerable<JsonElement> Studies(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("studies", out var s) && s.ValueKind == JsonValueKind.Array
            ? s.EnumerateArray()
            : throw new SourceException("ClinicalTrials.gov: the answer has no \"studies\" array");

    private static string? NctId(JsonElement study)
    {
        var id = Path(study, "protocolSection", "identificationModule", "nctId");
        return id is { Length: 11 } && id.StartsWith("NCT", StringComparison.Ordinal) && id[3..].All(char.IsAsciiDigit) ? id : null;
    }

    private static string? LastUpdate(JsonElement study) => Path(study, "protocolSection", "statusModule", "lastUpdatePostDateStruct", "date");

    private static string? Path(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element)) return null;
        }
        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }

    private static List<(string, string)> Query(ClinicalTrialsQuery query)
    {
        var parameters = new List<(string, string)> { ("format", "json") };
        if (!string.IsNullOrWhiteSpace(query.Term)) parameters.Add(("query.term", query.Term));
        if (!string.IsNullOrWhiteSpace(query.Condition)) parameters.Add(("query.cond", query.Condition));
        if (!string.IsNullOrWhiteSpace(query.Intervention)) parameters.Add(("query.intr", query.Intervention));
        if (query.Since is { } since)
            parameters.Add(("filter.advanced", $"AREA[LastUpdatePostDate]RANGE[{since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)},MAX]"));
        return parameters;
    }

    private HttpRequestMessage Get(List<(string Key, string Value)> parameters)
    {
        var query = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return new HttpRequestMessage(HttpMethod.Get, new Uri(_options.BaseUrl, "studies?" + query));
    }

    public void Dispose() => _http.Dispose();
}

public sealed record StudyVersion(string NctId, string? LastUpdate);

public sealed record StudyListPage(IReadOnlyList<StudyVersion> Studies, int? TotalCount, string? NextPageToken);
