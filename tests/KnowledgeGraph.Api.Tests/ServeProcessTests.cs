using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;

namespace KnowledgeGraph.Api.Tests;

/// <summary>The real <c>kg serve</c> process from the CLI build, over HTTP on 127.0.0.1.</summary>
public sealed class ServeProcessTests
{
    [Fact]
    public async Task Kg_serve_answers_over_http_until_killed()
    {
        var folder = Directory.CreateTempSubdirectory("kg-serve-").FullName;
        var port = KgProcess.FreePort();
        using var process = KgProcess.Start("serve", "--db", Path.Combine(folder, "graph.db"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            var ready = false;
            var clock = Stopwatch.StartNew();
            while (!ready && clock.Elapsed < TimeSpan.FromSeconds(30) && !process.HasExited)
            {
                try
                {
                    using var health = await client.GetAsync("/api/health");
                    ready = health.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(250);
                }
            }
            Assert.True(ready, "kg serve did not become healthy in 30 s:\n" + output);

            var seed = await File.ReadAllBytesAsync(Path.Combine(TestApiHost.SamplesFolder, "000_9072b94603e409bc.txt"));
            using (var posted = await client.PostAsync("/api/papers?name=seed.txt", new ByteArrayContent(seed)))
                Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            using var node = await client.GetAsync("/api/nodes/paper:doi:10.1007/s10517-025-06444-5");
            Assert.Equal(HttpStatusCode.OK, node.StatusCode);
            using var cellTypes = await client.GetAsync("/api/celltypes?mechanism=immunomodulation");
            var json = JsonDocument.Parse(await cellTypes.Content.ReadAsStringAsync()).RootElement;
            Assert.Contains(json.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetString() == "celltype:treg");
            using var openApi = await client.GetAsync("/api/openapi.json");
            Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
            lock (output) Assert.Contains($"curl http://127.0.0.1:{port}/api/health", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }


}
