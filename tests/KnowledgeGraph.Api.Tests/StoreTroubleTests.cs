using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KnowledgeGraph.Core.Ingestion;
using KnowledgeGraph.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeGraph.Api.Tests;

/// <summary>Bad days of the store and of inputs in flight (issue 13): answered with the right status, nothing lost, nothing left dangling.</summary>
public sealed class StoreTroubleTests
{
    private static StringContent Paper(string title) => new(
        $$"""{"title": "{{title}}", "abstract": "Autologous Tregs were infused and C-peptide was preserved in most children with type 1 diabetes."}""",
        Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_database_locked_by_another_process_answers_503_with_retry_after_not_a_hang_and_500()
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false, new Dictionary<string, string?> { ["KG:Sqlite:BusyTimeoutSeconds"] = "1" });
        await host.Client.JsonAsync("/api/health");
        var path = Path.Combine(host.Folder, "graph.db");
        // Another writer holding the database: an exclusive transaction on its own connection.
        await using var other = new SqliteConnection($"Data Source={path};Pooling=False");
        await other.OpenAsync();
        await using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN EXCLUSIVE";
            await begin.ExecuteNonQueryAsync();
        }

        using var response = await host.Client.PostAsync("/api/papers?name=locked.json", Paper("Tregs while locked"));

        Assert.NotNull(response.Headers.RetryAfter);
        await response.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        await using (var rollback = other.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync();
        }
        using var later = await host.Client.PostAsync("/api/papers?name=locked.json", Paper("Tregs while locked"));
        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
    }

    [Fact]
    public async Task With_neo4j_unreachable_data_routes_answer_503_like_health_not_500()
    {
        // A loopback port nothing listens on: every request to the Query API is refused at once.
        await using var host = await TestApiHost.StartAsync(ingestSamples: false, new Dictionary<string, string?>
        {
            ["KG:Store"] = "neo4j",
            ["KG:Neo4j:Uri"] = $"http://127.0.0.1:{KgProcess.FreePort()}",
            ["KG:Neo4j:MaxRetries"] = "0",
            ["KG:Neo4j:TimeoutSeconds"] = "5",
        });

        using var health = await host.Client.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        foreach (var path in new[] { "/api/celltypes", "/api/nodes?q=treg", "/api/nodes/celltype:treg", "/api/evidence-table" })
        {
            using var read = await host.Client.GetAsync(path);
            Assert.NotNull(read.Headers.RetryAfter);
            await read.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        }
        using var write = await host.Client.PostAsync("/api/papers?name=down.json", Paper("Tregs while Neo4j is down"));
        Assert.NotNull(write.Headers.RetryAfter);
        await write.ProblemAsync(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task A_corrupt_database_is_reported_and_never_written_again()
    {
        var folder = Directory.CreateTempSubdirectory("kg-corrupt-").FullName;
        var path = Path.Combine(folder, "graph.db");
        try
        {
            // A real database with the sample papers, then every page but the first (the schema) overwritten.
            await using (var first = await TestApiHost.StartAsync(ingestSamples: true, new Dictionary<string, string?> { ["KG:Sqlite:Path"] = path }))
                await first.Client.JsonAsync("/api/health");
            SqliteConnection.ClearAllPools();
            foreach (var sidecar in new[] { path + "-wal", path + "-shm" }) File.Delete(sidecar);
            var bytes = await File.ReadAllBytesAsync(path);
            RandomNumberGenerator.Fill(bytes.AsSpan(4096));
            await File.WriteAllBytesAsync(path, bytes);

            await using var host = await TestApiHost.StartAsync(ingestSamples: false, new Dictionary<string, string?> { ["KG:Sqlite:Path"] = path });
            var detail = await host.Client.ProblemAsync("/api/health", HttpStatusCode.ServiceUnavailable);
            Assert.Contains("damaged", detail, StringComparison.Ordinal);
            var before = SHA256.HashData(await File.ReadAllBytesAsync(path));

            using (var write = await host.Client.PostAsync("/api/papers?name=after.json", Paper("Tregs after the damage")))
                await write.ProblemAsync(HttpStatusCode.ServiceUnavailable);
            using (var delete = await host.Client.DeleteAsync("/api/papers/paper:doi:10.1007/s10517-025-06444-5"))
                await delete.ProblemAsync(HttpStatusCode.ServiceUnavailable);

            SqliteConnection.ClearAllPools();
            Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(path)));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task An_input_cancelled_before_it_was_written_leaves_the_ledger_as_it_found_it()
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false);
        var store = new FailingGraphStore(host.Services.GetRequiredService<IGraphStore>());
        var ledger = new IngestionLedger(host.Services.GetRequiredService<InputPreparer>(), store,
            host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Core.Configuration.KnowledgeGraphOptions>>(), TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<IngestionLedger>.Instance);
        var content = Encoding.UTF8.GetBytes("""{"title": "Tregs in type 1 diabetes", "abstract": "Autologous Tregs were infused in eight children and were safe."}""");

        // A new input whose client goes away right after it was recorded Received.
        using (var gone = new CancellationTokenSource())
        {
            store.IngestionWritten = r => { if (r.Status == IngestionStatus.Received) gone.Cancel(); };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ledger.IngestAsync("upload:gone.json", content, null, gone.Token));
        }
        var aborted = await store.GetIngestionAsync("upload:gone.json");
        Assert.Equal(IngestionStatus.Failed, aborted!.Status);
        Assert.StartsWith("Aborted", aborted.Reason, StringComparison.Ordinal);
        Assert.Empty(aborted.DocumentIds);

        // An input already ingested, whose new version is abandoned the same way: its record and papers are as before.
        store.IngestionWritten = null;
        var first = await ledger.IngestAsync("upload:kept.json", content, null, CancellationToken.None);
        using (var gone = new CancellationTokenSource())
        {
            store.IngestionWritten = r => { if (r.Status == IngestionStatus.Received) gone.Cancel(); };
            var changed = Encoding.UTF8.GetBytes("""{"title": "Tregs in type 1 diabetes, revised", "abstract": "Autologous Tregs were infused in nine children and were safe."}""");
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ledger.IngestAsync("upload:kept.json", changed, null, gone.Token));
        }
        var kept = await store.GetIngestionAsync("upload:kept.json");
        Assert.Equal(first.Record.Status, kept!.Status);
        Assert.Equal(first.Record.ContentHash, kept.ContentHash);
        Assert.Equal(first.Record.DocumentIds, kept.DocumentIds);
        Assert.NotNull(await store.GetDocumentHashAsync(first.Record.DocumentIds[0]));
    }

    [Fact]
    public async Task An_input_needing_longer_than_the_deadline_is_refused_as_over_the_limit_and_recorded()
    {
        await using var host = await TestApiHost.StartAsync(ingestSamples: false, new Dictionary<string, string?> { ["KG:Ingestion:TimeoutSeconds"] = "0.05" });
        // About 8 MB of prose with concepts in every sentence: far more than 50 ms of reading and extraction.
        var text = "Tregs and islets in type 1 diabetes\n\n" + string.Concat(Enumerable.Repeat(
            "Autologous regulatory T cells preserved C-peptide and islet transplantation restored insulin independence in recipients. ", 70_000));

        using var response = await host.Client.PostAsync("/api/papers?name=slow.txt", new StringContent(text, Encoding.UTF8, "text/plain"));

        Assert.Contains("KG:Ingestion:TimeoutSeconds", await response.ProblemAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        var record = await host.Services.GetRequiredService<IGraphStore>().GetIngestionAsync("upload:slow.txt");
        Assert.Equal(IngestionStatus.Failed, record!.Status);
        Assert.StartsWith("LimitExceeded", record.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_export_keeps_arrays_and_maps_as_json()
    {
        await using var host = await TestApiHost.StartAsync();
        var export = await host.Client.JsonAsync("/api/export?format=json");

        var nodes = export.GetProperty("nodes").EnumerateArray().ToList();
        Assert.NotEmpty(nodes);
        var treg = nodes.Single(n => n.GetProperty("id").GetString() == "celltype:treg");
        var synonyms = treg.GetProperty("properties").GetProperty("synonyms");
        Assert.Equal(JsonValueKind.Array, synonyms.ValueKind);
        Assert.Contains("Tregs", synonyms.EnumerateArray().Select(s => s.GetString()), StringComparer.OrdinalIgnoreCase);
        var text = export.GetRawText();
        Assert.DoesNotContain("System.String[]", text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.Collections", text, StringComparison.Ordinal);
    }
}
