using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Storage.Blobs;

namespace KnowledgeGraph.Testing;

/// <summary>
/// Azurite (the Azure Storage emulator, npm <c>azurite</c> pinned in tests/azurite/package-lock.json) on a free
/// 127.0.0.1 port with a temp data folder. Installs with <c>npm ci</c> under a file lock (parallel test runs do not
/// race), waits until the blob endpoint answers, and stops the process tree by its id. <see cref="StopAsync"/> and
/// <see cref="StartAsync"/> simulate a storage outage: same port, same folder, so the blobs survive it.
/// One copy (tests/Shared), linked into every test project that needs blob storage.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    // The emulator's well-known development account (public, documented by Microsoft; not a secret).
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? _process;

    public int Port { get; private set; }

    public string Folder { get; } = Directory.CreateTempSubdirectory("kg-azurite-").FullName;

    /// <summary>Development-storage connection string with an explicit endpoint (the port is not the default 10000).</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    public BlobServiceClient Service => new(ConnectionString);

    public async Task InitializeAsync()
    {
        await EnsureInstalledAsync();
        Port = KgProcess.FreePort();
        await StartAsync();
    }

    public async Task StartAsync()
    {
        var bin = Path.Combine(InstallFolder, "node_modules", ".bin", "azurite-blob");
        var start = new ProcessStartInfo(bin)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--location", Folder, "--skipApiVersionCheck", "--disableTelemetry", "--silent",
        })
        {
            start.ArgumentList.Add(a);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start azurite-blob.");
        // Drained so a chatty emulator never blocks on a full pipe.
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var client = new BlobServiceClient(ConnectionString, new BlobClientOptions { Retry = { MaxRetries = 0 } });
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"azurite-blob exited with {_process.ExitCode} before answering.");
            try
            {
                await client.GetBlobContainersAsync().AsPages(pageSizeHint: 1).GetAsyncEnumerator().MoveNextAsync();
                return;
            }
            catch (Exception ex) when (DateTime.UtcNow < deadline && ex is not Azure.RequestFailedException { Status: 403 })
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>Restarts the emulator if a test stopped it and failed before starting it again.</summary>
    public async Task EnsureRunningAsync()
    {
        if (_process is null || _process.HasExited) await StartAsync();
    }

    /// <summary>
    /// SIGTERM first: Azurite then saves its blob index (it autosaves only every 5 s, so a hard kill can lose recent
    /// uploads); the whole process tree is killed if it has not exited after 10 s.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await term.WaitForExitAsync();
            using var graceful = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(graceful.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
        _process = null;
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private static string InstallFolder => Repo.PathOf("tests", "azurite");

    /// <summary><c>npm ci</c> once; the lock file serialises test processes (xunit runs projects in parallel).</summary>
    private static async Task EnsureInstalledAsync()
    {
        var folder = InstallFolder;
        var marker = Path.Combine(folder, "node_modules", ".bin", "azurite-blob");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        FileStream? gate = null;
        while (gate is null)
        {
            try
            {
                gate = new FileStream(Path.Combine(folder, ".install.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
        await using (gate)
        {
            if (File.Exists(marker)) return;
            var npm = new ProcessStartInfo("npm") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "ci", "--no-audit", "--no-fund" }) npm.ArgumentList.Add(a);
            using var process = Process.Start(npm) ?? throw new InvalidOperationException("Could not start npm.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0 || !File.Exists(marker))
                throw new InvalidOperationException($"npm ci failed in {folder}:\n{await stdout}\n{await stderr}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
