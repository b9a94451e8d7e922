using System.Diagnostics;
using System.Text.Json;

namespace KnowledgeGraph.Neo4j.Tests;

/// <summary>Runs tests/cypher-lint/lint.mjs (Neo4j's language-support parser) over statements; installs it with npm ci once.</summary>
internal static class CypherLinter
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    public sealed record Item(string Name, string Statement, IReadOnlyList<string> Parameters);

    public sealed record Outcome(int ExitCode, string Output);

    public static async Task<Outcome> RunAsync(IEnumerable<Item> items)
    {
        var folder = Repo.PathOf("tests", "cypher-lint");
        await EnsureInstalledAsync(folder);
        var input = Path.Combine(Path.GetTempPath(), $"cypher-lint-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(input, JsonSerializer.Serialize(
            items.Select(i => new { name = i.Name, statement = i.Statement, parameters = i.Parameters })));
        try
        {
            return await RunProcessAsync("node", ["lint.mjs", input], folder, TimeSpan.FromMinutes(2));
        }
        finally
        {
            File.Delete(input);
        }
    }

    private static async Task EnsureInstalledAsync(string folder)
    {
        await InstallLock.WaitAsync();
        try
        {
            if (Directory.Exists(Path.Combine(folder, "node_modules", "@neo4j-cypher", "language-support"))) return;
            var npm = await RunProcessAsync("npm", ["ci", "--no-audit", "--no-fund"], folder, TimeSpan.FromMinutes(5));
            if (npm.ExitCode != 0) throw new InvalidOperationException("npm ci failed in tests/cypher-lint:\n" + npm.Output);
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<Outcome> RunProcessAsync(string file, string[] args, string folder, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        return new Outcome(process.ExitCode, await stdout + await stderr);
    }
}
