using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace KnowledgeGraph.Cli.Tests;

/// <summary>The README's main command: <c>kg serve --ingest samples/papers</c> as a real process on loopback.</summary>
public sealed class ServeIngestTests
{
    [Fact]
    public async Task Serve_with_ingest_loads_the_samples_prints_curl_lines_and_answers_health()
    {
        var dir = Directory.CreateTempSubdirectory("kg-serve-").FullName;
        var port = KgProcess.FreePort();
        using var process = KgProcess.Start("serve", "--ingest", Path.Combine(AppContext.BaseDirectory, "samples", "papers"),
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--db", Path.Combine(dir, "g.db"));
        var stdout = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (stdout) stdout.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            JsonElement? health = null;
            // Bounded: at most 60 s for the build-free start, ingestion of the samples and Kestrel.
            for (var i = 0; i < 120 && health is null && !process.HasExited; i++)
            {
                try
                {
                    using var doc = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/api/health"));
                    health = doc.RootElement.Clone();
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(500);
                }
            }
            Assert.True(health is not null, "kg serve did not answer /api/health within 60 s: " + stdout);
            Assert.True(health.Value.GetProperty("nodesByLabel").GetProperty("Paper").GetInt64() >= 8);
            Assert.True(health.Value.GetProperty("nodesByLabel").GetProperty("Trial").GetInt64() >= 1);
            string output;
            lock (stdout) output = stdout.ToString();
            Assert.Contains("The graph now", output);
            Assert.Contains($"curl http://127.0.0.1:{port}/api/health", output);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

}
