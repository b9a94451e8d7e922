using KnowledgeGraph.Core.Graph;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite;

public sealed partial class SqliteGraphStore
{
    /// <summary>
    /// The prepared statements of a document write, made once per transaction and reused by every batch of a group.
    /// Made per document they cost a parse and plan of about a dozen statements per paper, a visible share of ingest
    /// (SQLite's parser showed in profiles beside its B-tree work). Raw statements (<see cref="RawStatement"/>): these run
    /// some forty times per paper on the one writer.
    /// </summary>
    private sealed class BatchStatements : IAsyncDisposable
    {
        public BatchStatements(SqliteConnection connection, SqliteTransaction tx)
        {
            Connection = connection;
            Transaction = tx;
            DocumentHash = Raw("SELECT hash FROM documents WHERE id = $id", "$id");
            InsertNode = Raw(
                "INSERT INTO nodes (id, label, name, props, search, owner) VALUES ($id, $label, $name, $props, $search, $owner) ON CONFLICT (id) DO NOTHING",
                "$id", "$label", "$name", "$props", "$search", "$owner");
            UpdateNode = Raw(
                "UPDATE nodes SET label = $label, name = $name, props = $props, search = $search, owner = $owner WHERE id = $id",
                "$id", "$label", "$name", "$props", "$search", "$owner");
            FindEdge = Raw(
                $"SELECT e.id, {TotalsColumns} FROM edges e LEFT JOIN edge_stats s ON s.edge_id = e.id WHERE e.src = $s AND e.type = $t AND e.dst = $d",
                "$s", "$t", "$d");
            CreateEdge = Raw("INSERT INTO edges (src, type, dst) VALUES ($s, $t, $d) RETURNING id", "$s", "$t", "$d");
            Contribute = Raw(
                "INSERT INTO contributions (edge_id, document_id, agent, publications, evidence, props, mention) VALUES ($e, $doc, $agent, $pubs, $ev, $props, $mention)",
                "$e", "$doc", "$agent", "$pubs", "$ev", "$props", "$mention");
            UpsertDocument = Raw(
                "INSERT INTO documents (id, hash, source, batch, updated, batch_format) VALUES ($id, $hash, $source, $batch, $updated, $format) " +
                "ON CONFLICT (id) DO UPDATE SET hash = excluded.hash, source = excluded.source, batch = excluded.batch, updated = excluded.updated, " +
                "batch_format = excluded.batch_format",
                "$id", "$hash", "$source", "$batch", "$updated", "$format");
            InsertSharedNode = Raw("INSERT INTO batch_nodes (hash, node) VALUES ($hash, $node) ON CONFLICT (hash) DO NOTHING", "$hash", "$node");
            AddCount = Raw(SqliteCountSchema.AddInserted, "$kind", "$name", "$n");
            Terms = new SearchTermsWriter(connection, tx);
            Totals = new TotalsWriter(connection);
        }

        public SqliteConnection Connection { get; }

        public SqliteTransaction Transaction { get; }

        public RawStatement DocumentHash { get; }

        public RawStatement InsertNode { get; }

        public RawStatement UpdateNode { get; }

        public RawStatement FindEdge { get; }

        public RawStatement CreateEdge { get; }

        public RawStatement Contribute { get; }

        public RawStatement UpsertDocument { get; }

        public RawStatement InsertSharedNode { get; }

        /// <summary>Keys of <c>batch_nodes</c> rows written (or found) in this transaction: a concept that every paper of a
        /// group names costs one statement per group.</summary>
        public HashSet<string> SharedNodes { get; } = new(StringComparer.Ordinal);

        public SearchTermsWriter Terms { get; }

        private RawStatement AddCount { get; }

        private readonly Dictionary<(string Kind, string Name), long> _inserted = [];

        /// <summary>Notes an inserted node (kind 'node', its label) or edge ('edge', its type) for <see cref="FlushCounts"/>:
        /// a trigger upsert per inserted row was a dozen statements per paper.</summary>
        public void CountInserted(string kind, string name) =>
            _inserted[(kind, name)] = _inserted.GetValueOrDefault((kind, name)) + 1;

        /// <summary>Adds the noted inserts to <c>graph_counts</c>. Before the commit, and before anything deletes or
        /// relabels rows in the transaction: those triggers decrement a count row that must already hold the insert.</summary>
        public void FlushCounts()
        {
            foreach (var ((kind, name), n) in _inserted)
            {
                AddCount.Execute(kind, name, n);
            }
            _inserted.Clear();
        }

        /// <summary>Nodes known to be stored in this transaction (written or found by an earlier batch of the group), so a
        /// non-authoritative mention of one again needs no statement; cleared when a write deletes nodes.</summary>
        public HashSet<string> Present { get; } = new(StringComparer.Ordinal);

        /// <summary>Edges this transaction has written, with their totals so far: a hub edge (cell type -> outcome) that
        /// several papers of a group report on is looked up once and its totals row written once, at <see cref="FlushTotals"/>.</summary>
        public Dictionary<(string From, string Type, string To), (long Id, RelationshipAggregator.Totals Totals)> Edges { get; } = [];

        private readonly HashSet<(string, string, string)> _unwritten = [];

        /// <summary>Folds a document into an edge's totals; the row is written by <see cref="FlushTotals"/>.</summary>
        public void SetTotals((string From, string Type, string To) key, long id, RelationshipAggregator.Totals totals)
        {
            Edges[key] = (id, totals);
            _unwritten.Add(key);
        }

        /// <summary>Writes the totals rows not yet written, and the search vocabulary's pending words; before the commit and before anything reads totals or
        /// deletes edges in the transaction (a replacement), which also forgets the edges, as it may change them.</summary>
        public void FlushTotals(bool forget = false)
        {
            FlushCounts();
            Terms.FlushWords();
            foreach (var key in _unwritten)
            {
                var (id, totals) = Edges[key];
                Totals.Write(id, totals);
            }
            _unwritten.Clear();
            if (forget) Edges.Clear();
        }

        public TotalsWriter Totals { get; }

        private RawStatement Raw(string sql, params string[] parameters) => new(Connection, sql, parameters);

        public async ValueTask DisposeAsync()
        {
            foreach (var statement in new[] { DocumentHash, InsertNode, UpdateNode, FindEdge, CreateEdge, Contribute, UpsertDocument, InsertSharedNode, AddCount })
                statement.Dispose();
            await Terms.DisposeAsync();
            await Totals.DisposeAsync();
        }
    }
}
