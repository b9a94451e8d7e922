namespace KnowledgeGraph.Sqlite;

/// <summary>
/// Indexes that keep reads bounded by their page rather than by the graph (issue 18), added beside
/// <see cref="SqliteSchema"/>: purely additive (IF NOT EXISTS, maintained by SQLite itself inside every write), so no
/// schema version change or rebuild; a database from before gets them on its next start (one pass over the nodes).
/// A trial listing filtered by phase or status reads the trials of the matching facet values in id order from these
/// partial expression indexes (a few hundred rows of trials, not every node), instead of every trial in id order.
/// </summary>
internal static class SqliteQuerySchema
{
    /// <summary>The facet expressions, exactly as the reads write them (SQLite uses an expression index only for the same text).</summary>
    public const string Phase = "json_extract(props, '$.phase')";

    public const string Status = "json_extract(props, '$.status')";

    public const string PhaseIndex = "ix_nodes_trial_phase";

    public const string StatusIndex = "ix_nodes_trial_status";

    public const string Create = $"""
        CREATE INDEX IF NOT EXISTS {PhaseIndex} ON nodes ({Phase}, id) WHERE label = 'Trial';
        CREATE INDEX IF NOT EXISTS {StatusIndex} ON nodes ({Status}, id) WHERE label = 'Trial';
        """;
}
