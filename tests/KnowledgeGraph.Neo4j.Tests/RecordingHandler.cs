using System.Net;
using System.Text;
using System.Text.Json;

namespace KnowledgeGraph.Neo4j.Tests;

/// <summary>
/// The HTTP server side of the request-shape tests: records every request (with its body) and answers from a
/// queue of canned responses, falling back to a responder function. Bodies are copied from Neo4j's Query API
/// documentation where the shape matters (see <see cref="QueryApiBodies"/>).
/// </summary>
internal sealed class RecordingHandler : HttpMessageHandler
{
    private readonly Queue<(HttpStatusCode Status, string Body)> _queued = new();
    private readonly Func<JsonDocument, (HttpStatusCode, string)> _responder;

    public RecordingHandler(Func<JsonDocument, (HttpStatusCode, string)>? responder = null) =>
        _responder = responder ?? (_ => (HttpStatusCode.Accepted, QueryApiBodies.Empty));

    public List<RecordedRequest> Requests { get; } = [];

    public void Enqueue(HttpStatusCode status, string body) => _queued.Enqueue((status, body));

    private volatile bool _unrecorded;

    /// <summary>Runs <paramref name="action"/> (the store's first-use initialisation) answered as the server would,
    /// without recording its requests or taking queued responses.</summary>
    public void Unrecorded(Action action)
    {
        _unrecorded = true;
        try
        {
            action();
        }
        finally
        {
            _unrecorded = false;
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        if (_unrecorded)
        {
            var (initStatus, initText) = UpsertResponder.Answer(JsonDocument.Parse(body));
            return new HttpResponseMessage(initStatus) { Content = new StringContent(initText, Encoding.UTF8, "application/json") };
        }
        var recorded = new RecordedRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(),
            string.Join(",", request.Headers.Accept.Select(a => a.MediaType)), request.Content?.Headers.ContentType?.MediaType, body);
        lock (Requests) Requests.Add(recorded);
        var (status, text) = _queued.Count > 0 ? _queued.Dequeue() : _responder(JsonDocument.Parse(body));
        return new HttpResponseMessage(status) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
    }
}

internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string Accept, string? ContentType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Statement => Json.GetProperty("statement").GetString()!;

    public JsonElement Parameters => Json.GetProperty("parameters");

    public string? AccessMode => Json.TryGetProperty("accessMode", out var a) ? a.GetString() : null;
}

/// <summary>Response bodies as documented for the Query API.</summary>
internal static class QueryApiBodies
{
    /// <summary>From https://neo4j.com/docs/query-api/current/query/ (example response, 202 Accepted).</summary>
    public const string DocumentedNodeResult = """
        {
          "data": {
            "fields": ["alice"],
            "values": [[{"elementId": "4:ff04df25-ff2b-4b55-98f8-6888297b025e:0", "labels": ["Person"], "properties": {"name": "Alice", "age": 42}}]]
          },
          "bookmarks": ["FB:kcwQ/wTfJf8rS1WY+GiIKXsCXgmQ"]
        }
        """;

    /// <summary>Error body shape from https://neo4j.com/docs/query-api/current/authentication-authorization/ (401).</summary>
    public const string Unauthorized = """
        {"errors": [{"code": "Neo.ClientError.Security.Unauthorized", "message": "Invalid username or password."}]}
        """;

    /// <summary>Syntax error body: code and message as in https://neo4j.com/docs/http-api/current/error-handling/,
    /// in the Query API's <c>errors</c> envelope.</summary>
    public const string SyntaxError = """
        {"errors": [{"code": "Neo.ClientError.Statement.SyntaxError", "message": "Invalid input 'T': expected <init> (line 1, column 1 (offset: 0))"}]}
        """;

    /// <summary>A transient error (status code list: https://neo4j.com/docs/status-codes/current/errors/all-errors/).</summary>
    public const string DeadlockDetected = """
        {"errors": [{"code": "Neo.TransientError.Transaction.DeadlockDetected", "message": "ForsetiClient[transactionId=42] can't acquire ExclusiveLock"}]}
        """;

    public const string Empty = """{"data": {"fields": [], "values": []}, "bookmarks": []}""";

    public static string Rows(string[] fields, params object?[][] rows) =>
        JsonSerializer.Serialize(new { data = new { fields, values = rows }, bookmarks = Array.Empty<string>() });
}
