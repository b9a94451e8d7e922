using System.Text.RegularExpressions;

namespace KnowledgeGraph.Functions.Host.Tests.Host;

/// <summary>
/// The app settings as the host's configuration sees them: environment variables, where <c>__</c> has become
/// <c>:</c>. Binding expressions <c>%name%</c> resolve through that view, so <c>%KG:Ingestion:Container%</c> finds
/// the app setting <c>KG__Ingestion__Container</c> and <c>%KG__Ingestion__Container%</c> finds nothing, as in Azure.
/// </summary>
public sealed partial class AppSettings(IReadOnlyDictionary<string, string> values)
{
    public IReadOnlyDictionary<string, string> Values { get; } = values;

    public string? this[string configurationKey] =>
        Values.FirstOrDefault(kv => string.Equals(kv.Key.Replace("__", ":", StringComparison.Ordinal), configurationKey, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Replaces every <c>%name%</c>; an unresolved one is an indexing error in the real host too.</summary>
    public string Resolve(string expression) => Percent().Replace(expression, m =>
        this[m.Groups[1].Value] ?? throw new InvalidOperationException($"'%{m.Groups[1].Value}%' in '{expression}' does not resolve to an app setting."));

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex Percent();
}
