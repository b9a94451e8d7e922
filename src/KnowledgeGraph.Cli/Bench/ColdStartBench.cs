using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace KnowledgeGraph.Cli.Bench;

/// <summary>
/// Cold start of <c>kg serve</c>: from starting the process to the first 200 from <c>/api/health</c>, polled every
/// 5 ms, on a free loopback port and the given database. Each run is a new process, ended after its answer.
/// </summary>
internal static class ColdStartBench
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static async Task<ColdStartFigures> RunAsync(string db, int runs, CancellationToken ct)
    {
        var times = new List<double>(runs);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < runs; i++)
        {
            var port = FreePort();
            var url = new Uri($"http://127.0.0.1:{port}/api/health");
            var watch = Stopwatch.StartNew();
            using var process = Process.Start(KgChild.StartInfo("serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--db", db))!;
            // Drain output so a full pipe never blocks the server.
            _ = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            try
            {
                while (true)
                {
                    ct.ThrowIfCancellationRequested();
                    if (process.HasExited)
                        throw new CliException($"kg serve exited with {process.ExitCode} before answering: {await stderr}");
                    if (watch.Elapsed > Limit) throw new CliException($"kg serve did not answer {url} within {Limit.TotalSeconds} s.");
                    try
                    {
                        using var response = await http.GetAsync(url, ct);
                        if (response.StatusCode == HttpStatusCode.OK) break;
                    }
                    catch (HttpRequestException)
                    {
                        // not listening yet
                    }
                    catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                    {
                        // listening but not answering within the request timeout yet (a busy machine); the run's limit still applies
                    }
                    await Task.Delay(5, ct);
                }
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            finally
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
        return new ColdStartFigures(times);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
