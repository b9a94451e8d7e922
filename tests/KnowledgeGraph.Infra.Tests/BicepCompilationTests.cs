using Xunit.Abstractions;

namespace KnowledgeGraph.Infra.Tests;

public sealed class BicepCompilationTests(ITestOutputHelper output)
{
    /// <summary>Every .bicep file under infra/, relative to the repository root.</summary>
    internal static List<string> Files() =>
        Directory.EnumerateFiles(Repo.PathOf("infra"), "*.bicep", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(Repo.Root, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static TheoryData<string> BicepFiles() => new(Files());

    [Fact]
    public void Infra_folder_has_main_template_and_local_app_and_core_modules()
    {
        var files = Files();

        Assert.Contains("infra/main.bicep", files);
        Assert.Contains(files, f => f.StartsWith("infra/app/", StringComparison.Ordinal));
        Assert.Contains(files, f => f.StartsWith("infra/core/", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Bicep_file_builds_without_errors_or_warnings(string file)
    {
        var result = Bicep.Build(Repo.PathOf(file));
        output.WriteLine($"bicep build {file} (exit {result.ExitCode}):\n{result.Output}");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(new Bicep.Result(result.ExitCode, result.Output).Problems);
        Assert.StartsWith("{", result.Json.TrimStart(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void Bicep_file_passes_the_linter_without_warnings(string file)
    {
        var result = Bicep.Lint(Repo.PathOf(file));
        output.WriteLine($"bicep lint {file} (exit {result.ExitCode}):\n{result.Output}");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void No_module_comes_from_a_registry_so_the_build_works_offline()
    {
        foreach (var file in Files())
        {
            var modules = System.Text.RegularExpressions.Regex.Matches(Repo.Read(file), @"^\s*module\s+\w+\s+'([^']+)'", System.Text.RegularExpressions.RegexOptions.Multiline);
            foreach (var path in modules.Select(m => m.Groups[1].Value))
            {
                Assert.False(path.StartsWith("br", StringComparison.Ordinal) || path.StartsWith("ts", StringComparison.Ordinal), $"{file}: module '{path}' is not local");
                Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(Repo.PathOf(file))!, path)), $"{file}: module '{path}' does not exist");
            }
        }
    }

    [Fact]
    public void Linter_reports_a_warning_as_a_problem()
    {
        // The check above would pass vacuously if the CLI never reported warnings in the format matched here.
        var file = Path.Combine(Directory.CreateTempSubdirectory("kg-lint-").FullName, "unused.bicep");
        File.WriteAllText(file, "param unused string\n");
        try
        {
            var result = Bicep.Lint(file);
            output.WriteLine(result.Output);
            Assert.Contains(result.Problems, p => p.Contains("no-unused-params", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }
}
