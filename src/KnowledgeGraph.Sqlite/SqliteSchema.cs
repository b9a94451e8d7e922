namespace KnowledgeGraph.Sqlite;

/// <summary>
/// The embedded store's tables. Edges are unique on (src, type, dst): one row per edge in one direction.
/// Each document's share of an edge is a row in <c>contributions</c>; <c>edges.agg</c> caches the aggregate
/// (recomputed for the edges a write touches) so reads never re-aggregate. <c>edge_stats</c> keeps, per edge, what
/// the aggregate cannot give back exactly (the weight sum, the value's document) plus the counts the cell-type and
/// trial queries sum, so a write folds one document into an edge without re-reading its other contributions and
/// those queries never parse an aggregate. A database from before it gets the rows on its next start.
/// </summary>
internal static class SqliteSchema
{
    public const int Version = 1;

    public const string Create = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS nodes (
            id TEXT PRIMARY KEY,
            label TEXT NOT NULL,
            name TEXT NOT NULL,
            props TEXT NOT NULL,
            search TEXT NOT NULL,
            owner TEXT
        );
        CREATE INDEX IF NOT EXISTS ix_nodes_label ON nodes (label, id);
        CREATE INDEX IF NOT EXISTS ix_nodes_owner ON nodes (owner);
        CREATE TABLE IF NOT EXISTS edges (
            id INTEGER PRIMARY KEY,
            src TEXT NOT NULL REFERENCES nodes (id),
            type TEXT NOT NULL,
            dst TEXT NOT NULL REFERENCES nodes (id),
            agg TEXT NOT NULL DEFAULT '{}',
            UNIQUE (src, type, dst)
        );
        CREATE INDEX IF NOT EXISTS ix_edges_dst ON edges (dst, type);
        CREATE INDEX IF NOT EXISTS ix_edges_type ON edges (type);
        CREATE TABLE IF NOT EXISTS contributions (
            edge_id INTEGER NOT NULL REFERENCES edges (id) ON DELETE CASCADE,
            document_id TEXT NOT NULL,
            agent TEXT NOT NULL,
            publications TEXT NOT NULL,
            evidence TEXT NOT NULL,
            props TEXT NOT NULL,
            PRIMARY KEY (edge_id, document_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_contributions_document ON contributions (document_id);
        CREATE TABLE IF NOT EXISTS edge_stats (
            edge_id INTEGER PRIMARY KEY REFERENCES edges (id) ON DELETE CASCADE,
            evidence INTEGER NOT NULL,
            positive INTEGER NOT NULL,
            negative INTEGER NOT NULL,
            weight REAL NOT NULL,
            value_doc TEXT
        );
        CREATE TABLE IF NOT EXISTS documents (
            id TEXT PRIMARY KEY,
            hash TEXT NOT NULL,
            source TEXT NOT NULL,
            batch TEXT NOT NULL,
            updated TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS ingestions (
            name TEXT PRIMARY KEY,
            etag TEXT,
            hash TEXT,
            status TEXT NOT NULL,
            reason TEXT,
            attempts INTEGER NOT NULL,
            documents TEXT NOT NULL,
            updated TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_ingestions_status ON ingestions (status, name);
        """;
}
