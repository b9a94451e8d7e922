using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Neo4j;

/// <summary>The ledger a group of inputs at a time: one UNWIND request to read the group's records, one to write them.</summary>
public sealed partial class Neo4jGraphStore
{
    public async Task<IReadOnlyList<IngestionRecord?>> GetIngestionsAsync(IReadOnlyList<string> names, CancellationToken cancellationToken = default)
    {
        if (names.Count == 0) return [];
        var result = await ReadAsync(nameof(Neo4jStatements.GetIngestions), Neo4jStatements.GetIngestions,
            new() { ["names"] = names.Distinct(StringComparer.Ordinal).ToArray() }, cancellationToken).ConfigureAwait(false);
        var byName = result.Rows.Select(row => ToIngestion(row[0])).ToDictionary(r => r.Name, StringComparer.Ordinal);
        return [.. names.Select(n => byName.GetValueOrDefault(n))];
    }

    public async Task UpsertIngestionsAsync(IReadOnlyList<IngestionRecord> records, CancellationToken cancellationToken = default)
    {
        if (records.Count == 0) return;
        // A name given twice keeps its last record, as one-at-a-time writes would.
        var last = records.GroupBy(r => r.Name, StringComparer.Ordinal).Select(g => g.Last());
        await WriteAsync(nameof(Neo4jStatements.UpsertIngestions), Neo4jStatements.UpsertIngestions,
            new() { ["records"] = last.Select(r => new Dictionary<string, object?> { ["name"] = r.Name, ["record"] = IngestionProperties(r) }).ToList() },
            cancellationToken).ConfigureAwait(false);
    }
}
