using System.Diagnostics;

namespace KnowledgeGraph.Blob.Tests;

/// <summary>The real <c>kg</c> program (the CLI project's build output of the same configuration) as a child process.</summary>
internal static class KgProcess
{
    public static string KgDll
    {
        get
        {
            // .../tests/KnowledgeGraph.Blob.Tests/bin/<Configuration>/net10.0/
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var dll = Path.Combine(AzuriteFixture.RepositoryRoot(), "src", "KnowledgeGraph.Cli", "bin", configuration, "net10.0", "kg.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the CLI first; kg.dll not found.", dll);
        }
    }

    /// <summary>Runs kg to completion (at most a minute); standard output, plus standard error when it failed.</summary>
    public static async Task<(int ExitCode, string Out)> RunAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(KgDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["COLUMNS"] = "250";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kg {string.Join(' ', args)} did not finish in a minute.");
        }
        var err = await stderr;
        return (process.ExitCode, process.ExitCode == 0 ? await stdout : await stdout + err);
    }
}
