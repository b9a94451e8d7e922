using System.Text.Json;
using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Export;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;
using KnowledgeGraph.Core.Vocabulary;
using Microsoft.Extensions.Logging;

namespace KnowledgeGraph.Neo4j;

/// <summary>
/// <see cref="IGraphStore"/> over the Neo4j HTTP Query API. Writes send one request per
/// <see cref="Neo4jOptions.BatchSize"/> documents (one statement, one implicit transaction, so the group is atomic);
/// reads project plain maps and aggregate edge contributions with <see cref="RelationshipAggregator"/>, like the SQLite store.
/// </summary>
public sealed partial class Neo4jGraphStore(Neo4jQueryClient client, Neo4jOptions options, ILogger<Neo4jGraphStore> logger) : IGraphStore, IStoreFailureClassifier
{
    private readonly ConceptVocabulary _vocabulary = ConceptVocabulary.Default;

    private readonly InitializeOnce _initialization = new();

    public async Task InitializeAsync(CancellationToken cancellationToken = default) =>
        await _initialization.EnsureAsync(InitializeCoreAsync, cancellationToken).ConfigureAwait(false);

    /// <summary>Schema statements, then the vocabulary; sent straight to the client (every other request first waits for this).</summary>
    private async Task InitializeCoreAsync(CancellationToken cancellationToken)
    {
        var statements = SchemaScript.Statements;
        for (var i = 0; i < statements.Count; i++)
            await client.RunAsync(new Neo4jStatement($"schema[{i}]", statements[i], Empty), read: false, cancellationToken).ConfigureAwait(false);
        var results = await UpsertChunksAsync([VocabularyGraph.Build(_vocabulary)], cancellationToken).ConfigureAwait(false);
        if (logger.IsEnabled(LogLevel.Information))
            logger.LogInformation("Neo4j schema applied ({Count} statements); vocabulary {Outcome}.", statements.Count, results[0].Outcome);
    }

    public async Task<IReadOnlyList<UpsertResult>> UpsertAsync(IReadOnlyList<GraphBatch> batches, CancellationToken cancellationToken = default)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        return await UpsertChunksAsync(batches, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<UpsertResult>> UpsertChunksAsync(IReadOnlyList<GraphBatch> batches, CancellationToken cancellationToken)
    {
        var results = new List<UpsertResult>(batches.Count);
        foreach (var chunk in Chunk(batches, Math.Max(1, options.BatchSize)))
        {
            var docs = chunk.Select(Neo4jDocumentParameters.ToParameter).ToList();
            var result = await client.RunAsync(
                new Neo4jStatement(nameof(Neo4jStatements.UpsertDocuments), Neo4jStatements.UpsertDocuments,
                    new Dictionary<string, object?> { ["docs"] = docs }),
                read: false, cancellationToken).ConfigureAwait(false);
            var byId = result.Rows.ToDictionary(r => result.Get(r, "id").GetString()!, StringComparer.Ordinal);
            foreach (var batch in chunk)
            {
                if (!byId.TryGetValue(batch.DocumentId, out var row))
                    throw new Neo4jQueryException(Neo4jQueryException.HttpErrorCode,
                        $"Neo4j returned no result row for document '{batch.DocumentId}'.", System.Net.HttpStatusCode.OK);
                results.Add(new UpsertResult(
                    batch.DocumentId,
                    Enum.Parse<UpsertOutcome>(result.Get(row, "outcome").GetString()!),
                    result.Get(row, "nodesCreated").GetInt32(),
                    result.Get(row, "relationshipsCreated").GetInt32(),
                    result.Get(row, "evidenceAdded").GetInt32()));
            }
        }
        return results;
    }

    public async Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        // The vocabulary is part of the schema: InitializeAsync writes it, nothing removes it.
        if (documentId == EdgeContribution.VocabularyDocumentId) return false;
        var result = await WriteAsync(nameof(Neo4jStatements.DeleteDocument), Neo4jStatements.DeleteDocument,
            new() { ["id"] = documentId }, cancellationToken).ConfigureAwait(false);
        return result.Rows.Count > 0;
    }

    public async Task<string?> GetDocumentHashAsync(string documentId, CancellationToken cancellationToken = default)
    {
        var result = await ReadAsync(nameof(Neo4jStatements.GetDocumentHash), Neo4jStatements.GetDocumentHash,
            new() { ["id"] = documentId }, cancellationToken).ConfigureAwait(false);
        return result.Rows.Count > 0 ? Neo4jRows.OptionalString(result.Rows[0][0]) : null;
    }

    public async Task<IReadOnlyList<CellTypeSummary>> GetCellTypesAsync(string? mechanism, CancellationToken cancellationToken = default)
    {
        var result = await ReadAsync(nameof(Neo4jStatements.CellTypes), Neo4jStatements.CellTypes,
            new() { ["mechanism"] = mechanism, ["maxTrials"] = CellTypeSummary.MaxListedTrials }, cancellationToken).ConfigureAwait(false);
        return [.. result.Rows.Select(row => ToCellType(result, row))];
    }

    public async Task<CellTypeSummary?> GetCellTypeAsync(string id, CancellationToken cancellationToken = default)
    {
        var result = await ReadAsync(nameof(Neo4jStatements.CellType), Neo4jStatements.CellType,
            new() { ["id"] = id, ["maxTrials"] = CellTypeSummary.MaxListedTrials }, cancellationToken).ConfigureAwait(false);
        return result.Rows.Count == 0 ? null : ToCellType(result, result.Rows[0]);
    }

    private static CellTypeSummary ToCellType(Neo4jResult result, JsonElement[] row)
    {
        return new CellTypeSummary(
            result.Get(row, "id").GetString()!,
            Neo4jRows.OptionalString(result.Get(row, "name")) ?? "",
            Neo4jRows.Strings(result.Get(row, "mechanisms")),
            result.Get(row, "trialCount").GetInt32(),
            Neo4jRows.Strings(result.Get(row, "trials")),
            [.. result.Get(row, "outcomes").EnumerateArray().Select(Neo4jRows.ToOutcome)]);
    }

    public async Task<TrialStats> GetMechanismTrialStatsAsync(string mechanism, CancellationToken cancellationToken = default)
    {
        var phases = await ReadAsync(nameof(Neo4jStatements.MechanismTrialPhases), Neo4jStatements.MechanismTrialPhases,
            new() { ["mechanism"] = mechanism }, cancellationToken).ConfigureAwait(false);
        var byPhase = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in phases.Rows)
            byPhase[phases.Get(row, "phase").GetString()!] = phases.Get(row, "trials").GetInt32();
        // One row per outcome edge, summed here: the same counts the trial listing reads per edge.
        var edges = await ReadAsync(nameof(Neo4jStatements.MechanismTrialOutcomes), Neo4jStatements.MechanismTrialOutcomes,
            new() { ["mechanism"] = mechanism }, cancellationToken).ConfigureAwait(false);
        var outcomes = edges.Rows.Select(row => Neo4jRows.ToOutcome(edges.Get(row, "x")))
            .GroupBy(o => o.OutcomeId, StringComparer.Ordinal)
            .Select(g => new OutcomeSummary(g.Key, g.First().Name, g.Sum(o => o.PositiveEvidence), g.Sum(o => o.NegativeEvidence), g.Sum(o => o.EvidenceCount)))
            .OrderByDescending(o => o.EvidenceCount).ThenBy(o => o.OutcomeId, StringComparer.Ordinal)
            .ToList();
        return new TrialStats(byPhase.Values.Sum(), byPhase, outcomes);
    }

    public async Task<Page<TrialSummary>> GetTrialsAsync(TrialFilter filter, int limit, string? cursor, CancellationToken cancellationToken = default)
    {
        limit = Math.Max(1, limit);
        var result = await ReadAsync(nameof(Neo4jStatements.Trials), Neo4jStatements.Trials, new()
        {
            ["after"] = PageCursor.DecodeKey(cursor),
            ["phase"] = filter.Phase,
            ["status"] = filter.Status,
            ["cellType"] = filter.CellType,
            ["mechanism"] = filter.Mechanism,
            ["limit"] = limit + 1,
        }, cancellationToken).ConfigureAwait(false);
        var items = result.Rows.Take(limit).Select(row => new TrialSummary(
            result.Get(row, "id").GetString()!,
            Neo4jRows.OptionalString(result.Get(row, "name")) ?? "",
            Neo4jRows.OptionalString(result.Get(row, "phase")),
            Neo4jRows.OptionalString(result.Get(row, "status")),
            Neo4jRows.Strings(result.Get(row, "cellTypes")),
            Neo4jRows.Strings(result.Get(row, "mechanisms")),
            [.. result.Get(row, "outcomes").EnumerateArray().Select(Neo4jRows.ToOutcome)])).ToList();
        return new Page<TrialSummary>(items, result.Rows.Count > limit ? PageCursor.EncodeKey(items[^1].Id) : null);
    }

    public async Task<EdgeEvidence?> GetEvidenceAsync(string fromId, string type, string toId, CancellationToken cancellationToken = default)
    {
        // Not a schema type: no such edge can exist, so there is nothing to ask the server.
        if (!GraphSchema.RelationshipTypes.Contains(type)) return null;
        var result = await ReadAsync(nameof(Neo4jStatements.Evidence), Neo4jStatements.Evidence,
            new() { ["from"] = fromId, ["type"] = type, ["to"] = toId }, cancellationToken).ConfigureAwait(false);
        if (result.Rows.Count == 0) return null;
        var rel = result.Rows[0][0];
        return new EdgeEvidence(Neo4jRows.ToRelationship(rel), Neo4jRows.Evidence(rel));
    }

    /// <remarks>The contributions live as lists on the relationship, which one read returns whole, so the page is cut
    /// here with the same cursors as the embedded store (the server sends the edge's evidence either way).</remarks>
    public async Task<EdgeEvidencePage?> GetEvidencePageAsync(string fromId, string type, string toId, int limit, string? cursor, CancellationToken cancellationToken = default)
    {
        _ = EvidencePaging.Decode(cursor); // a foreign cursor fails before the server is asked
        if (!GraphSchema.RelationshipTypes.Contains(type)) return null;
        var result = await ReadAsync(nameof(Neo4jStatements.Evidence), Neo4jStatements.Evidence,
            new() { ["from"] = fromId, ["type"] = type, ["to"] = toId }, cancellationToken).ConfigureAwait(false);
        if (result.Rows.Count == 0) return null;
        var rel = result.Rows[0][0];
        return await EvidencePaging.PageAsync(Neo4jRows.ToRelationship(rel), Neo4jRows.Contributions(rel), limit, cursor, cancellationToken).ConfigureAwait(false);
    }

    public async Task<GraphCounts> GetCountsAsync(CancellationToken cancellationToken = default)
    {
        var result = await ReadAsync(nameof(Neo4jStatements.Counts), Neo4jStatements.Counts, [], cancellationToken).ConfigureAwait(false);
        var row = result.Rows[0];
        static Dictionary<string, long> Read(JsonElement map, IEnumerable<string> keys) =>
            keys.ToDictionary(k => k, k => map.TryGetProperty(k, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0L, StringComparer.Ordinal);
        return new GraphCounts(
            Read(result.Get(row, "nodes"), GraphSchema.NodeLabels),
            Read(result.Get(row, "relationships"), GraphSchema.RelationshipTypes));
    }

    /// <summary>
    /// The server unreachable or overloaded after the client's retries, timeouts, refused credentials, an unavailable
    /// database: the store is unavailable (503), not broken. Query errors stay what they are.
    /// </summary>
    public StoreUnavailableException? Classify(Exception exception) => exception switch
    {
        HttpRequestException or Polly.Timeout.TimeoutRejectedException or TimeoutException or TaskCanceledException { InnerException: TimeoutException }
            => new StoreUnavailableException($"Neo4j at {options.Display} is not reachable: {exception.Message}", corrupt: false, exception),
        Neo4jQueryException q when q.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden
            || q.Code.StartsWith("Neo.ClientError.Security.", StringComparison.Ordinal)
            => new StoreUnavailableException($"Neo4j at {options.Display} refused the credentials: {q.Code}", corrupt: false, exception),
        Neo4jQueryException q when q.Code.StartsWith("Neo.TransientError.", StringComparison.Ordinal)
            || q.Code.StartsWith("Neo.ClientError.Database.DatabaseNotFound", StringComparison.Ordinal)
            || (int)q.StatusCode >= 500
            => new StoreUnavailableException($"Neo4j at {options.Display} is unavailable: {q.Code}", corrupt: false, exception),
        _ => null,
    };

    public ValueTask DisposeAsync()
    {
        _initialization.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Groups batches into requests of at most <paramref name="size"/>; a document repeated in one call starts a new request
    /// so the later batch sees the earlier one's write, as it would when sent alone.</summary>
    internal static IEnumerable<List<GraphBatch>> Chunk(IReadOnlyList<GraphBatch> batches, int size)
    {
        var chunk = new List<GraphBatch>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var batch in batches)
        {
            if (chunk.Count == size || !ids.Add(batch.DocumentId))
            {
                if (chunk.Count > 0) yield return chunk;
                chunk = [];
                ids.Clear();
                ids.Add(batch.DocumentId);
            }
            chunk.Add(batch);
        }
        if (chunk.Count > 0) yield return chunk;
    }

    private static readonly Dictionary<string, object?> Empty = [];

    private Task<Neo4jResult> ReadAsync(string name, string text, Dictionary<string, object?> parameters, CancellationToken ct) =>
        ReadOrWriteAsync(new Neo4jStatement(name, text, parameters), read: true, ct);

    private Task<Neo4jResult> WriteAsync(string name, string text, Dictionary<string, object?> parameters, CancellationToken ct) =>
        ReadOrWriteAsync(new Neo4jStatement(name, text, parameters), read: false, ct);

    private async Task<Neo4jResult> ReadOrWriteAsync(Neo4jStatement statement, bool read, CancellationToken ct)
    {
        await InitializeAsync(ct).ConfigureAwait(false);
        return await client.RunAsync(statement, read, ct).ConfigureAwait(false);
    }
}
