using System.Net;
using System.Text.Json;
using Polly;
using Polly.Timeout;

namespace KnowledgeGraph.Neo4j;

/// <summary>
/// Which Query API outcomes are worth retrying. A Neo4j error code in the body decides first
/// (<c>Neo.TransientError.*</c> yes, <c>Neo.ClientError.*</c> / <c>Neo.DatabaseError.*</c> no); without one,
/// 408/429/502/503/504, connection failures and attempt timeouts are retried. 400/401/403 never are.
/// </summary>
internal static class Neo4jTransience
{
    public static async ValueTask<bool> ShouldRetryAsync(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is not null)
            return outcome.Exception is HttpRequestException or TimeoutRejectedException
                || (outcome.Exception is TaskCanceledException && outcome.Exception.InnerException is TimeoutException);
        if (outcome.Result is not { } response) return false;

        if (await ErrorCodeAsync(response).ConfigureAwait(false) is { } code)
            return code.StartsWith("Neo.TransientError.", StringComparison.Ordinal);

        return response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
    }

    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response)
    {
        // Buffer first so the client can still read the body when this outcome is final.
        await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (text.Length == 0 || text[0] != '{') return null;
        try
        {
            using var doc = JsonDocument.Parse(text);
            return Neo4jQueryClient.FirstError(doc)?.Code;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
