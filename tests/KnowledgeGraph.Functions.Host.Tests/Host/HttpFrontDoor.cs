using System.Text;
using KnowledgeGraph.Functions.Host.Tests.Rpc;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace KnowledgeGraph.Functions.Host.Tests.Host;

/// <summary>
/// An HTTP-triggered invocation the way the host runs it for a worker with the ASP.NET Core integration (the
/// worker reported an <c>HttpUri</c>): the InvocationRequest goes over gRPC with an empty RpcHttp as the trigger
/// input and the route values (plus Query and Headers) as trigger metadata, while the request itself is forwarded
/// to the worker's HTTP endpoint with header <c>x-ms-invocation-id</c>, which the worker uses to pair the two. The
/// worker's HTTP response becomes the client's once the invocation has succeeded; a failed invocation is a 500.
/// </summary>
internal sealed class HttpFrontDoor(WorkerConnection connection, HttpClient forwarder, Uri workerHttpUri, TimeSpan timeout, Action<string> recordFailure)
{
    public const string InvocationIdHeader = "x-ms-invocation-id";

    // Hop-by-hop and per-connection headers: never forwarded in either direction (RFC 9110 section 7.6.1).
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    // Set by each server for its own response; copying the worker's would duplicate them.
    private static readonly HashSet<string> ServerOwned = new(StringComparer.OrdinalIgnoreCase) { "Server", "Date", "Content-Length" };

    public async Task InvokeAsync(HttpContext context, LoadedFunction function)
    {
        var invocationId = Guid.NewGuid().ToString();
        var request = new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = function.FunctionId,
            TraceContext = BindingData.NewTraceContext(),
        };
        request.InputData.Add(new ParameterBinding { Name = function.Trigger.Name, Data = new TypedData { Http = new RpcHttp() } });
        foreach (var (key, value) in context.Request.RouteValues)
        {
            // A missing optional value (explorer/{*asset} without an asset) is not sent: the parameter binds null.
            if (value is not null) request.TriggerMetadata[key] = BindingData.String(FunctionsHost.Invariant(value));
        }
        request.TriggerMetadata["Query"] = BindingData.Json(context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()));
        request.TriggerMetadata["Headers"] = BindingData.Json(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString()));

        var invocation = connection.RequestAsync(new StreamingMessage { InvocationRequest = request }, timeout, context.RequestAborted);
        HttpResponseMessage? response = null;
        byte[] body = [];
        string? forwardError = null;
        try
        {
            using var forwarded = Forwarded(context, invocationId);
            response = await forwarder.SendAsync(forwarded, HttpCompletionOption.ResponseContentRead, context.RequestAborted);
            body = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
        }
        catch (HttpRequestException ex)
        {
            forwardError = ex.Message;
        }

        using (response)
        {
            var answer = (await invocation).InvocationResponse;
            if (answer is null || answer.Result.Status != StatusResult.Types.Status.Success || forwardError is not null || response is null)
            {
                var reason = $"{function.Name} {invocationId}: {answer?.Result.Exception?.Message ?? forwardError ?? "no invocation response"}";
                recordFailure(reason);
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await context.Response.WriteAsync(reason, Encoding.UTF8, context.RequestAborted);
                return;
            }

            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!HopByHop.Contains(name) && !ServerOwned.Contains(name)) context.Response.Headers[name] = values.ToArray();
            }
            if (body.Length > 0) await context.Response.Body.WriteAsync(body, context.RequestAborted);
        }
    }

    /// <summary>The client's request as the host forwards it: same method, raw target, headers and body.</summary>
    private HttpRequestMessage Forwarded(HttpContext context, string invocationId)
    {
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var message = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(workerHttpUri, target));
        var hasBody = context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0;
        if (hasBody) message.Content = new StreamContent(context.Request.Body);
        foreach (var (name, values) in context.Request.Headers)
        {
            // A client's own x-ms-invocation-id is dropped: only the host pairs requests with invocations.
            if (HopByHop.Contains(name) || name.Equals(InvocationIdHeader, StringComparison.OrdinalIgnoreCase)) continue;
            if (!message.Headers.TryAddWithoutValidation(name, values.ToArray()) && message.Content is not null)
                message.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
        }
        message.Headers.TryAddWithoutValidation(InvocationIdHeader, invocationId);
        return message;
    }
}
