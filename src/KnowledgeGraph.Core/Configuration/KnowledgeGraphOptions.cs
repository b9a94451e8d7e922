using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

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

    // Nested sections are validated too ([Range] and [Required] inside them): ValidateDataAnnotations reads only the
    // top-level object's attributes unless a member asks for its own to be read.
    [ValidateObjectMembers]
    public SqliteOptions Sqlite { get; set; } = new();

    [ValidateObjectMembers]
    public Neo4jOptions Neo4j { get; set; } = new();

    [ValidateObjectMembers]
    public IngestionOptions Ingestion { get; set; } = new();

    [ValidateObjectMembers]
    public ApiOptions Api { get; set; } = new();

    /// <summary>PubMed and ClinicalTrials.gov: <c>kg fetch</c> and the refresh timer.</summary>
    [ValidateObjectMembers]
    public SourcesOptions Sources { get; set; } = new();

    [ValidateObjectMembers]
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

    /// <summary>Seconds a statement waits for a lock another process holds before the store answers unavailable (503).</summary>
    [Range(1, 600)]
    public int BusyTimeoutSeconds { get; set; } = DefaultBusyTimeoutSeconds;

    /// <summary>The default of <see cref="BusyTimeoutSeconds"/>, which the store also takes when built without options.</summary>
    public const int DefaultBusyTimeoutSeconds = 10;

    /// <summary>Largest the write-ahead log may grow while groups are written, in MiB: checkpoints run on a background
    /// thread, and past this size the writer folds the log into the file and truncates it itself (bounded disk use).</summary>
    [Range(16, 65536)]
    public int WalLimitMiB { get; set; } = DefaultWalLimitMiB;

    /// <summary>The default of <see cref="WalLimitMiB"/>, which the store also takes when built without options.</summary>
    public const int DefaultWalLimitMiB = 1024;

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

    /// <summary>The address for logs and messages: any user name or password written into the URI is left out.</summary>
    public string Display => Uri is null ? "(no URI)" : Uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

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

    /// <summary>Files of a folder (<c>kg ingest</c>, <c>kg serve --ingest</c>) ingested as one group: one ledger read, one
    /// graph transaction and two ledger transactions for the group instead of several per file. A group also stops at
    /// <see cref="MaxDocumentBytes"/> bytes read, so it holds no more than one largest input in memory. 1: one at a time.
    /// 256 rather than 64: each commit rewrites the hot pages of the indexes once, so larger groups cost less per paper
    /// (at 20,000 papers the SQLite writer's time fell by about a fifth). 1,024 rather than 256: at 205,000 papers a group
    /// of 256 wrote 8.3 pages of log per paper and one of 1,024 wrote 5.0 (the hot pages, the end of each hub edge's
    /// contributions and the search index's segments, are written once per commit), for 100-150 MiB more working set
    /// (more papers in flight).</summary>
    [Range(1, 4096)]
    public int GroupSize { get; set; } = 1024;

    /// <summary>One deadline per input covering reading and extraction together, in seconds; an input that needs
    /// longer is quarantined with the reason (LimitExceeded).</summary>
    [Range(0.01, 3600.0)]
    public double TimeoutSeconds { get; set; } = 60;

    /// <summary>Inputs read and extracted at once in one process, whatever their door (0: one per core). An HTTP upload
    /// that finds them all busy is answered 503 with Retry-After; other doors wait.</summary>
    [Range(0, 256)]
    public int MaxConcurrentInputs { get; set; }

    /// <summary>Most items in any one list of a registry record (arms, outcome measures, adverse event terms...); a
    /// longer list fails the input with LimitExceeded.</summary>
    [Range(1, 1_000_000)]
    public int MaxRegistryListItems { get; set; } = 5_000;

    /// <summary>Most result values (measurements, denominators, adverse event counts) in one registry record.</summary>
    [Range(1, 10_000_000)]
    public int MaxRegistryResultValues { get; set; } = 100_000;

    /// <summary>Most papers one input may hold (a PubMed set, a CT.gov search page, a JSON array).</summary>
    [Range(1, 1_000_000)]
    public int MaxDocumentsPerInput { get; set; } = 10_000;

    /// <summary>Deepest XML element (and JSON value) nesting accepted.</summary>
    [Range(8, 1024)]
    public int MaxXmlDepth { get; set; } = 64;

    /// <summary>Most pages read from one PDF.</summary>
    [Range(1, 100_000)]
    public int MaxPdfPages { get; set; } = 2_000;

    /// <summary>Most bytes one PDF stream may decode to (decompression bombs stop here, before any page is parsed).</summary>
    [Range(1024, long.MaxValue)]
    public long MaxPdfStreamBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Most bytes all of one PDF's non-image streams may decode to together.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxPdfDecodedBytes { get; set; } = 128 * 1024 * 1024;

    /// <summary>Most glyphs one PDF page may draw.</summary>
    [Range(100, int.MaxValue)]
    public int MaxPdfGlyphsPerPage { get; set; } = 100_000;

    /// <summary>Longest title accepted, in characters.</summary>
    [Range(10, 1_000_000)]
    public int MaxTitleChars { get; set; } = 2_000;

    /// <summary>Longest author, journal or section label accepted, in characters.</summary>
    [Range(10, 1_000_000)]
    public int MaxFieldChars { get; set; } = 1_000;

    /// <summary>Fewest words a free-form input (text, Markdown, JSON without a PMID or DOI) must hold to be a paper.</summary>
    [Range(0, 1000)]
    public int MinWords { get; set; } = 5;

    /// <summary>The reader's limits these settings describe (one deadline: the reader's own equals the input's).</summary>
    public Documents.ReaderLimits ReaderLimits() => new(
        MaxBytes: MaxDocumentBytes,
        MaxXmlDepth: MaxXmlDepth,
        MaxDocuments: MaxDocumentsPerInput,
        Timeout: TimeSpan.FromSeconds(TimeoutSeconds),
        MaxPdfPages: MaxPdfPages,
        MaxTitleChars: MaxTitleChars,
        MaxFieldChars: MaxFieldChars,
        MinWords: MinWords,
        MaxPdfStreamBytes: MaxPdfStreamBytes,
        MaxPdfDecodedBytes: MaxPdfDecodedBytes,
        MaxPdfGlyphsPerPage: MaxPdfGlyphsPerPage,
        MaxRegistryListItems: MaxRegistryListItems,
        MaxRegistryResultValues: MaxRegistryResultValues);
}

public sealed class ApiOptions
{
    /// <summary>Largest request body accepted, in bytes (default 20 MB); larger is 413.</summary>
    [Range(1, long.MaxValue)]
    public long MaxRequestBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>When true, read endpoints need a function key too (Functions host); writes always do.</summary>
    public bool RequireKeyForReads { get; set; }

    /// <summary><c>kg serve</c> only: host names writes are accepted for, separated by ';' ("*": any). Loopback by
    /// default, so a page on another site that resolves its own name to 127.0.0.1 (DNS rebinding) cannot write.</summary>
    [Required]
    public string AllowedHosts { get; set; } = "localhost;127.0.0.1;[::1]";

    /// <summary><c>kg serve</c> only: other origins (scheme://host:port) whose pages may write, separated by ';'. A
    /// write carrying any other Origin than the server's own is refused.</summary>
    public string AllowedOrigins { get; set; } = "";

    /// <summary><c>kg serve</c> only: when set, writes need this key in the <c>x-functions-key</c> header (the Functions
    /// app's writes need function keys instead). Give it through the environment, never on a command line.</summary>
    public string? WriteKey { get; set; }

    /// <summary>Longest request line (method, path and query) accepted, in bytes; longer is 414 with a problem body.</summary>
    [Range(256, 1024 * 1024)]
    public int MaxRequestLineBytes { get; set; } = 8 * 1024;

    /// <summary>Most bytes of request headers accepted; more is 431 with a problem body.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxRequestHeaderBytes { get; set; } = 32 * 1024;

    /// <summary>Whole-graph exports written at once (each holds the graph in memory); more are answered 503 with Retry-After.</summary>
    [Range(1, 64)]
    public int MaxConcurrentExports { get; set; } = 2;
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
