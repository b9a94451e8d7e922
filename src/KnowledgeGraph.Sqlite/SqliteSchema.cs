namespace KnowledgeGraph.Sqlite;

/// <summary>
/// The embedded store's tables. Edges are unique on (src, type, dst): one row per edge in one direction.
/// Each document's share of an edge is a row in <c>contributions</c>. <c>edge_stats</c> holds each edge's running
/// totals (<see cref="KnowledgeGraph.Core.Graph.RelationshipAggregator.Totals"/>): a write folds its document in
/// without re-reading the edge's other contributions, and a read builds the relationship from the totals plus the
/// document and publication lists of its contributions (indexed by edge). Until schema 2 an aggregate JSON cached in
/// <c>edges.agg</c> was rewritten whole on every write, which made ingest quadratic on hub edges (a cell type ->
/// outcome edge shared by thousands of papers); the column stays for old files and is no longer read. A database
/// from before gets its totals on its next start; one from before schema 4 (no polarity class counts) gets the new
/// columns and its REPORTS_OUTCOME totals rebuilt on its next start. Indexes match the reads: nodes (label, id, search) lists a label
/// in id order and lets a search scan only ids, labels and search text rather than whole rows; edges (src, type, dst) for outgoing
/// edges, (type, src, dst) for all edges of a type in key order (what every trial tests), (dst, type, src) for "who points here with this type" (cell types of a mechanism, trials of a cell type) — both without MENTIONS edges (<see cref="NotMentions"/>),
/// (dst, src, type) for incoming edges in key order (neighbours stream a hub's edges without sorting them);
/// contributions (edge_id, document_id, publications) builds an edge's provenance lists from a compact index rather
/// than from the rows that carry its evidence (except MENTIONS edges, one contribution each: <see cref="ContributionListsIndex"/>).
/// </summary>
internal static class SqliteSchema
{
    public const int Version = 4;

    /// <summary>
    /// The condition of the partial edge indexes (dst, type, src) and (type, src, dst): MENTIONS edges (a paper to each
    /// concept it names) are most edges (six in seven) and no query reads them by type or by (dst, type); leaving them
    /// out saves two B-tree inserts per mention on the one writer. SQLite uses a partial index only for a query whose
    /// WHERE holds this very term, so every query that needs one of them says it (<see cref="NotMentionsTerm"/>), and a
    /// query that may ask for MENTIONS says it only when its types leave MENTIONS out (<see cref="NotMentionsWhen"/>).
    /// Files from before had full indexes of the old names; they are dropped and the partial ones built on open.
    /// </summary>
    public const string NotMentions = "type <> 'MENTIONS'";

    /// <summary><see cref="NotMentions"/> as an extra AND term for the queries that want the partial indexes.</summary>
    public const string NotMentionsTerm = " AND " + NotMentions;

    /// <summary><see cref="NotMentionsTerm"/> when the types are given and do not include MENTIONS (the term then changes no
    /// result and lets the planner use the partial indexes); empty otherwise.</summary>
    public static string NotMentionsWhen(IEnumerable<string>? types) =>
        types is not null && !types.Contains(KnowledgeGraph.Core.Graph.GraphSchema.Relationships.Mentions, StringComparer.Ordinal) ? NotMentionsTerm : "";

    /// <summary>
    /// The index of an edge's document and publication lists, without the contributions to MENTIONS edges (marked
    /// <c>mention = 1</c> when written). A MENTIONS edge (a paper to a concept it names) has exactly one contribution, from
    /// that paper, so its lists are one row read by the primary key; the index served them for nothing and cost one B-tree
    /// insert per mention (six in seven contributions) on the one writer. It is made after <see cref="Create"/>, once the
    /// column exists. It holds <c>mention</c> too, though always 0: without it SQLite does not count the index as covering
    /// a query whose WHERE names the column, and reads the table instead. A file from before gets the column (its rows 0, all of them kept in the index: still correct) and the
    /// full index <c>ix_contributions_lists</c> swapped for this one on open.
    /// </summary>
    public const string ContributionListsIndex = """
        DROP INDEX IF EXISTS ix_contributions_lists;
        CREATE INDEX IF NOT EXISTS ix_contributions_lists_nm ON contributions (edge_id, document_id, publications, mention) WHERE mention = 0;
        """;

    /// <summary>Columns added in schema 4 (REPORTS_OUTCOME evidence sentences and papers by polarity class).</summary>
    public static readonly string[] PolarityColumns =
        ["improved", "worsened", "unchanged", "not_achieved", "papers_improved", "papers_worsened", "papers_unchanged", "papers_not_achieved"];

    public const string Create = $$"""
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
        DROP INDEX IF EXISTS ix_nodes_label;
        CREATE INDEX IF NOT EXISTS ix_nodes_label_search ON nodes (label, id, search);
        CREATE INDEX IF NOT EXISTS ix_nodes_owner ON nodes (owner);
        CREATE TABLE IF NOT EXISTS edges (
            id INTEGER PRIMARY KEY,
            src TEXT NOT NULL REFERENCES nodes (id),
            type TEXT NOT NULL,
            dst TEXT NOT NULL REFERENCES nodes (id),
            agg TEXT NOT NULL DEFAULT '{}',
            UNIQUE (src, type, dst)
        );
        DROP INDEX IF EXISTS ix_edges_dst;
        DROP INDEX IF EXISTS ix_edges_dst_type;
        CREATE INDEX IF NOT EXISTS ix_edges_dst_type_nm ON edges (dst, type, src) WHERE {{NotMentions}};
        CREATE INDEX IF NOT EXISTS ix_edges_dst_src ON edges (dst, src, type);
        DROP INDEX IF EXISTS ix_edges_type;
        DROP INDEX IF EXISTS ix_edges_type_src;
        CREATE INDEX IF NOT EXISTS ix_edges_type_src_nm ON edges (type, src, dst) WHERE {{NotMentions}};
        CREATE TABLE IF NOT EXISTS contributions (
            edge_id INTEGER NOT NULL REFERENCES edges (id) ON DELETE CASCADE,
            document_id TEXT NOT NULL,
            agent TEXT NOT NULL,
            publications TEXT NOT NULL,
            evidence TEXT NOT NULL,
            props TEXT NOT NULL,
            mention INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (edge_id, document_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_contributions_document ON contributions (document_id);
        CREATE TABLE IF NOT EXISTS edge_stats (
            edge_id INTEGER PRIMARY KEY REFERENCES edges (id) ON DELETE CASCADE,
            evidence INTEGER NOT NULL,
            papers INTEGER NOT NULL,
            manual INTEGER NOT NULL,
            count INTEGER,
            is_primary INTEGER,
            positive INTEGER NOT NULL,
            negative INTEGER NOT NULL,
            weight REAL NOT NULL,
            value TEXT,
            value_doc TEXT,
            improved INTEGER NOT NULL DEFAULT 0,
            worsened INTEGER NOT NULL DEFAULT 0,
            unchanged INTEGER NOT NULL DEFAULT 0,
            not_achieved INTEGER NOT NULL DEFAULT 0,
            papers_improved INTEGER NOT NULL DEFAULT 0,
            papers_worsened INTEGER NOT NULL DEFAULT 0,
            papers_unchanged INTEGER NOT NULL DEFAULT 0,
            papers_not_achieved INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE IF NOT EXISTS documents (
            id TEXT PRIMARY KEY,
            hash TEXT NOT NULL,
            source TEXT NOT NULL,
            batch TEXT NOT NULL,
            updated TEXT NOT NULL,
            batch_format INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE IF NOT EXISTS batch_nodes (hash TEXT PRIMARY KEY, node TEXT NOT NULL) WITHOUT ROWID;
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
        CREATE TABLE IF NOT EXISTS ingestion_documents (
            document_id TEXT NOT NULL,
            name TEXT NOT NULL REFERENCES ingestions (name) ON DELETE CASCADE,
            PRIMARY KEY (document_id, name)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_ingestion_documents_name ON ingestion_documents (name);
        """;
}
