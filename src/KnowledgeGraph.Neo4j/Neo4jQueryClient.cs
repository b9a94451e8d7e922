using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KnowledgeGraph.Core.Configuration;

namespace KnowledgeGraph.Neo4j;

/// <summary>One Cypher statement and its parameters (everything but allow-listed labels/types is a parameter).</summary>
public sealed record Neo4jStatement(string Name, string Text, IReadOnlyDictionary<string, object?> Parameters);

/// <summary>The <c>data</c> of a Query API answer: field names and one JSON array per row.</summary>
public sealed record Neo4jResult(IReadOnlyList<string> Fields, IReadOnlyList<JsonElement[]> Rows)
{
    public JsonElement Get(JsonElement[] row, string field)
    {
        for (var i = 0; i < Fields.Count; i++)
            if (Fields[i] == field) return row[i];
        throw new KeyNotFoundException($"The result has no field '{field}'.");
    }
}

/// <summary>
/// Sends statements to the Neo4j HTTP Query API (<c>POST {uri}/db/{database}/query/v2</c>), one statement per
/// request in the server's implicit transaction, and maps error bodies to <see cref="Neo4jQueryException"/>.
/// Retries live in the HttpClient pipeline (see <see cref="Neo4jServiceCollectionExtensions"/>).
/// </summary>
public sealed class Neo4jQueryClient(IHttpClientFactory httpClientFactory, Neo4jOptions options)
{
    public const string HttpClientName = "KnowledgeGraph.Neo4j";

    public Uri Endpoint { get; } = BuildEndpoint(options);

    public async Task<Neo4jResult> RunAsync(Neo4jStatement statement, bool read, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, object?>
        {
            ["statement"] = statement.Text,
            ["parameters"] = statement.Parameters,
        };
        // Routes reads to cluster readers; writes use the server default (Write). Value as documented in
        // https://neo4j.com/docs/query-api/current/routing/ ("accessMode": "Read").
        if (read) body["accessMode"] = "Read";

        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint)
        {
            Content = new StringContent(JsonSerializer.Serialize(body, Neo4jJson.Options), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (Authorization(options) is { } auth) request.Headers.Authorization = auth;

        var http = httpClientFactory.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or Polly.Timeout.TimeoutRejectedException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Retries are spent (or the server is unreachable): one exception type for callers, cause kept.
            throw new Neo4jQueryException($"Neo4j at {Endpoint} did not answer statement {statement.Name}: {e.Message}", e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return Parse(statement.Name, response.StatusCode, text);
        }
    }

    /// <summary>Parses a Query API body; throws on an <c>errors</c> list or a failed status without one.</summary>
    internal static Neo4jResult Parse(string statementName, HttpStatusCode status, string text)
    {
        JsonDocument? doc = null;
        try
        {
            doc = text.Length > 0 ? JsonDocument.Parse(text) : null;
        }
        catch (JsonException) when ((int)status >= 400)
        {
            // A proxy or gateway page: keep the status, the body is not Neo4j's.
        }
        using (doc)
        {
            if (FirstError(doc) is var (code, message))
                throw new Neo4jQueryException(code, $"{message} (statement {statementName})", status);
            if ((int)status >= 400 || doc is null)
                throw new Neo4jQueryException(Neo4jQueryException.HttpErrorCode,
                    $"HTTP {(int)status} from Neo4j for statement {statementName}: {Truncate(text)}", status);
            if (!doc.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
                return new Neo4jResult([], []);
            var fields = data.TryGetProperty("fields", out var f)
                ? f.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : [];
            var rows = data.TryGetProperty("values", out var v)
                ? v.EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.Clone()).ToArray()).ToList() : [];
            return new Neo4jResult(fields, rows);
        }
    }

    /// <summary>The first entry of an error body <c>{"errors":[{"code","message"}]}</c>, if any.</summary>
    internal static (string Code, string Message)? FirstError(JsonDocument? doc)
    {
        if (doc is null || doc.RootElement.ValueKind != JsonValueKind.Object
            || !doc.RootElement.TryGetProperty("errors", out var errors)
            || errors.ValueKind != JsonValueKind.Array || errors.GetArrayLength() == 0)
            return null;
        var first = errors[0];
        var code = first.TryGetProperty("code", out var c) ? c.GetString() ?? "" : "";
        var message = first.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
        return (code.Length > 0 ? code : Neo4jQueryException.HttpErrorCode, message);
    }

    internal static AuthenticationHeaderValue? Authorization(Neo4jOptions options)
    {
        // The Query API documents bearer tokens as base64(token):
        // https://neo4j.com/docs/query-api/current/authentication-authorization/
        if (!string.IsNullOrEmpty(options.Token))
            return new AuthenticationHeaderValue("Bearer", Convert.ToBase64String(Encoding.UTF8.GetBytes(options.Token)));
        if (!string.IsNullOrEmpty(options.User))
            return new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.User}:{options.Password}")));
        // user:password written into the URI: used for basic auth, never sent in (or logged with) the address.
        if (options.Uri is { UserInfo: { Length: > 0 } userInfo })
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(userInfo))));
        return null;
    }

    internal static Uri BuildEndpoint(Neo4jOptions options)
    {
        var baseUri = options.Uri ?? throw new InvalidOperationException("KG:Neo4j:Uri is required for the Neo4j store.");
        if (baseUri.Scheme is not ("http" or "https"))
            throw new InvalidOperationException($"KG:Neo4j:Uri must be an http(s) address of the Query API, not '{baseUri.Scheme}'.");
        // Without any user:password of the URI: the endpoint is what HttpClient logs and what errors quote.
        var address = baseUri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        var root = new Uri(address.EndsWith('/') ? address : address + "/");
        return new Uri(root, $"db/{Uri.EscapeDataString(options.Database)}/query/v2");
    }

    private static string Truncate(string s) => s.Length <= 300 ? s : s[..300] + "...";
}
