using System.Diagnostics;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Cli.Tests;

/// <summary><c>kg ingest</c> through the ingestion ledger (issue 15), and what the CLI does with files that are not databases or not files (issue 13).</summary>
public sealed class LedgerAndStoreCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kg-cli-ledger-").FullName;
    private string Db => Path.Combine(_dir, "graph.db");
    private static string Samples => Path.Combine(AppContext.BaseDirectory, "samples", "papers");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static async Task<long> GenerationAsync(string db)
    {
        await using var connection = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'";
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Kg_ingest_records_every_file_in_the_ledger_and_an_unchanged_folder_makes_no_graph_writes()
    {
        var (code, _, err) = await KgProcess.RunAsync("ingest", Samples, "--db", Db);
        Assert.True(code == 0, err);
        var (_, listing, _) = await KgProcess.RunAsync("ingestions", "--db", Db, "--json");
        var names = JsonDocument.Parse(listing).RootElement.EnumerateArray().Select(r => r.GetProperty("name").GetString()!).ToList();
        var files = Directory.EnumerateFiles(Samples, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(files.Select(f => "file:" + Path.GetFullPath(f)).Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));

        var generation = await GenerationAsync(Db);
        var (again, json, againErr) = await KgProcess.RunAsync("ingest", Samples, "--db", Db, "--json");
        Assert.True(again == 0, againErr);
        var summary = JsonDocument.Parse(json).RootElement;
        Assert.Equal(0, summary.GetProperty("added").GetInt32());
        Assert.Equal(summary.GetProperty("papers").GetInt32(), summary.GetProperty("unchanged").GetInt32());
        // Not one write transaction on the graph: the store's write generation did not move.
        Assert.Equal(generation, await GenerationAsync(Db));
    }

    [Fact]
    public async Task A_pipe_in_an_ingested_folder_is_reported_and_never_blocks()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(_dir, "inbox")).FullName;
        File.Copy(Path.Combine(Samples, "000_9072b94603e409bc.txt"), Path.Combine(inbox, "seed.txt"));
        using (var mkfifo = Process.Start("mkfifo", Path.Combine(inbox, "pipe.txt")))
            await mkfifo.WaitForExitAsync();

        var (code, stdout, stderr) = await KgProcess.RunAsync("ingest", inbox, "--db", Db, "--json");

        Assert.True(code == 0, stderr);
        var summary = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(1, summary.GetProperty("failed").GetInt32());
        var failure = summary.GetProperty("failures")[0];
        Assert.EndsWith("pipe.txt", failure.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Contains("not a regular file", failure.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, summary.GetProperty("added").GetInt32());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("directory")]
    public async Task A_database_path_that_is_not_a_database_is_one_clear_error_not_a_crash(string kind)
    {
        var path = Path.Combine(_dir, "not-a-db");
        if (kind == "garbage") await File.WriteAllBytesAsync(path, [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 31))]);
        else Directory.CreateDirectory(path);

        var (code, stdout, stderr) = await KgProcess.RunAsync("stats", "--db", path);

        Assert.Equal(3, code);
        // The one error line (a damaged file is also logged once, as critical, for servers' logs).
        Assert.StartsWith("error: ", stderr.Trim().Split('\n')[^1], StringComparison.Ordinal);
        Assert.Contains(path, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task Serve_blob_takes_its_connection_string_from_the_environment_or_a_file_not_the_command_line()
    {
        // KgProcess starts kg without the caller's KG__ settings; PapersStorage is removed here too.
        var port = KgProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var unset = KgProcess.Start(["serve", "--blob", "--port", port, "--db", Db], new Dictionary<string, string> { ["PapersStorage"] = "" });
        var err = await unset.StandardError.ReadToEndAsync();
        await unset.WaitForExitAsync();
        Assert.Equal(2, unset.ExitCode);
        Assert.Contains("environment variable PapersStorage", err, StringComparison.Ordinal);

        var missing = await KgProcess.RunAsync("serve", "--blob-file", Path.Combine(_dir, "no-such-file"), "--port", port, "--db", Db);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no file", missing.Err, StringComparison.Ordinal);

        var literal = await KgProcess.RunAsync("serve", "--blob", "AccountKey=abc;not-a-connection-string", "--port", port, "--db", Db);
        Assert.Contains("other processes can read it", literal.Err, StringComparison.Ordinal);
        Assert.Equal(2, literal.ExitCode);
    }
}
