using System.Reflection;

namespace KnowledgeGraph.Functions.Tests;

/// <summary>Where this build of the Functions app is (the repository root comes from tests/Shared/Repo.cs).</summary>
internal static class FunctionsBuild
{
    public static string Configuration =>
        typeof(FunctionsBuild).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The functions.metadata the Worker SDK wrote into the functions project's output.</summary>
    public static string MetadataPath => Path.Combine(Repo.Root, "functions", "bin", Configuration, "net10.0", "functions.metadata");
}
