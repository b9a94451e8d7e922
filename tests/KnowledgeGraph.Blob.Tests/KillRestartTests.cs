using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using KnowledgeGraph.Core.Storage;
using KnowledgeGraph.Core.Vocabulary;
using KnowledgeGraph.Sqlite;
using Xunit.Abstractions;

namespace KnowledgeGraph.Blob.Tests;

/// <summary>The real <c>kg serve --blob</c> process, killed mid-run and restarted, against a clean in-process run.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class KillRestartTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Killed_serve_host_resumes_and_ends_with_the_graph_of_a_clean_run()
    {
        var files = PaperCorpus.TwoHundred().Take(120).ToList();
        var malformed = files.Count(f => f.PaperId is null);
        await using var host = await BlobTestHost.StartAsync(azurite, "killrun"); // supplies the containers; its own db is the clean run
        await host.UploadAllAsync(files);
        var db = Path.Combine(host.Folder, "killed.db");

        // Run 1: killed (SIGKILL, whole tree) once some blobs are done and before all are.
        var doneAtKill = 0;
        using (var first = StartServe(db, host, out _))
        {
            doneAtKill = await WaitForLedgerAsync(db, n => n >= 10, first, TimeSpan.FromSeconds(90));
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }
        output.WriteLine($"killed with {doneAtKill} of {files.Count} blobs done");
        Assert.InRange(doneAtKill, 10, files.Count - 1);

        // Run 2: the same command resumes from the ledger and the container.
        using (var second = StartServe(db, host, out var port))
        {
            await WaitForLedgerAsync(db, n => n == files.Count, second, TimeSpan.FromSeconds(120));
            // "What happened to my file": the API of the same process answers from the ledger.
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            using var failed = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/ingestions?status=failed&limit=100", UriKind.Relative)));
            var items = failed.RootElement.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(malformed, items.Count);
            Assert.All(items, i => Assert.False(string.IsNullOrEmpty(i.GetProperty("reason").GetString())));
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        // Clean run: the same files, processed once in-process, into a fresh database.
        await using var clean = await BlobTestHost.StartAsync(azurite, "cleanrun");
        await clean.UploadAllAsync(files);
        await clean.ReconcileAsync();

        await using var killed = new SqliteGraphStore(db, ConceptVocabulary.Default);
        Assert.Equal(await GraphSnapshot.TakeAsync(clean.Store), await GraphSnapshot.TakeAsync(killed));
        Assert.Empty(await GraphSnapshot.DuplicatesAsync(killed));
        var ledger = await ReadLedgerAsync(killed);
        var cleanLedger = await clean.LedgerAsync();
        Assert.Equal(files.Count, ledger.Count);
        Assert.Equal(malformed, ledger.Count(r => r.Status == IngestionStatus.Failed));
        Assert.Equal(cleanLedger.Count(r => r.Status == IngestionStatus.Failed), ledger.Count(r => r.Status == IngestionStatus.Failed));
        Assert.Equal(cleanLedger.Sum(r => r.DocumentIds.Count), ledger.Sum(r => r.DocumentIds.Count));
        Assert.Equal(malformed, (await BlobTestHost.NamesAsync(host.Failed)).Count);
        Assert.Equal(files.Count - malformed, (await BlobTestHost.NamesAsync(host.Papers)).Count);

        // kg ingestions reads the same ledger.
        var cli = await KgProcess.RunAsync("ingestions", "--db", db, "--status", "failed", "--json");
        Assert.Equal(0, cli.ExitCode);
        using var listed = JsonDocument.Parse(cli.Out);
        Assert.Equal(malformed, listed.RootElement.GetArrayLength());
        var table = await KgProcess.RunAsync("ingestions", "--db", db);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains($"{files.Count} inputs (", table.Out, StringComparison.Ordinal);
    }

    private Process StartServe(string db, BlobTestHost host, out int port)
    {
        port = KgProcess.FreePort();
        var process = KgProcess.Start(
            ["serve", "--db", db, "--port", port.ToString(CultureInfo.InvariantCulture),
             "--blob", azurite.ConnectionString, "--container", host.Papers.Name, "--poll", "0.2"],
            new Dictionary<string, string>
            {
                ["KG__Ingestion__FailedContainer"] = host.Failed.Name,
                // One at a time, so the kill lands mid-run rather than after a burst.
                ["KG__Ingestion__Parallelism"] = "1",
            });
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line && (line.Contains("processed (", StringComparison.Ordinal) || line.Contains("API on", StringComparison.Ordinal))) output.WriteLine(line.Trim()); };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Polls the ledger (read-only, beside the writer) until the count of finished records satisfies the condition.</summary>
    private static async Task<int> WaitForLedgerAsync(string db, Func<int, bool> done, Process process, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Assert.False(process.HasExited, $"kg serve exited with {(process.HasExited ? process.ExitCode : 0)}");
            if (File.Exists(db))
            {
                try
                {
                    await using var store = new SqliteGraphStore(db, ConceptVocabulary.Default);
                    var finished = (await ReadLedgerAsync(store)).Count(r => r.Status != IngestionStatus.Received);
                    if (done(finished)) return finished;
                }
                catch (Microsoft.Data.Sqlite.SqliteException)
                {
                    // Schema not created yet, or busy: look again.
                }
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The ledger did not reach the expected count in {timeout}.");
            await Task.Delay(50);
        }
    }

    private static async Task<List<IngestionRecord>> ReadLedgerAsync(IGraphStore store)
    {
        var all = new List<IngestionRecord>();
        string? cursor = null;
        do
        {
            var page = await store.ListIngestionsAsync(null, 500, cursor);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

}
