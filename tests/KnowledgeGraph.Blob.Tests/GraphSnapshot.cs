using System.Text.Json;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Blob.Tests;

/// <summary>
/// A whole-graph export in a comparable form: every node (id, label, name, properties) and relationship (key, counts,
/// properties) as one JSON line each, sorted. The <c>source</c> property is left out: it names the first input that
/// wrote a paper, and when the same paper arrives under two names in parallel either may be first.
/// </summary>
public static class GraphSnapshot
{
    public static async Task<IReadOnlyList<string>> TakeAsync(IGraphStore store)
    {
        var graph = await store.ExportAsync();
        var lines = graph.Nodes.Select(n => JsonSerializer.Serialize(new
        {
            n.Id,
            n.Label,
            n.Name,
            Properties = n.Properties.Where(p => p.Key != "source").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={JsonSerializer.Serialize(p.Value)}"),
        }))
            .Concat(graph.Relationships.Select(r => JsonSerializer.Serialize(new
            {
                r.From,
                r.Type,
                r.To,
                r.AgentType,
                r.EvidenceCount,
                r.PaperCount,
                Publications = r.Publications.Order(StringComparer.Ordinal),
                PrimarySources = r.PrimarySources.Order(StringComparer.Ordinal),
                Properties = r.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={JsonSerializer.Serialize(p.Value)}"),
            })))
            .Order(StringComparer.Ordinal)
            .ToList();
        return lines;
    }

    /// <summary>Ids of nodes and keys of relationships that occur more than once (must be none).</summary>
    public static async Task<IReadOnlyList<string>> DuplicatesAsync(IGraphStore store)
    {
        var graph = await store.ExportAsync();
        return [.. graph.Nodes.GroupBy(n => n.Id).Where(g => g.Count() > 1).Select(g => g.Key)
            .Concat(graph.Relationships.GroupBy(r => (r.From, r.Type, r.To)).Where(g => g.Count() > 1).Select(g => g.Key.ToString()))];
    }
}
