using System.Security.Cryptography;
using System.Text;
using KnowledgeGraph.Api.Http;
using KnowledgeGraph.Core.Configuration;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Api.Hosting;

/// <summary>
/// What stands in for function keys in front of <c>kg serve</c>'s writes (POST, PUT, PATCH, DELETE), before any
/// handler runs: a request whose Host is not one this server answers to (DNS rebinding: a page on
/// attacker.example resolving to 127.0.0.1) or whose Origin is another site (a cross-site form or fetch) is refused
/// with 403, and when <see cref="ApiOptions.WriteKey"/> is set a write without that key (header
/// <c>x-functions-key</c>, as Functions clients send it) is refused with 401. Reads are untouched. The Functions app
/// does not need this: its writes require function keys.
/// </summary>
public sealed class WriteGuard(RequestDelegate next, IOptions<KnowledgeGraphOptions> options, ILogger<WriteGuard> logger)
{
    public const string KeyHeader = "x-functions-key";

    public async Task InvokeAsync(HttpContext context)
    {
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method))
        {
            await next(context);
            return;
        }
        var api = options.Value.Api;
        var refusal = Refuse(context.Request, api);
        if (refusal is null)
        {
            await next(context);
            return;
        }
        HttpLog.WriteRefused(logger, refusal.Value.Reason);
        await ApiResults.Problem(refusal.Value.Status, refusal.Value.Reason).ExecuteAsync(context);
    }

    internal static (int Status, string Reason)? Refuse(HttpRequest request, ApiOptions api)
    {
        var host = request.Host.Host;
        if (!HostAllowed(host, api.AllowedHosts))
            return (StatusCodes.Status403Forbidden, "Writes are accepted only for this server's own host names (KG:Api:AllowedHosts).");
        if (request.Headers.Origin.ToString() is { Length: > 0 } origin && !OriginAllowed(origin, request, api.AllowedOrigins))
            return (StatusCodes.Status403Forbidden, "Writes from another site's pages are refused (Origin is not this server or one of KG:Api:AllowedOrigins).");
        if (api.WriteKey is { Length: > 0 } key && !KeyMatches(request, key))
            return (StatusCodes.Status401Unauthorized, $"Writes need the key (KG:Api:WriteKey) in the {KeyHeader} header.");
        return null;
    }

    private static bool HostAllowed(string host, string allowed)
    {
        foreach (var entry in Split(allowed))
        {
            if (entry == "*" || string.Equals(entry.Trim('[', ']'), host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    private static bool OriginAllowed(string origin, HttpRequest request, string allowed)
    {
        // "null" is what sandboxed frames and file: pages send: never this server.
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)) return false;
        var self = $"{request.Scheme}://{request.Host.Value}";
        if (string.Equals(origin.TrimEnd('/'), self, StringComparison.OrdinalIgnoreCase)) return true;
        return Split(allowed).Any(a => string.Equals(a.TrimEnd('/'), uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase));
    }

    private static bool KeyMatches(HttpRequest request, string key)
    {
        var given = request.Headers[KeyHeader].ToString();
        return given.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(key));
    }

    private static IEnumerable<string> Split(string list) =>
        list.Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
