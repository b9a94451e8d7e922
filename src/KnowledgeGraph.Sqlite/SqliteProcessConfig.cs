using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace KnowledgeGraph.Sqlite;

/// <summary>
/// Process-wide SQLite settings, applied once before the first connection opens (SQLite refuses them afterwards; the
/// refusal is ignored, so a process that opened SQLite elsewhere first just keeps the defaults).
/// Memory statistics off (SQLITE_CONFIG_MEMSTATUS): with them on, every allocation and free inside SQLite takes a global
/// mutex to keep counters nothing here reads (no soft heap limit is set), and the single writer allocates on every
/// statement. The threading mode stays serialized: connections are pooled across threads.
/// </summary>
internal static class SqliteProcessConfig
{
    private const int ConfigMemStatus = 9;

    private static int _applied;

    public static void Apply()
    {
        if (Interlocked.Exchange(ref _applied, 1) == 1) return;
        // SqliteConnection's static constructor loads the native library and sets SQLitePCL's provider; it opens nothing.
        using (new SqliteConnection()) { }
        _ = raw.sqlite3_config(ConfigMemStatus, 0);
    }
}
