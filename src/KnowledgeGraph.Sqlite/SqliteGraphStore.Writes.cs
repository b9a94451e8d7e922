using System.Globalization;
using KnowledgeGraph.Core.Benchmarks;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite;

public sealed partial class SqliteGraphStore
{
    public Task<IReadOnlyList<UpsertResult>> UpsertAsync(IReadOnlyList<GraphBatch> batches, CancellationToken cancellationToken = default) =>
        UpsertCoreAsync(batches, null, cancellationToken);

    public bool WritesIngestionsWithPapers => true;

    /// <summary>The papers and then their ledger records in one transaction: a group of inputs costs one commit and one turn
    /// of the write lock (it was three: Received records, papers, outcomes), and a kill leaves both or neither.</summary>
    public Task<IReadOnlyList<UpsertResult>> UpsertWithIngestionsAsync(IReadOnlyList<GraphBatch> batches,
        Func<IReadOnlyList<UpsertResult>, IReadOnlyList<IngestionRecord>> records, CancellationToken cancellationToken = default) =>
        UpsertCoreAsync(batches, records, cancellationToken);

    private async Task<IReadOnlyList<UpsertResult>> UpsertCoreAsync(IReadOnlyList<GraphBatch> batches,
        Func<IReadOnlyList<UpsertResult>, IReadOnlyList<IngestionRecord>>? records, CancellationToken cancellationToken)
    {
        foreach (var batch in batches) Validate(batch);
        await InitializeAsync(cancellationToken);
        // Compressed and serialised before the write lock: another group's transaction runs meanwhile.
        var prepared = batches.Select(b => new PreparedBatch(b)).ToList();
        await _writeLock.WaitAsync(cancellationToken);
        var lockedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        var (cpuAt, threadAt) = (ThreadCpuTime.Nanoseconds(), Environment.CurrentManagedThreadId);
        var failed = true;
        try
        {
            var connection = await WriterAsync(cancellationToken);
            // One transaction for the whole list: a group of inputs costs one commit, not one per paper; a failure
            // leaves none of them written (each batch stays atomic, as the interface promises).
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var results = new List<UpsertResult>(batches.Count);
            await using (var statements = new BatchStatements(connection, tx))
            {
                foreach (var batch in prepared)
                    results.Add(await WriteBatchAsync(statements, batch, cancellationToken));
                statements.FlushTotals();
            }
            if (records is not null)
            {
                await using var ledger = new LedgerWriter(connection, tx);
                foreach (var record in records(results)) await ledger.WriteAsync(record, cancellationToken);
            }
            // One bump per transaction is enough: readers compare generations, they never count them.
            if (results.Any(r => r.Outcome != UpsertOutcome.Unchanged)) await BumpGenerationAsync(connection, tx, cancellationToken);
            var committing = System.Diagnostics.Stopwatch.GetTimestamp();
            await tx.CommitAsync(cancellationToken);
            Writer.AddCommit(committing);
            failed = false;
            await BoundWalAsync(connection, CancellationToken.None);
            return results;
        }
        finally
        {
            if (_writer?.Handle is { } handle) Writer.AddPagerCounters(handle);
            if (failed) await DropWriterAsync();
            Writer.AddGraph(lockedAt);
            Writer.AddGraphCpu(cpuAt, threadAt);
            _writeLock.Release();
        }
    }

    public async Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default)
    {
        // The vocabulary is part of the schema: InitializeAsync writes it, nothing removes it.
        if (documentId == EdgeContribution.VocabularyDocumentId) return false;
        await InitializeAsync(cancellationToken);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            if (await ScalarAsync<string>(connection, tx, "SELECT hash FROM documents WHERE id = $id", ("$id", documentId)) is null)
                return false;
            var candidates = await RemoveContributionsAsync(connection, tx, documentId, cancellationToken);
            var owned = new List<(string Id, string Label)>();
            await using (var cmd = Command(connection, "SELECT id, label FROM nodes WHERE owner = $doc", ("$doc", documentId)))
            {
                cmd.Transaction = tx;
                await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
                while (await r.ReadAsync(cancellationToken)) owned.Add((r.GetString(0), r.GetString(1)));
            }
            foreach (var (id, label) in owned)
            {
                candidates.Add(id);
                if (label == GraphSchema.Labels.Paper) await KeepBatchesOfEdgesTouchingAsync(connection, tx, id, documentId, cancellationToken);
                // A paper's own node goes with it; a registry record's trial may still be reported on by papers.
                var sql = label == GraphSchema.Labels.Paper
                    ? "DELETE FROM edges WHERE src = $id OR dst = $id; DELETE FROM nodes WHERE id = $id"
                    : "UPDATE nodes SET owner = NULL WHERE id = $id";
                await ExecAsync(connection, tx, sql, cancellationToken, ("$id", id));
            }
            await ExecAsync(connection, tx, "DELETE FROM documents WHERE id = $id", cancellationToken, ("$id", documentId));
            await BumpGenerationAsync(connection, tx, cancellationToken);
            await CollectOrphansAsync(connection, tx, candidates, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static void Validate(GraphBatch batch)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(batch.DocumentId);
        if (batch.DocumentId.Length > GraphIds.MaxLength || batch.Nodes.Any(n => n.Id.Length > GraphIds.MaxLength))
            throw new ArgumentException($"Document {batch.DocumentId[..Math.Min(80, batch.DocumentId.Length)]}... has an id over {GraphIds.MaxLength} characters.", nameof(batch));
        foreach (var n in batch.Nodes)
        {
            GraphSchema.RequireLabel(n.Label);
            ArgumentException.ThrowIfNullOrWhiteSpace(n.Id);
        }
        foreach (var e in batch.Edges) GraphSchema.RequireRelationship(e.Type);
    }

    /// <summary>
    /// A batch with everything its write needs that does not depend on the database (distinct nodes with their JSON and
    /// search text, merged edges with their JSON, the compressed batch record without its evidence), computed before the write lock is taken, so a
    /// group's serialisation overlaps the other group's transaction instead of adding to the one writer's time.
    /// </summary>
    private sealed class PreparedBatch
    {
        public PreparedBatch(GraphBatch batch)
        {
            Batch = batch;
            Encoded = BatchCodec.EncodeSlim(batch, out var sharedNodes);
            SharedNodes = sharedNodes;
            Nodes = [.. batch.Nodes.DistinctBy(n => n.Id).Select(NodeRow)];
            var publications = GraphJson.Serialize(batch.Publications);
            Edges = [.. MergeDuplicates(batch.Edges).Select(e => new PreparedEdge(e, publications, EvidenceCodec.Encode(e.Evidence),
                GraphJson.Serialize(e.Properties), new EdgeContribution(batch.DocumentId, e.AgentType, batch.Publications, e.Evidence, e.Properties)))];
        }

        // A node with its properties' JSON and search text; a node the batch does not own has them worked out once.
        private static (GraphNode, string, string) NodeRow(GraphNode node)
        {
            if (node.Authoritative) return (node, GraphJson.Serialize(node.Properties), SearchText(node));
            var text = SharedNodeText.Of(node);
            return (node, text.Props, text.Search);
        }

        public GraphBatch Batch { get; }

        public byte[] Encoded { get; }

        /// <summary>The nodes the record names by key, with their JSON (<c>batch_nodes</c>).</summary>
        public IReadOnlyList<(string Hash, string Json)> SharedNodes { get; }

        public IReadOnlyList<(GraphNode Node, string Props, string Search)> Nodes { get; }

        public IReadOnlyList<PreparedEdge> Edges { get; }
    }

    private sealed record PreparedEdge(GraphEdge Edge, string Publications, byte[] Evidence, string Props, EdgeContribution Contribution);

    /// <summary>Writes one document's batch in its own transaction (the vocabulary at start); unchanged content writes nothing.</summary>
    private async Task<UpsertResult> WriteBatchAsync(SqliteConnection connection, GraphBatch batch, CancellationToken cancellationToken)
    {
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        UpsertResult result;
        await using (var statements = new BatchStatements(connection, tx))
        {
            result = await WriteBatchAsync(statements, new PreparedBatch(batch), cancellationToken);
            statements.FlushTotals();
        }
        if (result.Outcome != UpsertOutcome.Unchanged) await BumpGenerationAsync(connection, tx, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// Writes one document's batch inside the statements' transaction; unchanged content writes nothing. The caller bumps
    /// the write generation. Statements run synchronously: Microsoft.Data.Sqlite's asynchronous calls run synchronously
    /// anyway, and their state machines cost a share of a write that is dozens of statements per paper.
    /// </summary>
    private static async Task<UpsertResult> WriteBatchAsync(BatchStatements statements, PreparedBatch prepared, CancellationToken cancellationToken)
    {
        var (connection, tx, batch) = (statements.Connection, statements.Transaction, prepared.Batch);
        cancellationToken.ThrowIfCancellationRequested();
        var existingHash = statements.DocumentHash.QueryFirst(r => r.Text(0), batch.DocumentId);
        if (existingHash == batch.ContentHash)
            return new UpsertResult(batch.DocumentId, UpsertOutcome.Unchanged, 0, 0, 0);

        HashSet<string> candidates = [];
        if (existingHash is not null)
        {
            // Removing the old version reads and rewrites totals and may delete edges: the group's pending totals go first.
            statements.FlushTotals(forget: true);
            candidates = await RemoveContributionsAsync(connection, tx, batch.DocumentId, cancellationToken);
        }

        // Nodes this write created had no edges before it (every edge names stored nodes), so an edge touching one is new
        // and needs no lookup: most of a paper's edges start at its own new node.
        var created = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (node, props, search) in prepared.Nodes)
        {
            // A concept every paper names (non-authoritative) is written once per group, not once per paper.
            if (!node.Authoritative && statements.Present.Contains(node.Id)) continue;
            object?[] values = [node.Id, node.Label, node.Name, props, search, node.Authoritative ? batch.DocumentId : null];
            var inserted = statements.InsertNode.Execute(values) == 1;
            statements.Present.Add(node.Id);
            if (inserted)
            {
                statements.CountInserted("node", node.Label);
                created.Add(node.Id);
                await statements.Terms.WriteAsync(node.Id, node.Label, search, replace: false, cancellationToken);
            }
            else if (node.Authoritative)
            {
                statements.FlushCounts(); // the update may relabel: its trigger decrements the old label's count
                statements.UpdateNode.Execute(values);
                await statements.Terms.WriteAsync(node.Id, node.Label, search, replace: true, cancellationToken);
            }
        }

        var relationshipsCreated = 0;
        var evidenceAdded = 0;
        var touched = new HashSet<long>(); // edges without totals (an old database): rebuilt from all their contributions
        var (find, create, contribute) = (statements.FindEdge, statements.CreateEdge, statements.Contribute);
        foreach (var prepEdge in prepared.Edges)
        {
            var edge = prepEdge.Edge;
            var key = (edge.From, edge.Type, edge.To);
            long edgeId = -1;
            RelationshipAggregator.Totals? totals = null;
            if (statements.Edges.TryGetValue(key, out var known))
                (edgeId, totals) = known;
            else if (!created.Contains(edge.From) && !created.Contains(edge.To))
            {
                if (find.QueryFirst(r => (Id: r.Int64(0), Totals: ReadTotals(r, 1)), edge.From, edge.Type, edge.To) is { Id: > 0 } found)
                    (edgeId, totals) = found;
            }
            if (edgeId < 0)
            {
                try
                {
                    edgeId = create.QueryFirst(r => r.Int64(0), edge.From, edge.Type, edge.To);
                }
                catch (SqliteException ex) when ((ex.SqliteErrorCode & 0xff) == 19)
                {
                    throw new InvalidOperationException(
                        $"Edge {edge.From} -[{edge.Type}]-> {edge.To} of document {batch.DocumentId} names a node that is neither stored nor in the batch.", ex);
                }
                relationshipsCreated++;
                statements.CountInserted("edge", edge.Type);
                totals = RelationshipAggregator.Totals.Empty;
            }
            contribute.Execute(edgeId, batch.DocumentId, edge.AgentType, prepEdge.Publications, prepEdge.Evidence, prepEdge.Props,
                edge.Type == GraphSchema.Relationships.Mentions ? 1L : 0L);
            evidenceAdded += edge.Evidence.Count;

            // Fold this document into the edge's totals (its earlier contribution, if any, was removed above).
            if (totals is null) touched.Add(edgeId);
            else statements.SetTotals(key, edgeId, RelationshipAggregator.Add(totals, edge.Type, prepEdge.Contribution));
        }
        if (touched.Count > 0 || candidates.Count > 0)
        {
            statements.FlushCounts(); // what follows may delete rows, whose triggers decrement the counts
            await ReaggregateAsync(connection, tx, touched, candidates, cancellationToken);
            await CollectOrphansAsync(connection, tx, candidates, cancellationToken);
            // Orphan collection may have deleted nodes (and edges) this transaction had seen.
            if (candidates.Count > 0)
            {
                statements.Present.Clear();
                statements.FlushTotals(forget: true);
            }
        }

        foreach (var (hash, json) in prepared.SharedNodes)
        {
            if (!statements.SharedNodes.Add(hash)) continue;
            statements.InsertSharedNode.Execute(hash, json);
        }
        statements.UpsertDocument.Execute([batch.DocumentId, batch.ContentHash, batch.Source, prepared.Encoded,
            DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture), (long)BatchCodec.Slim]);
        return new UpsertResult(batch.DocumentId, existingHash is null ? UpsertOutcome.Added : UpsertOutcome.Replaced,
            created.Count, relationshipsCreated, evidenceAdded);
    }

    /// <summary>A batch may name the same edge twice; the store keeps one contribution per (edge, document).</summary>
    private static IEnumerable<GraphEdge> MergeDuplicates(IEnumerable<GraphEdge> edges) =>
        edges.GroupBy(e => (e.From, e.Type, e.To)).Select(g =>
        {
            if (g.Count() == 1) return g.First();
            var props = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var e in g)
                foreach (var (k, v) in e.Properties)
                    props[k] = (k, props.GetValueOrDefault(k), v) switch
                    {
                        ("count", long a, var b) => a + Convert.ToInt64(b, CultureInfo.InvariantCulture),
                        ("primary", bool a, bool b) => a || b,
                        _ => v,
                    };
            var agent = g.Any(e => e.AgentType == GraphEdge.ManualAgent) ? GraphEdge.ManualAgent : g.First().AgentType;
            return new GraphEdge(g.Key.From, g.Key.Type, g.Key.To, agent, [.. g.SelectMany(e => e.Evidence)], props);
        });

    /// <summary>
    /// Deletes a document's contributions and takes them out of the totals of the edges they touched; returns nodes that
    /// may now be orphans. Each edge's totals lose just this document (<see cref="RelationshipAggregator.Subtract"/>), so
    /// removing a paper from a hub edge shared by thousands costs what adding it did; rebuilding every touched edge from
    /// all its contributions made replacing or deleting a many-paper input quadratic. Edges whose totals cannot lose one
    /// document exactly (it gave their value, a manual or primary flag, a count) are still rebuilt.
    /// </summary>
    private static async Task<HashSet<string>> RemoveContributionsAsync(SqliteConnection connection, SqliteTransaction tx, string documentId, CancellationToken ct)
    {
        var removed = new List<(long Id, string Src, string Type, string Dst, EdgeContribution Contribution, RelationshipAggregator.Totals? Totals)>();
        await using (var cmd = Command(connection,
            $"SELECT c.edge_id, e.src, e.type, e.dst, c.agent, c.publications, c.evidence, c.props, {TotalsColumns} " +
            "FROM contributions c JOIN edges e ON e.id = c.edge_id LEFT JOIN edge_stats s ON s.edge_id = c.edge_id WHERE c.document_id = $doc",
            ("$doc", documentId)))
        {
            cmd.Transaction = tx;
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                var contribution = new EdgeContribution(documentId, r.GetString(4),
                    GraphJson.Deserialize<string[]>(r.GetString(5)),
                    EvidenceCodec.Read(r, 6),
                    GraphJson.Deserialize<IReadOnlyDictionary<string, object?>>(r.GetString(7)));
                removed.Add((r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), contribution, ReadTotals(r, 8)));
            }
        }
        await ExecAsync(connection, tx, "DELETE FROM contributions WHERE document_id = $doc", ct, ("$doc", documentId));

        var candidates = new HashSet<string>(StringComparer.Ordinal);
        var rebuild = new List<long>();
        await using (var remaining = Command(connection, "SELECT EXISTS (SELECT 1 FROM contributions WHERE edge_id = $id)", ("$id", 0L)))
        await using (var delete = Command(connection, "DELETE FROM edges WHERE id = $id", ("$id", 0L)))
        await using (var totalsWriter = new TotalsWriter(connection))
        {
            remaining.Transaction = delete.Transaction = tx;
            foreach (var (id, src, type, dst, contribution, totals) in removed)
            {
                remaining.Parameters["$id"].Value = id;
                if ((long)(await remaining.ExecuteScalarAsync(ct))! == 0)
                {
                    // No document supports the edge any more (edge_stats goes with it by its foreign key).
                    delete.Parameters["$id"].Value = id;
                    await delete.ExecuteNonQueryAsync(ct);
                    candidates.Add(src);
                    candidates.Add(dst);
                }
                else if (totals is not null && RelationshipAggregator.Subtract(totals, type, contribution) is { } left)
                    await totalsWriter.WriteAsync(id, left, ct);
                else
                    rebuild.Add(id);
            }
        }
        await ReaggregateAsync(connection, tx, rebuild, candidates, ct);
        return candidates;
    }

    /// <summary>Recomputes the totals of each touched edge from its contributions; deletes edges no document supports any more
    /// and adds their endpoints to <paramref name="orphanCandidates"/>.</summary>
    private static async Task ReaggregateAsync(SqliteConnection connection, SqliteTransaction tx, IEnumerable<long> edgeIds,
        HashSet<string> orphanCandidates, CancellationToken ct)
    {
        await using var edge = Command(connection, "SELECT src, type, dst FROM edges WHERE id = $id", ("$id", 0L));
        await using var contributions = Command(connection,
            "SELECT document_id, agent, publications, evidence, props FROM contributions WHERE edge_id = $id", ("$id", 0L));
        await using var aggregates = new TotalsWriter(connection);
        await using var delete = Command(connection, "DELETE FROM edges WHERE id = $id", ("$id", 0L));
        edge.Transaction = contributions.Transaction = delete.Transaction = tx;
        foreach (var id in edgeIds)
        {
            edge.Parameters["$id"].Value = id;
            string src, type, dst;
            await using (var r = await edge.ExecuteReaderAsync(ct))
            {
                if (!await r.ReadAsync(ct)) continue;
                (src, type, dst) = (r.GetString(0), r.GetString(1), r.GetString(2));
            }
            contributions.Parameters["$id"].Value = id;
            var list = new List<EdgeContribution>();
            await using (var r = await contributions.ExecuteReaderAsync(ct))
            {
                while (await r.ReadAsync(ct))
                {
                    list.Add(new EdgeContribution(
                        r.GetString(0),
                        r.GetString(1),
                        GraphJson.Deserialize<string[]>(r.GetString(2)),
                        EvidenceCodec.Read(r, 3),
                        GraphJson.Deserialize<IReadOnlyDictionary<string, object?>>(r.GetString(4))));
                }
            }
            if (list.Count == 0)
            {
                delete.Parameters["$id"].Value = id;
                await delete.ExecuteNonQueryAsync(ct);
                orphanCandidates.Add(src);
                orphanCandidates.Add(dst);
                continue;
            }
            await aggregates.WriteAsync(id, RelationshipAggregator.TotalsOf(type, list), ct);
        }
    }

    /// <summary>
    /// A database from before schema 4 has no polarity class columns: add them and drop the REPORTS_OUTCOME totals, which
    /// <see cref="BackfillEdgeStatsAsync"/> then rebuilds from the contributions (the counts and the edge polarity are
    /// read from papers' votes since schema 4).
    /// </summary>
    private static async Task<bool> AddPolarityColumnsAsync(SqliteConnection connection, CancellationToken ct)
    {
        var existing = new HashSet<string>(StringComparer.Ordinal);
        await using (var cmd = Command(connection, "SELECT name FROM pragma_table_info('edge_stats')"))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) existing.Add(r.GetString(0));
        var missing = SqliteSchema.PolarityColumns.Where(c => !existing.Contains(c)).ToList();
        if (missing.Count == 0) return false;
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        // Column names come from the fixed list in SqliteSchema, never from input.
        foreach (var column in missing)
            await ExecAsync(connection, tx, $"ALTER TABLE edge_stats ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0", ct);
        await ExecAsync(connection, tx, "DELETE FROM edge_stats WHERE edge_id IN (SELECT id FROM edges WHERE type = 'REPORTS_OUTCOME')", ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Computes the totals of every edge that has none (a database written before schema 2).</summary>
    private static async Task BackfillEdgeStatsAsync(SqliteConnection connection, CancellationToken ct)
    {
        var missing = new List<long>();
        await using (var cmd = Command(connection, "SELECT id FROM edges WHERE NOT EXISTS (SELECT 1 FROM edge_stats WHERE edge_id = edges.id)"))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) missing.Add(r.GetInt64(0));
        if (missing.Count == 0) return;
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct);
        await ReaggregateAsync(connection, tx, missing, [], ct);
        await tx.CommitAsync(ct);
    }

    internal const string TotalsColumns = "s.evidence, s.papers, s.manual, s.count, s.is_primary, s.positive, s.negative, s.weight, s.value, s.value_doc, " +
        "s.improved, s.worsened, s.unchanged, s.not_achieved, s.papers_improved, s.papers_worsened, s.papers_unchanged, s.papers_not_achieved";

    /// <summary>The totals in <see cref="TotalsColumns"/> from column <paramref name="at"/> on; null when the row has none.</summary>
    internal static RelationshipAggregator.Totals? ReadTotals(SqliteDataReader r, int at) => ReadTotals(new ReaderColumns(r), at);

    /// <inheritdoc cref="ReadTotals(SqliteDataReader, int)"/>
    private static RelationshipAggregator.Totals? ReadTotals<TRow>(TRow r, int at) where TRow : IRowColumns =>
        r.IsNull(at) ? null : new RelationshipAggregator.Totals(
            (int)r.Int64(at), (int)r.Int64(at + 1), r.Int64(at + 2) != 0,
            r.IsNull(at + 3) ? null : r.Int64(at + 3),
            r.IsNull(at + 4) ? null : r.Int64(at + 4) != 0,
            r.Int64(at + 5), r.Int64(at + 6), r.Double(at + 7),
            r.IsNull(at + 8) ? null : r.Text(at + 8),
            r.IsNull(at + 9) ? null : r.Text(at + 9))
        {
            Sentences = new(r.Int64(at + 10), r.Int64(at + 11), r.Int64(at + 12), r.Int64(at + 13)),
            Papers = new(r.Int64(at + 14), r.Int64(at + 15), r.Int64(at + 16), r.Int64(at + 17)),
        };

    /// <summary>Writes an edge's totals row with one prepared statement (raw: nineteen parameters, once per edge a group touches).</summary>
    private sealed class TotalsWriter : IAsyncDisposable
    {
        private readonly RawStatement _upsert;

        /// <summary>Runs in the connection's open transaction (a raw statement belongs to the connection, not to a command's transaction).</summary>
        public TotalsWriter(SqliteConnection connection)
        {
            _upsert = new RawStatement(connection, """
                INSERT INTO edge_stats (edge_id, evidence, papers, manual, count, is_primary, positive, negative, weight, value, value_doc,
                    improved, worsened, unchanged, not_achieved, papers_improved, papers_worsened, papers_unchanged, papers_not_achieved)
                VALUES ($id, $ev, $papers, $manual, $count, $primary, $pos, $neg, $w, $v, $vd, $si, $sw, $su, $sn, $pi, $pw, $pu, $pn)
                ON CONFLICT (edge_id) DO UPDATE SET evidence = excluded.evidence, papers = excluded.papers, manual = excluded.manual,
                    count = excluded.count, is_primary = excluded.is_primary, positive = excluded.positive, negative = excluded.negative,
                    weight = excluded.weight, value = excluded.value, value_doc = excluded.value_doc,
                    improved = excluded.improved, worsened = excluded.worsened, unchanged = excluded.unchanged,
                    not_achieved = excluded.not_achieved, papers_improved = excluded.papers_improved,
                    papers_worsened = excluded.papers_worsened, papers_unchanged = excluded.papers_unchanged,
                    papers_not_achieved = excluded.papers_not_achieved
                """, "$id", "$ev", "$papers", "$manual", "$count", "$primary", "$pos", "$neg", "$w", "$v", "$vd",
                "$si", "$sw", "$su", "$sn", "$pi", "$pw", "$pu", "$pn");
        }

        public Task WriteAsync(long id, RelationshipAggregator.Totals t, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            Write(id, t);
            return Task.CompletedTask;
        }

        public void Write(long id, RelationshipAggregator.Totals t) =>
            _upsert.Execute(id, (long)t.EvidenceCount, (long)t.PaperCount, t.Manual ? 1L : 0L, t.Count,
                t.Primary is { } p ? (p ? 1L : 0L) : null, t.Positive, t.Negative, t.WeightSum, t.Value, t.ValueDocument,
                t.Sentences.Improved, t.Sentences.Worsened, t.Sentences.Unchanged, t.Sentences.NotAchieved,
                t.Papers.Improved, t.Papers.Worsened, t.Papers.Unchanged, t.Papers.NotAchieved);

        public ValueTask DisposeAsync()
        {
            _upsert.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Paper and Trial nodes exist only while something refers to them or a stored document owns them;
    /// vocabulary concepts always stay.</summary>
    private static async Task CollectOrphansAsync(SqliteConnection connection, SqliteTransaction tx, IEnumerable<string> candidates, CancellationToken ct)
    {
        await using var cmd = Command(connection, """
            DELETE FROM nodes WHERE id = $id AND label IN ('Paper', 'Trial')
              AND NOT EXISTS (SELECT 1 FROM edges WHERE src = $id) AND NOT EXISTS (SELECT 1 FROM edges WHERE dst = $id)
              AND (owner IS NULL OR NOT EXISTS (SELECT 1 FROM documents WHERE documents.id = nodes.owner))
            """, ("$id", ""));
        cmd.Transaction = tx;
        foreach (var id in candidates)
        {
            cmd.Parameters["$id"].Value = id;
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Marks the database as changed (in the writing transaction), for caches in any process that reads it.</summary>
    private static Task BumpGenerationAsync(SqliteConnection connection, SqliteTransaction tx, CancellationToken ct) =>
        ExecAsync(connection, tx,
            "INSERT INTO meta (key, value) VALUES ('generation', '1') ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1", ct);

    internal static string SearchText(GraphNode node)
    {
        var parts = new List<string> { node.Name, node.Id };
        if (node.Properties.TryGetValue("synonyms", out var s) && s is IEnumerable<string> synonyms) parts.AddRange(synonyms);
        if (node.Properties.TryGetValue("title", out var t) && t is string title) parts.Add(title);
        // Distinct: a paper's name is its title, and every search scans this column of every node.
        return string.Join('\n', parts.Select(p => p.ToLowerInvariant()).Distinct(StringComparer.Ordinal));
    }

    private static void Bind(SqliteCommand cmd, object?[] values)
    {
        for (var i = 0; i < values.Length; i++) cmd.Parameters[i].Value = values[i] ?? DBNull.Value;
    }

    private static async Task ExecAsync(SqliteConnection connection, SqliteTransaction? tx, string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var cmd = Command(connection, sql, parameters);
        cmd.Transaction = tx;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T?> ScalarAsync<T>(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string, object?)[] parameters)
    {
        await using var cmd = Command(connection, sql, parameters);
        cmd.Transaction = tx;
        var value = await cmd.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }
}
