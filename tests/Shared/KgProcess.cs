using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace KnowledgeGraph.Testing;

/// <summary>
/// The real <c>kg</c> program (the CLI project's build output of the test's own configuration) as a child process.
/// One copy, linked into every test project that starts kg (tests/Shared), so they all clean the environment alike.
/// </summary>
internal static class KgProcess
{
    public static string KgDll { get; } = FindKgDll();

    /// <summary>Runs kg to completion (at most 3 minutes, then the process tree is killed).</summary>
    public static Task<(int ExitCode, string Out, string Err)> RunAsync(params string[] args) => RunAsync(args, new Dictionary<string, string>());

    /// <summary>Runs kg with extra environment settings to completion (at most 3 minutes, then the process tree is killed).</summary>
    public static async Task<(int ExitCode, string Out, string Err)> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        using var process = Start(args, environment);
        return await FinishAsync(process, ReadOutputAsync(process), TimeSpan.FromMinutes(3));
    }

    /// <summary>Starts reading both output streams now, while the child runs: a child writing into a full pipe nobody
    /// reads never exits. Await the result after the exit (<see cref="FinishAsync"/>).</summary>
    public static Task<(string Out, string Err)> ReadOutputAsync(Process process)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        return BothAsync();

        async Task<(string, string)> BothAsync() => (await stdout, await stderr);
    }

    /// <summary>Waits for the child's exit and its output; past <paramref name="timeout"/> the process tree is killed
    /// and a <see cref="TimeoutException"/> names the command.</summary>
    public static async Task<(int ExitCode, string Out, string Err)> FinishAsync(Process process, Task<(string Out, string Err)> output, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kg {string.Join(' ', process.StartInfo.ArgumentList.Skip(1))} did not finish in {timeout.TotalMinutes:0.#} minutes.");
        }
        var (stdout, stderr) = await output;
        return (process.ExitCode, stdout, stderr);
    }

    /// <summary>Starts kg with redirected output; the caller reads the streams and ends the process.</summary>
    public static Process Start(params string[] args) => Start(args, new Dictionary<string, string>());

    /// <summary>Starts kg with extra environment settings (e.g. <c>KG__Ingestion__Parallelism</c>).</summary>
    public static Process Start(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(KgDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        // Keep the user's environment from choosing another store or database.
        psi.Environment.Remove("KG_DB");
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("KG__", StringComparison.Ordinal)).ToList()) psi.Environment.Remove(key);
        foreach (var (key, value) in environment) psi.Environment[key] = value;
        return Process.Start(psi)!;
    }

    /// <summary>A loopback port free at the time of asking (the OS picks it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindKgDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        // .../tests/<Project>/bin/<Configuration>/net10.0/
        var configuration = here.Parent!.Name;
        var dll = Repo.PathOf("src", "KnowledgeGraph.Cli", "bin", configuration, "net10.0", "kg.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the CLI first; kg.dll not found.", dll);
    }
}
