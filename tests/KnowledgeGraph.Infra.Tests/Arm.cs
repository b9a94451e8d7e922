using System.Text.Json;
using System.Text.RegularExpressions;

namespace KnowledgeGraph.Infra.Tests;

/// <summary>
/// One template of a compiled ARM deployment: the top level or a module's nested deployment, with the parameter
/// values its parent passes, so simple expressions (<c>[parameters('x')]</c>, <c>[variables('y')]</c>) resolve to
/// the literal they stand for.
/// </summary>
internal sealed partial class ArmScope
{
    private ArmScope(JsonElement template, ArmScope? parent, JsonElement? suppliedParameters, string name)
    {
        Template = template;
        Parent = parent;
        SuppliedParameters = suppliedParameters;
        Name = name;
    }

    public JsonElement Template { get; }

    public ArmScope? Parent { get; }

    public JsonElement? SuppliedParameters { get; }

    public string Name { get; }

    public static ArmScope Root(JsonElement template) => new(template, null, null, "main");

    /// <summary>Every resource of this template and of all nested deployments, each with the scope it is declared in.</summary>
    public IEnumerable<ArmResource> AllResources()
    {
        foreach (var resource in OwnResources())
        {
            yield return new ArmResource(resource, this);
            if (resource.Str("type") == "Microsoft.Resources/deployments"
                && resource.TryGetProperty("properties", out var props)
                && props.TryGetProperty("template", out var nested))
            {
                var supplied = props.TryGetProperty("parameters", out var p) ? p : (JsonElement?)null;
                var child = new ArmScope(nested, this, supplied, resource.Str("name") ?? "?");
                foreach (var r in child.AllResources())
                {
                    yield return r;
                }
            }
        }
    }

    /// <summary>This template and every nested one.</summary>
    public IEnumerable<ArmScope> AllScopes()
    {
        yield return this;
        foreach (var resource in OwnResources())
        {
            if (resource.Str("type") == "Microsoft.Resources/deployments"
                && resource.TryGetProperty("properties", out var props)
                && props.TryGetProperty("template", out var nested))
            {
                var supplied = props.TryGetProperty("parameters", out var p) ? p : (JsonElement?)null;
                foreach (var s in new ArmScope(nested, this, supplied, resource.Str("name") ?? "?").AllScopes())
                {
                    yield return s;
                }
            }
        }
    }

    /// <summary>Resources declared directly in this template (array form, or the symbolic-name object of languageVersion 2.0).</summary>
    public IEnumerable<JsonElement> OwnResources()
    {
        if (!Template.TryGetProperty("resources", out var resources))
        {
            return [];
        }

        return resources.ValueKind == JsonValueKind.Array
            ? resources.EnumerateArray().ToList()
            : resources.EnumerateObject().Select(p => p.Value).ToList();
    }

    /// <summary>Follows <c>[parameters('x')]</c> and <c>[variables('y')]</c> to the value they stand for; anything else is returned as is.</summary>
    public JsonElement Resolve(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return value;
        }

        var text = value.GetString()!;
        var parameter = ParameterReference().Match(text);
        if (parameter.Success)
        {
            var name = parameter.Groups[1].Value;
            if (SuppliedParameters is { } supplied && supplied.TryGetProperty(name, out var given) && given.TryGetProperty("value", out var givenValue))
            {
                return Parent!.Resolve(givenValue);
            }

            if (Template.TryGetProperty("parameters", out var declared)
                && declared.TryGetProperty(name, out var declaration)
                && declaration.TryGetProperty("defaultValue", out var defaultValue))
            {
                return Resolve(defaultValue);
            }

            return value;
        }

        var variable = VariableReference().Match(text);
        if (variable.Success && Template.TryGetProperty("variables", out var variables) && variables.TryGetProperty(variable.Groups[1].Value, out var variableValue))
        {
            return Resolve(variableValue);
        }

        return value;
    }

    public string? ResolveString(JsonElement value)
    {
        var resolved = Resolve(value);
        return resolved.ValueKind == JsonValueKind.String ? resolved.GetString() : resolved.GetRawText();
    }

    /// <summary>Resolves the parameter of this template named <paramref name="name"/>.</summary>
    public string? Parameter(string name) => ResolveString(JsonDocument.Parse($"\"[parameters('{name}')]\"").RootElement);

    [GeneratedRegex(@"^\[parameters\('([^']+)'\)\]$")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"^\[variables\('([^']+)'\)\]$")]
    private static partial Regex VariableReference();
}

internal sealed record ArmResource(JsonElement Element, ArmScope Scope)
{
    public string? Type => Element.Str("type");

    public JsonElement Properties => Element.TryGetProperty("properties", out var p) ? p : default;

    public JsonElement? At(params string[] path) => Element.At(path);

    public string? Resolved(params string[] path) => At(path) is { } v ? Scope.ResolveString(v) : null;
}

internal static class JsonExtensions
{
    public static string? Str(this JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static JsonElement? At(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var step in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(step, out current))
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>Every object property in the tree, without descending into nested deployment templates.</summary>
    public static IEnumerable<JsonProperty> PropertiesOutsideNestedTemplates(this JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var isDeployment = element.Str("type") == "Microsoft.Resources/deployments";
                foreach (var property in element.EnumerateObject())
                {
                    yield return property;
                    if (isDeployment && property.Name == "properties" && property.Value.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var inner in property.Value.EnumerateObject().Where(p => p.Name != "template"))
                        {
                            yield return inner;
                            foreach (var deeper in inner.Value.PropertiesOutsideNestedTemplates())
                            {
                                yield return deeper;
                            }
                        }

                        continue;
                    }

                    foreach (var nested in property.Value.PropertiesOutsideNestedTemplates())
                    {
                        yield return nested;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var nested in item.PropertiesOutsideNestedTemplates())
                    {
                        yield return nested;
                    }
                }

                break;
        }
    }
}
