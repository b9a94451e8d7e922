using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace KnowledgeGraph.Functions.Host.Tests.Host;

/// <summary>
/// Starts the built Functions app the way the Functions host starts a dotnet-isolated worker: the executable and
/// worker path from the app's <c>worker.config.json</c>, the app folder as working directory, the host's argument
/// list (<c>--host --port --workerId --requestId --grpcMaxMessageLength</c> and their <c>--functions-*</c> forms,
/// which the worker's configuration reads), the app settings as environment variables, plus the variables the host
/// adds (<c>FUNCTIONS_WORKER_DIRECTORY</c>, <c>FUNCTIONS_APPLICATION_DIRECTORY</c>, <c>FUNCTIONS_WORKER_RUNTIME</c>).
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    /// <summary>What the host passes as --grpcMaxMessageLength (its default: int.MaxValue).</summary>
    public const int MaxMessageLength = int.MaxValue;

    private readonly Process _process;

    private WorkerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public Task WaitForExitAsync(CancellationToken ct) => _process.WaitForExitAsync(ct);

    public static WorkerProcess Start(string appDirectory, Uri grpcUri, string workerId, string requestId,
        IReadOnlyDictionary<string, string> appSettings, Action<string> output)
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(appDirectory, "worker.config.json")));
        var description = config.RootElement.GetProperty("description");
        var executable = description.GetProperty("defaultExecutablePath").GetString()!;
        var workerPath = Path.Combine(appDirectory, description.GetProperty("defaultWorkerPath").GetString()!);

        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(workerPath);
        var max = MaxMessageLength.ToString(CultureInfo.InvariantCulture);
        foreach (var a in new[]
        {
            "--host", grpcUri.Host, "--port", grpcUri.Port.ToString(CultureInfo.InvariantCulture),
            "--workerId", workerId, "--requestId", requestId, "--grpcMaxMessageLength", max,
            "--functions-uri", grpcUri.AbsoluteUri, "--functions-worker-id", workerId,
            "--functions-request-id", requestId, "--functions-grpc-max-message-length", max,
        })
        {
            start.ArgumentList.Add(a);
        }

        // The test machine's own settings must not leak into the app (another store, another environment).
        foreach (var key in start.Environment.Keys.Where(IsHostOnly).ToList()) start.Environment.Remove(key);
        foreach (var (key, value) in appSettings) start.Environment[key] = value;
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = appDirectory;
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable} {workerPath}.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output("[stdout] " + e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output("[stderr] " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerProcess(process);
    }

    private static bool IsHostOnly(string key) =>
        key == "KG_DB" || key.StartsWith("KG__", StringComparison.Ordinal) || key.StartsWith("ASPNETCORE_", StringComparison.Ordinal)
        || key.StartsWith("AZURE_FUNCTIONS_", StringComparison.Ordinal) || key.StartsWith("FUNCTIONS_", StringComparison.Ordinal)
        || key == "DOTNET_ENVIRONMENT";

    /// <summary>Waits up to <paramref name="grace"/> for the worker to exit by itself, then kills its process tree.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited) return;
        using var wait = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
