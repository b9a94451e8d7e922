using System.Diagnostics;
using System.Text.Json;

namespace KnowledgeGraph.Cli.Bench;

/// <summary>Starts this same <c>kg</c> program as a child process (<c>dotnet kg.dll ...</c> or the apphost), so the
/// ingest and cold-start figures are those of a fresh process, as a user would see them.</summary>
internal static class KgChild
{
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var viaHost = Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        var psi = new ProcessStartInfo(self)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (viaHost) psi.ArgumentList.Add(typeof(KgChild).Assembly.Location);
        foreach (var a in args) psi.ArgumentList.Add(a);
        // The child must use the database it is given, not one from the user's environment.
        psi.Environment.Remove("KG_DB");
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("KG__", StringComparison.Ordinal)).ToList()) psi.Environment.Remove(key);
        return psi;
    }

    /// <summary>Passes the child's progress lines (they start with a <c>[HH:mm:ss]</c> stamp) on to standard error as
    /// they come, and returns everything it wrote there (for the error message of a failed child).</summary>
    private static async Task<string> ForwardProgressAsync(StreamReader stderr, CancellationToken ct)
    {
        var all = new System.Text.StringBuilder();
        while (await stderr.ReadLineAsync(ct) is { } line)
        {
            all.AppendLine(line);
            if (line.StartsWith('[')) Console.Error.WriteLine(line);
        }
        return all.ToString();
    }

    /// <summary>
    /// Runs a worker child to completion within <paramref name="limit"/> (then kills its tree) and reads the report
    /// it prints as its last line of JSON; a failed, silent or hung worker is a <see cref="CliException"/>.
    /// </summary>
    public static async Task<T> RunForReportAsync<T>(string worker, string[] args, IReadOnlyDictionary<string, string> environment, TimeSpan limit, CancellationToken ct)
    {
        var psi = StartInfo(["bench", worker, .. args]);
        foreach (var (key, value) in environment) psi.Environment[key] = value;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = ForwardProgressAsync(process.StandardError, ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new CliException($"The {worker} did not finish within {limit.TotalMinutes:0} minutes.");
        }
        if (process.ExitCode != 0) throw new CliException($"The {worker} failed (exit {process.ExitCode}): {await stderr}");
        var last = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault()
            ?? throw new CliException($"The {worker} printed no report.");
        return JsonSerializer.Deserialize<T>(last, JsonSerializerOptions.Web)
            ?? throw new CliException($"The {worker}'s report is empty.");
    }
}
