using KnowledgeGraph.Api.Http;
using KnowledgeGraph.Core.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Api.Hosting;

/// <summary>
/// <c>kg serve</c>'s own limits on the request line and headers, answered like every other refusal (problem+json 414 /
/// 431). Kestrel's limits are set a few times higher (<see cref="ConfigureKestrel"/>) so that it is this middleware,
/// not Kestrel's bare response, that a client over the documented limit meets; only requests that are not HTTP at all,
/// or beyond Kestrel's raised bounds, still get Kestrel's plain 400/414/431.
/// </summary>
public sealed class RequestLimits(RequestDelegate next, IOptions<KnowledgeGraphOptions> options)
{
    /// <summary>How much more Kestrel accepts than the documented limits, so the documented refusal is the one seen.</summary>
    public const int KestrelHeadroom = 4;

    public async Task InvokeAsync(HttpContext context)
    {
        var api = options.Value.Api;
        var request = context.Request;
        var line = request.Method.Length + request.PathBase.Value!.Length + request.Path.Value!.Length + request.QueryString.Value!.Length + 10;
        if (line > api.MaxRequestLineBytes)
        {
            await ApiResults.Problem(StatusCodes.Status414UriTooLong,
                $"The request line is over {api.MaxRequestLineBytes:N0} bytes (KG:Api:MaxRequestLineBytes).").ExecuteAsync(context);
            return;
        }
        long headers = 0;
        foreach (var (name, values) in request.Headers)
            foreach (var value in values)
                headers += name.Length + (value?.Length ?? 0) + 4;
        if (headers > api.MaxRequestHeaderBytes)
        {
            await ApiResults.Problem(StatusCodes.Status431RequestHeaderFieldsTooLarge,
                $"The request headers are over {api.MaxRequestHeaderBytes:N0} bytes (KG:Api:MaxRequestHeaderBytes).").ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    public static void ConfigureKestrel(KestrelServerOptions kestrel, ApiOptions api)
    {
        kestrel.Limits.MaxRequestLineSize = api.MaxRequestLineBytes * KestrelHeadroom;
        kestrel.Limits.MaxRequestHeadersTotalSize = api.MaxRequestHeaderBytes * KestrelHeadroom;
        kestrel.Limits.MaxRequestBufferSize = Math.Max(kestrel.Limits.MaxRequestBufferSize ?? 0, kestrel.Limits.MaxRequestHeadersTotalSize);
        kestrel.AddServerHeader = false;
    }
}
