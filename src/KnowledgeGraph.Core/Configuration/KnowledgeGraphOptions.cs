using System.ComponentModel.DataAnnotations;

namespace KnowledgeGraph.Core.Configuration;

/// <summary>
/// All settings, bound from the configuration section <c>KG</c> (environment: <c>KG__Store</c>,
/// <c>KG__Sqlite__Path</c>, <c>KG__Neo4j__Uri</c>, ...). One class for every host so the keys cannot drift.
/// </summary>
public sealed class KnowledgeGraphOptions
{
    public const string SectionName = "KG";

    /// <summary><c>sqlite</c> (embedded default) or <c>neo4j</c>.</summary>
    public StoreKind Store { get; set; } = StoreKind.Sqlite;

    public SqliteOptions Sqlite { get; set; } = new();

    public Neo4jOptions Neo4j { get; set; } = new();

    public IngestionOptions Ingestion { get; set; } = new();

    public ApiOptions Api { get; set; } = new();

    public ExtractionOptions Extraction { get; set; } = new();
}

public enum StoreKind
{
    Sqlite,
    Neo4j,
}

public sealed class SqliteOptions
{
    /// <summary>Database file. Empty: <c>KG_DB</c>, else <c>knowledge-graph.db</c> in the user's data folder.</summary>
    public string? Path { get; set; }

    /// <summary>The database path this configuration resolves to.</summary>
    public string ResolvePath() =>
        !string.IsNullOrWhiteSpace(Path) ? Path
        : Environment.GetEnvironmentVariable("KG_DB") is { Length: > 0 } env ? env
        : DefaultPath;

    public static string DefaultPath => System.IO.Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create) is { Length: > 0 } d
            ? d : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share"),
        "KnowledgeGraph", "knowledge-graph.db");
}

public sealed class Neo4jOptions
{
    /// <summary>Base HTTP(S) address of the Neo4j server, e.g. <c>http://localhost:7474</c> or an Aura https address.</summary>
    public Uri? Uri { get; set; }

    [Required]
    public string Database { get; set; } = "neo4j";

    public string? User { get; set; }

    /// <summary>Password for basic auth; in Azure a Key Vault reference.</summary>
    public string? Password { get; set; }

    /// <summary>Bearer token (SSO); used instead of user/password when set.</summary>
    public string? Token { get; set; }

    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;

    [Range(0, 10)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>Papers per write request.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 25;
}

public sealed class IngestionOptions
{
    /// <summary>Blob container watched for papers.</summary>
    [Required]
    public string Container { get; set; } = "papers";

    /// <summary>Container that quarantines inputs that cannot be ingested, with the reason as metadata.</summary>
    [Required]
    public string FailedContainer { get; set; } = "papers-failed";

    /// <summary>Name of the connection setting for the papers storage account (blob trigger <c>Connection</c>).</summary>
    [Required]
    public string Connection { get; set; } = "PapersStorage";

    /// <summary>Largest input accepted, in bytes (default 20 MB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxDocumentBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Tries before an input that fails to read is quarantined.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Deleting a blob removes the papers it produced.</summary>
    public bool DeleteRemovesPaper { get; set; } = true;

    /// <summary>Documents ingested in parallel (0: one per core).</summary>
    [Range(0, 64)]
    public int Parallelism { get; set; }
}

public sealed class ApiOptions
{
    /// <summary>Largest request body accepted, in bytes (default 20 MB); larger is 413.</summary>
    [Range(1, long.MaxValue)]
    public long MaxRequestBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>When true, read endpoints need a function key too (Functions host); writes always do.</summary>
    public bool RequireKeyForReads { get; set; }
}

/// <summary>Work limits of extraction per sentence, so that text without sentence breaks costs linear time.</summary>
public sealed class ExtractionOptions
{
    /// <summary>Longest sentence, in characters; a longer run of text without a sentence break is cut at a space into pieces
    /// of at most this length, so every per-sentence step (scope, abbreviations, relations) works on bounded text.</summary>
    [Range(200, 1_000_000)]
    public int MaxSentenceChars { get; set; } = 2_000;

    /// <summary>Sentences with more concept mentions than this give no relations (a list, not a statement): reading relations is
    /// quadratic in a sentence's mentions.</summary>
    [Range(1, 10_000)]
    public int MaxMentionsPerSentence { get; set; } = 48;
}
