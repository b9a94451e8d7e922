using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using KnowledgeGraph.Functions.Host.Tests.Rpc;

namespace KnowledgeGraph.Functions.Host.Tests.Host;

/// <summary>Non-HTTP invocations: a blob delivered to the blob trigger, a timer fired once.</summary>
internal sealed partial class FunctionsHost
{
    /// <summary>
    /// Delivers a blob to a blob-triggered function as the host does once the blobs extension has the blob (from
    /// an Event Grid event or a scan): the trigger as model binding data, binding data from the path pattern.
    /// </summary>
    public Task<InvocationResponse> DeliverBlobAsync(string functionName, string blobName, CancellationToken ct = default)
    {
        var function = Functions[functionName];
        var trigger = function.Trigger;
        if (!trigger.Type.Equals("blobTrigger", StringComparison.OrdinalIgnoreCase)) throw new ArgumentException($"{functionName} is not blob-triggered.", nameof(functionName));
        var path = Settings.Resolve(trigger.Get("path")!);
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var container = slash < 0 ? path : path[..slash];
        var pattern = slash < 0 ? "{name}" : path[(slash + 1)..];
        var values = MatchBlobPattern(pattern, blobName) ?? throw new ArgumentException($"'{blobName}' does not match the trigger path '{path}'.", nameof(blobName));
        var connection = trigger.Get("connection") ?? "AzureWebJobsStorage";
        if (!trigger.SupportsDeferredBinding) throw new NotSupportedException("This test host sends blob triggers as model binding data (SDK types) only.");

        var request = NewInvocation(function);
        request.InputData.Add(new ParameterBinding { Name = trigger.Name, Data = BindingData.Blob(connection, container, blobName) });
        request.TriggerMetadata["BlobTrigger"] = BindingData.String($"{container}/{blobName}");
        if (Settings[connection] is { } connectionString && connectionString.Contains('=', StringComparison.Ordinal))
            request.TriggerMetadata["Uri"] = BindingData.String(new BlobContainerClient(connectionString, container).GetBlobClient(blobName).Uri.AbsoluteUri);
        foreach (var (key, value) in values) request.TriggerMetadata[key] = BindingData.String(value);
        AddBlobInputs(function, request, values);
        return InvokeAsync(request, ct);
    }

    /// <summary>Fires a timer-triggered function once (not on its schedule), with its other inputs bound.</summary>
    public Task<InvocationResponse> FireTimerAsync(string functionName, CancellationToken ct = default)
    {
        var function = Functions[functionName];
        if (!function.Trigger.Type.Equals("timerTrigger", StringComparison.OrdinalIgnoreCase)) throw new ArgumentException($"{functionName} is not timer-triggered.", nameof(functionName));
        var request = NewInvocation(function);
        request.InputData.Add(new ParameterBinding { Name = function.Trigger.Name, Data = BindingData.Timer(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)) });
        AddBlobInputs(function, request, new Dictionary<string, string>());
        return InvokeAsync(request, ct);
    }

    private static InvocationRequest NewInvocation(LoadedFunction function) => new()
    {
        InvocationId = Guid.NewGuid().ToString(),
        FunctionId = function.FunctionId,
        TraceContext = BindingData.NewTraceContext(),
    };

    /// <summary>Blob input bindings (SDK types): container and blob from the resolved path, with {name} values.</summary>
    private void AddBlobInputs(LoadedFunction function, InvocationRequest request, IReadOnlyDictionary<string, string> values)
    {
        foreach (var binding in function.Bindings.Where(b => b.IsInput && !b.IsTrigger))
        {
            if (!binding.Type.Equals("blob", StringComparison.OrdinalIgnoreCase) || !binding.SupportsDeferredBinding)
                throw new NotSupportedException($"This test host binds only SDK-type blob inputs, not '{binding.Type}' ({binding.Name}).");
            var path = Settings.Resolve(binding.Get("blobPath")!);
            foreach (var (key, value) in values) path = path.Replace("{" + key + "}", value, StringComparison.Ordinal);
            var slash = path.IndexOf('/', StringComparison.Ordinal);
            var container = slash < 0 ? path : path[..slash];
            var blob = slash < 0 ? "" : path[(slash + 1)..];
            request.InputData.Add(new ParameterBinding { Name = binding.Name, Data = BindingData.Blob(binding.Get("connection") ?? "AzureWebJobsStorage", container, blob) });
        }
    }

    /// <summary>{name}-style blob path patterns: each {x} takes a non-empty part of the name.</summary>
    private static Dictionary<string, string>? MatchBlobPattern(string pattern, string blobName)
    {
        var names = new List<string>();
        var regex = "^" + Regex.Replace(Regex.Escape(pattern).Replace(@"\{", "{", StringComparison.Ordinal), @"\{(\w+)}", m =>
        {
            names.Add(m.Groups[1].Value);
            return $"(?<{m.Groups[1].Value}>.+)";
        }) + "$";
        var match = Regex.Match(blobName, regex, RegexOptions.None, TimeSpan.FromSeconds(1));
        return match.Success ? names.ToDictionary(n => n, n => match.Groups[n].Value) : null;
    }
}
