using System.Text.Json;
using KnowledgeGraph.Functions.Host.Tests.Rpc;

namespace KnowledgeGraph.Functions.Host.Tests.Host;

/// <summary>One binding of a function as the worker's metadata declares it (a raw_bindings entry).</summary>
public sealed record FunctionBinding(string Name, string Type, string Direction, JsonElement Json)
{
    public bool IsTrigger => Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase);

    public bool IsInput => Direction.Equals("In", StringComparison.OrdinalIgnoreCase);

    public string? Get(string property) =>
        Json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public IReadOnlyList<string> GetList(string property) =>
        Json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Select(v => v.GetString()!)] : [];

    /// <summary>SDK-type binding (BlobClient, BlobContainerClient): the host sends model binding data, not content.</summary>
    public bool SupportsDeferredBinding =>
        Json.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
        && properties.TryGetProperty("supportsDeferredBinding", out var deferred)
        && string.Equals(deferred.ToString(), "true", StringComparison.OrdinalIgnoreCase);

    internal static FunctionBinding Parse(string rawBinding)
    {
        using var doc = JsonDocument.Parse(rawBinding);
        var json = doc.RootElement.Clone();
        return new FunctionBinding(json.GetProperty("name").GetString()!, json.GetProperty("type").GetString()!, json.GetProperty("direction").GetString()!, json);
    }
}

/// <summary>A function the worker indexed and then loaded, with its bindings.</summary>
public sealed record LoadedFunction(string Name, string FunctionId, string EntryPoint, IReadOnlyList<FunctionBinding> Bindings)
{
    public FunctionBinding Trigger => Bindings.Single(b => b.IsTrigger && b.IsInput);

    internal static LoadedFunction From(RpcFunctionMetadata metadata) =>
        new(metadata.Name, metadata.FunctionId, metadata.EntryPoint, [.. metadata.RawBindings.Select(FunctionBinding.Parse)]);
}
