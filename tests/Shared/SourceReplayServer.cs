using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace KnowledgeGraph.Testing;

/// <summary>
/// PubMed E-utilities (ESearch JSON with the history server, EFetch XML) and ClinicalTrials.gov API v2 (<c>/studies</c>
/// with pageToken paging, fields, filter.ids, filter.advanced) replayed on 127.0.0.1 in the services' documented formats,
/// from real recorded records (the PubMed EFetch and CT.gov v2 samples, with their ids replaced): a corpus of any size,
/// ESearch's 9,999 reach enforced as the real service does, and scripted faults (429 with Retry-After, 5xx).
/// Every request is logged, so tests can check what the clients asked.
/// </summary>
internal sealed class SourceReplayServer : IAsyncDisposable
{
    /// <summary>What ESearch can reach of one search, as on the real service.</summary>
    public const int MaxSearchable = 9999;

    private readonly WebApplication _app;
    private readonly string _articleTemplate;
    private readonly IReadOnlyList<string> _studyTemplates;
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _history = new();
    private readonly List<Fault> _faults = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _queryKeys;

    private SourceReplayServer(WebApplication app, string articleTemplate, IReadOnlyList<string> studyTemplates)
    {
        _app = app;
        _articleTemplate = articleTemplate;
        _studyTemplates = studyTemplates;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public Uri PubMedBase => new(BaseAddress, "entrez/eutils/");

    public Uri TrialsBase => new(BaseAddress, "api/v2/");

    /// <summary>PubMed records (PMID, Entrez date); ESearch returns them most recent first.</summary>
    public List<(string Pmid, DateOnly Entered)> PubMed { get; } = [];

    /// <summary>ClinicalTrials.gov studies (NCT id, last update posted), listed in NCT order.</summary>
    public List<(string NctId, string LastUpdate)> Trials { get; } = [];

    public ConcurrentQueue<ReplayRequest> Requests { get; } = new();

    /// <summary>ESearch requests that asked past the 9,999th id (the real service answers them with an error).</summary>
    public int OutOfReach;

    /// <summary>When set, EFetch by WebEnv answers "Unable to obtain query" (an expired history search).</summary>
    public bool ForgetHistory { get; set; }

    /// <param name="formats">The folder of the real format samples (pubmed_efetch_PMID17630804.xml, ctgov_v2_*.json).</param>
    public static async Task<SourceReplayServer> StartAsync(string formats)
    {
        var efetch = File.ReadAllText(Path.Combine(formats, "pubmed_efetch_PMID17630804.xml"));
        var start = efetch.IndexOf("<PubmedArticle>", StringComparison.Ordinal);
        var end = efetch.IndexOf("</PubmedArticle>", StringComparison.Ordinal) + "</PubmedArticle>".Length;
        var article = efetch[start..end];
        var studies = new[] { "ctgov_v2_NCT00676871.json", "ctgov_v2_with_results_NCT02803307.json" }
            .Select(f => File.ReadAllText(Path.Combine(formats, f))).ToList();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new SourceReplayServer(app, article, studies);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Urls.Single().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    /// <summary>Adds PubMed records with PMIDs from <paramref name="firstPmid"/>, their Entrez dates spread from <paramref name="from"/>, <paramref name="perDay"/> a day.</summary>
    public void AddPubMed(int count, int firstPmid = 30000000, DateOnly? from = null, int perDay = 1)
    {
        var day = from ?? new DateOnly(2015, 1, 1);
        for (var i = 0; i < count; i++) PubMed.Add(((firstPmid + i).ToString(CultureInfo.InvariantCulture), day.AddDays(i / perDay)));
    }

    public void AddTrials(int count, int firstNumber = 5000000, string lastUpdate = "2024-05-01")
    {
        for (var i = 0; i < count; i++) Trials.Add(($"NCT{firstNumber + i:D8}", lastUpdate));
    }

    /// <summary>Answers <paramref name="status"/> to the next <paramref name="times"/> requests whose path contains
    /// <paramref name="path"/> (-1: every one), after letting <paramref name="after"/> of them through.</summary>
    public void Fail(string path, int status, int times, int after = 0, string? retryAfter = null)
    {
        lock (_faults) _faults.Add(new Fault(path, status, retryAfter) { Remaining = times, Skip = after });
    }

    public void ClearFaults()
    {
        lock (_faults) _faults.Clear();
    }

    public IReadOnlyList<ReplayRequest> Calls(string path) => [.. Requests.Where(r => r.Path.Contains(path, StringComparison.Ordinal))];

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Query) parameters[key] = value.ToString();
        if (request.HasFormContentType)
            foreach (var (key, value) in await request.ReadFormAsync()) parameters[key] = value.ToString();
        var path = request.Path.Value ?? "";
        var at = _clock.Elapsed;

        Fault? fault = null;
        lock (_faults)
        {
            foreach (var f in _faults.Where(f => path.Contains(f.Path, StringComparison.Ordinal) && f.Remaining != 0))
            {
                if (f.Skip > 0) { f.Skip--; continue; }
                if (f.Remaining > 0) f.Remaining--;
                fault = f;
                break;
            }
        }
        var status = fault?.Status ?? 200;
        Requests.Enqueue(new ReplayRequest(path, parameters, status, at));
        if (fault is not null)
        {
            context.Response.StatusCode = fault.Status;
            if (fault.RetryAfter is not null) context.Response.Headers.RetryAfter = fault.RetryAfter;
            await context.Response.WriteAsync(fault.Status == 429 ? "{\"error\":\"API rate limit exceeded\",\"count\":\"11\"}" : "<html><body>Server error</body></html>");
            return;
        }

        if (path.EndsWith("/esearch.fcgi", StringComparison.Ordinal)) await ESearchAsync(context, parameters);
        else if (path.EndsWith("/efetch.fcgi", StringComparison.Ordinal)) await EFetchAsync(context, parameters);
        else if (path.EndsWith("/api/v2/studies", StringComparison.Ordinal)) await StudiesAsync(context, parameters);
        else context.Response.StatusCode = 404;
    }

    private async Task ESearchAsync(HttpContext context, Dictionary<string, string> p)
    {
        IEnumerable<(string Pmid, DateOnly Entered)> hits = PubMed;
        if (p.TryGetValue("datetype", out var dateType))
        {
            Assert.Equal("edat", dateType);
            var min = DateOnly.ParseExact(p["mindate"], "yyyy/MM/dd", CultureInfo.InvariantCulture);
            var max = DateOnly.ParseExact(p["maxdate"], "yyyy/MM/dd", CultureInfo.InvariantCulture);
            hits = hits.Where(h => h.Entered >= min && h.Entered <= max);
        }
        var ids = hits.OrderByDescending(h => h.Entered).ThenByDescending(h => h.Pmid, StringComparer.Ordinal).Select(h => h.Pmid).ToList();
        var retStart = int.Parse(p.GetValueOrDefault("retstart", "0"), CultureInfo.InvariantCulture);
        var retMax = Math.Min(int.Parse(p.GetValueOrDefault("retmax", "20"), CultureInfo.InvariantCulture), 10000);
        context.Response.ContentType = "application/json; charset=UTF-8";
        var result = new JsonObject();
        if (retStart > MaxSearchable - 1 || retStart + retMax > MaxSearchable && ids.Count > MaxSearchable)
        {
            Interlocked.Increment(ref OutOfReach);
            result["ERROR"] = "Search Backend failed: Exception:\n'retstart' cannot be larger than 9998. For PubMed, ESearch can only retrieve the first 9,999 records matching the query. To obtain more than 9,999 PubMed records, consider using EDirect that contains additional logic to batch PubMed search results automatically so that an arbitrary number can be retrieved.";
        }
        else
        {
            var page = ids.Skip(retStart).Take(retMax).ToList();
            result["count"] = ids.Count.ToString(CultureInfo.InvariantCulture);
            result["retmax"] = page.Count.ToString(CultureInfo.InvariantCulture);
            result["retstart"] = retStart.ToString(CultureInfo.InvariantCulture);
            if (p.GetValueOrDefault("usehistory") == "y")
            {
                var key = Interlocked.Increment(ref _queryKeys).ToString(CultureInfo.InvariantCulture);
                _history[key] = ids.Take(MaxSearchable).ToList();
                result["querykey"] = key;
                result["webenv"] = "MCID_replay_0123456789abcdef";
            }
            result["idlist"] = new JsonArray([.. page.Select(id => (JsonNode)id)]);
            result["translationset"] = new JsonArray();
            result["querytranslation"] = p.GetValueOrDefault("term", "");
        }
        var body = new JsonObject { ["header"] = new JsonObject { ["type"] = "esearch", ["version"] = "0.3" }, ["esearchresult"] = result };
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private async Task EFetchAsync(HttpContext context, Dictionary<string, string> p)
    {
        context.Response.ContentType = "text/xml; charset=UTF-8";
        IEnumerable<string> ids;
        if (p.TryGetValue("id", out var list))
        {
            ids = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        else
        {
            Assert.Equal("MCID_replay_0123456789abcdef", p["WebEnv"]);
            if (ForgetHistory || !_history.TryGetValue(p["query_key"], out var held))
            {
                await context.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<!DOCTYPE eFetchResult PUBLIC \"-//NLM//DTD efetch 20131226//EN\" \"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20131226/efetch.dtd\">\n<eFetchResult>\n\t<ERROR>Unable to obtain query #" + p["query_key"] + "</ERROR>\n</eFetchResult>\n");
                return;
            }
            ids = held.Skip(int.Parse(p["retstart"], CultureInfo.InvariantCulture)).Take(int.Parse(p["retmax"], CultureInfo.InvariantCulture));
        }
        var known = PubMed.Select(h => h.Pmid).ToHashSet(StringComparer.Ordinal);
        var sb = new StringBuilder("<?xml version=\"1.0\" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle, 1st January 2025//EN\" \"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd\">\n<PubmedArticleSet>\n");
        foreach (var id in ids.Where(known.Contains)) sb.Append(Article(id)).Append('\n');
        sb.Append("</PubmedArticleSet>\n");
        await context.Response.WriteAsync(sb.ToString());
    }

    /// <summary>The recorded article under another PMID (the paper's identity in the graph).</summary>
    public string Article(string pmid) => _articleTemplate
        .Replace("<PMID Version=\"1\">17630804</PMID>", $"<PMID Version=\"1\">{pmid}</PMID>", StringComparison.Ordinal)
        .Replace("<ArticleId IdType=\"pubmed\">17630804</ArticleId>", $"<ArticleId IdType=\"pubmed\">{pmid}</ArticleId>", StringComparison.Ordinal);

    private async Task StudiesAsync(HttpContext context, Dictionary<string, string> p)
    {
        context.Response.ContentType = "application/json";
        var response = new JsonObject();
        if (p.TryGetValue("filter.ids", out var idList))
        {
            var wanted = idList.Split(',').ToHashSet(StringComparer.Ordinal);
            response["studies"] = new JsonArray([.. Trials.Where(t => wanted.Contains(t.NctId)).Select((t, i) => (JsonNode)Study(t.NctId, t.LastUpdate))]);
            await context.Response.WriteAsync(response.ToJsonString());
            return;
        }
        Assert.True(p.ContainsKey("query.term") || p.ContainsKey("query.cond") || p.ContainsKey("query.intr"), "a /studies listing without a query");
        IEnumerable<(string NctId, string LastUpdate)> hits = Trials;
        if (p.TryGetValue("filter.advanced", out var advanced))
        {
            var since = advanced["AREA[LastUpdatePostDate]RANGE[".Length..].Split(',')[0];
            hits = hits.Where(t => string.CompareOrdinal(t.LastUpdate, since) >= 0);
        }
        var all = hits.OrderBy(t => t.NctId, StringComparer.Ordinal).ToList();
        var offset = p.TryGetValue("pageToken", out var token) ? int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)), CultureInfo.InvariantCulture) : 0;
        var size = Math.Clamp(int.Parse(p.GetValueOrDefault("pageSize", "10"), CultureInfo.InvariantCulture), 1, 1000);
        var light = p.GetValueOrDefault("fields") == "NCTId,LastUpdatePostDate";
        var page = all.Skip(offset).Take(size).Select(t => (JsonNode)(light ? Light(t.NctId, t.LastUpdate) : Study(t.NctId, t.LastUpdate))).ToList();
        if (p.GetValueOrDefault("countTotal") == "true") response["totalCount"] = all.Count;
        response["studies"] = new JsonArray([.. page]);
        if (offset + size < all.Count) response["nextPageToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + size).ToString(CultureInfo.InvariantCulture)));
        await context.Response.WriteAsync(response.ToJsonString());
    }

    /// <summary>A recorded study under another NCT id (the template chosen by the id, so a study is always the same).</summary>
    public JsonObject Study(string nctId, string lastUpdate)
    {
        var study = JsonNode.Parse(_studyTemplates[int.Parse(nctId[3..], CultureInfo.InvariantCulture) % _studyTemplates.Count])!.AsObject();
        var protocol = study["protocolSection"]!.AsObject();
        protocol["identificationModule"]!["nctId"] = nctId;
        protocol["statusModule"]!["lastUpdatePostDateStruct"] = new JsonObject { ["date"] = lastUpdate, ["type"] = "ACTUAL" };
        return study;
    }

    private static JsonObject Light(string nctId, string lastUpdate) => new()
    {
        ["protocolSection"] = new JsonObject
        {
            ["identificationModule"] = new JsonObject { ["nctId"] = nctId },
            ["statusModule"] = new JsonObject { ["lastUpdatePostDateStruct"] = new JsonObject { ["date"] = lastUpdate, ["type"] = "ACTUAL" } },
        },
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class Fault(string path, int status, string? retryAfter)
    {
        public string Path { get; } = path;

        public int Status { get; } = status;

        public string? RetryAfter { get; } = retryAfter;

        public int Remaining { get; set; }

        public int Skip { get; set; }
    }
}

internal sealed record ReplayRequest(string Path, IReadOnlyDictionary<string, string> Parameters, int Status, TimeSpan At);
