using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace KnowledgeGraph.Infra.Tests;

/// <summary>
/// The Bicep CLI restored from the NuGet package Azure.Bicep.CommandLine.linux-x64; its folder is written into this
/// assembly at build time (AssemblyMetadata BicepPackagePath = $(PkgAzure_Bicep_CommandLine_linux-x64)).
/// </summary>
internal static class Bicep
{
    private static readonly Lazy<string> ExecutablePath = new(Locate);
    private static readonly Lazy<JsonDocument> MainTemplateDocument = new(() => JsonDocument.Parse(Build(Repo.PathOf("infra", "main.bicep")).Json));

    public static string Executable => ExecutablePath.Value;

    /// <summary>The ARM JSON of infra/main.bicep, modules inlined as nested deployments.</summary>
    public static JsonElement MainTemplate => MainTemplateDocument.Value.RootElement;

    public sealed record Result(int ExitCode, string Output)
    {
        /// <summary>Diagnostics of level Warning or Error (the linter reports its rules as warnings by default).</summary>
        public IReadOnlyList<string> Problems => Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Contains(" : Warning ", StringComparison.Ordinal) || line.Contains(" : Error ", StringComparison.Ordinal))
            .ToList();
    }

    public sealed record BuildResult(int ExitCode, string Output, string Json);

    public static BuildResult Build(string bicepFile)
    {
        var outDir = Directory.CreateTempSubdirectory("kg-bicep-");
        try
        {
            var run = Run("build", bicepFile, "--outdir", outDir.FullName);
            var json = Path.Combine(outDir.FullName, Path.GetFileNameWithoutExtension(bicepFile) + ".json");
            return new BuildResult(run.ExitCode, run.Output, File.Exists(json) ? File.ReadAllText(json) : "");
        }
        finally
        {
            outDir.Delete(recursive: true);
        }
    }

    public static Result Lint(string bicepFile) => Run("lint", bicepFile);

    public static Result Run(params string[] args)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // No telemetry and no update checks: the tests run offline.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', args)} took longer than 3 minutes");
        }

        return new Result(process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string Locate()
    {
        var packageDir = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "BicepPackagePath")?.Value;
        if (string.IsNullOrEmpty(packageDir))
        {
            throw new InvalidOperationException("BicepPackagePath metadata is empty: was Azure.Bicep.CommandLine.linux-x64 restored with GeneratePathProperty?");
        }

        var exe = Path.Combine(packageDir, "tools", OperatingSystem.IsWindows() ? "bicep.exe" : "bicep");
        if (!File.Exists(exe))
        {
            throw new FileNotFoundException($"Bicep CLI not found in the restored package at {exe}", exe);
        }

        if (!OperatingSystem.IsWindows())
        {
            // NuGet extraction may drop the executable bit.
            var mode = File.GetUnixFileMode(exe);
            if (!mode.HasFlag(UnixFileMode.UserExecute))
            {
                File.SetUnixFileMode(exe, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
        }

        return exe;
    }
}
