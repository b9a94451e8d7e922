namespace KnowledgeGraph.Sqlite;

/// <summary>
/// Running counts of nodes per label and edges per type, kept in whatever transaction inserts, deletes or relabels a
/// row, so <see cref="SqliteGraphStore.GetCountsAsync"/> (behind <c>/api/health</c>, <c>kg stats</c>) reads a
/// dozen rows instead of counting every node and edge: at a million papers that count read about nine million index
/// entries on every health check. Deletes and relabels are counted by triggers; inserts (made only by the group write)
/// are counted by the write itself, one row per label or type and group rather than one trigger upsert per inserted
/// row (a dozen per paper: <c>SqliteGraphStore.BatchStatements.CountInserted</c>), so a file's insert triggers from
/// before are dropped on open. Additive (IF NOT EXISTS); a database from before the counts is counted once on its next
/// start (<see cref="BackfilledKey"/>).
/// </summary>
internal static class SqliteCountSchema
{
    /// <summary>The meta key set once the counts hold every row.</summary>
    public const string BackfilledKey = "graphCountsVersion";

    public const string Create = """
        CREATE TABLE IF NOT EXISTS graph_counts (
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (kind, name)
        ) WITHOUT ROWID;
        DROP TRIGGER IF EXISTS nodes_count_insert;
        DROP TRIGGER IF EXISTS edges_count_insert;
        CREATE TRIGGER IF NOT EXISTS nodes_count_delete AFTER DELETE ON nodes BEGIN
            UPDATE graph_counts SET count = count - 1 WHERE kind = 'node' AND name = old.label;
        END;
        CREATE TRIGGER IF NOT EXISTS nodes_count_relabel AFTER UPDATE OF label ON nodes WHEN old.label <> new.label BEGIN
            UPDATE graph_counts SET count = count - 1 WHERE kind = 'node' AND name = old.label;
            INSERT INTO graph_counts (kind, name, count) VALUES ('node', new.label, 1) ON CONFLICT (kind, name) DO UPDATE SET count = count + 1;
        END;
        CREATE TRIGGER IF NOT EXISTS edges_count_delete AFTER DELETE ON edges BEGIN
            UPDATE graph_counts SET count = count - 1 WHERE kind = 'edge' AND name = old.type;
        END;
        """;

    /// <summary>Adds inserted rows to a count (kind 'node' with a label, 'edge' with a type).</summary>
    public const string AddInserted =
        "INSERT INTO graph_counts (kind, name, count) VALUES ($kind, $name, $n) ON CONFLICT (kind, name) DO UPDATE SET count = count + excluded.count";

    /// <summary>Counts every row once (inside the caller's transaction).</summary>
    public const string Backfill = """
        DELETE FROM graph_counts;
        INSERT INTO graph_counts (kind, name, count) SELECT 'node', label, COUNT(*) FROM nodes GROUP BY label;
        INSERT INTO graph_counts (kind, name, count) SELECT 'edge', type, COUNT(*) FROM edges GROUP BY type;
        """;
}
