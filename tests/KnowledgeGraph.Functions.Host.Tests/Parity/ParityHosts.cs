using System.Diagnostics;
using System.Globalization;
using System.Net;
using KnowledgeGraph.Functions.Host.Tests.Host;

namespace KnowledgeGraph.Functions.Host.Tests.Parity;

/// <summary>
/// The same graph behind both hosts: the samples ingested once by <c>kg ingest</c>, the database file copied twice,
/// one copy served by a real <c>kg serve</c> process, the other by the built Functions app under
/// <see cref="FunctionsHost"/>. Both get the same settings (a small <c>KG__Api__MaxRequestBytes</c> so a 413 is
/// cheap to provoke). Everything listens on 127.0.0.1; both processes are stopped on dispose.
/// </summary>
public sealed class ParityHosts : IAsyncLifetime
{
    public const int MaxRequestBytes = 16384;

    private readonly string _folder = Directory.CreateTempSubdirectory("kg-parity-").FullName;
    private Process? _serve;
    private readonly System.Text.StringBuilder _serveOutput = new();

    internal FunctionsHost Functions { get; private set; } = null!;

    public HttpClient Serve { get; private set; } = null!;

    public HttpClient App { get; private set; } = null!;

    public string ServeOutput
    {
        get
        {
            lock (_serveOutput) return _serveOutput.ToString();
        }
    }

    public async Task InitializeAsync()
    {
        var seed = Path.Combine(_folder, "seed.db");
        var (exit, stdout, stderr) = await KgProcess.RunAsync("ingest", Path.Combine(AppContext.BaseDirectory, "samples"), "--db", seed);
        if (exit != 0) throw new InvalidOperationException($"kg ingest failed ({exit}):\n{stdout}\n{stderr}");
        var serveDb = CopyDatabase(seed, "serve.db");
        var appDb = CopyDatabase(seed, "functions.db");
        var limit = MaxRequestBytes.ToString(CultureInfo.InvariantCulture);

        var port = KgProcess.FreePort();
        _serve = KgProcess.Start(["serve", "--db", serveDb, "--port", port.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["KG__Api__MaxRequestBytes"] = limit });
        _serve.OutputDataReceived += (_, e) => { lock (_serveOutput) _serveOutput.AppendLine(e.Data); };
        _serve.ErrorDataReceived += (_, e) => { lock (_serveOutput) _serveOutput.AppendLine(e.Data); };
        _serve.BeginOutputReadLine();
        _serve.BeginErrorReadLine();
        Serve = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };

        Functions = await FunctionsHost.StartAsync(new Dictionary<string, string>
        {
            ["KG__Store"] = "sqlite",
            ["KG__Sqlite__Path"] = appDb,
            ["KG__Api__MaxRequestBytes"] = limit,
            ["KG__Ingestion__Container"] = "papers",
        });
        App = new HttpClient { BaseAddress = Functions.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        // Bounded wait for kg serve (it started before the worker, so this is usually immediate).
        for (var i = 0; i < 120; i++)
        {
            if (_serve.HasExited) throw new InvalidOperationException("kg serve exited:\n" + ServeOutput);
            try
            {
                using var health = await Serve.GetAsync("api/health");
                if (health.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(500);
        }
        throw new TimeoutException("kg serve did not answer /api/health in 60 s:\n" + ServeOutput);
    }

    private string CopyDatabase(string seed, string name)
    {
        var copy = Path.Combine(_folder, name);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            if (File.Exists(seed + suffix)) File.Copy(seed + suffix, copy + suffix);
        }
        return copy;
    }

    public async Task DisposeAsync()
    {
        Serve?.Dispose();
        App?.Dispose();
        if (Functions is not null) await Functions.DisposeAsync();
        if (_serve is not null)
        {
            if (!_serve.HasExited) _serve.Kill(entireProcessTree: true);
            await _serve.WaitForExitAsync();
            _serve.Dispose();
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
