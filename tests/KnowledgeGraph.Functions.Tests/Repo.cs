using System.Reflection;

namespace KnowledgeGraph.Functions.Tests;

internal static class Repo
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "KnowledgeGraph.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Not inside the repository.");
        }
    }

    public static string Configuration =>
        typeof(Repo).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The functions.metadata the Worker SDK wrote into the functions project's output.</summary>
    public static string MetadataPath => Path.Combine(Root, "functions", "bin", Configuration, "net10.0", "functions.metadata");
}
