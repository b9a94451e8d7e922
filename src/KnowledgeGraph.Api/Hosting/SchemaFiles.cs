namespace KnowledgeGraph.Api.Hosting;

/// <summary>
/// Finds files of the repository's <c>graph-schema/</c> folder. Builds copy it next to the binaries (see the Api
/// project), so a deployed Functions app has it; a run from a checkout also finds it by walking up from the
/// working directory.
/// </summary>
public static class SchemaFiles
{
    public const string GuideRelativePath = "graph-schema/guide/kg-guide.html";
    public const string SchemaRelativePath = "graph-schema/schema.cypher";

    /// <summary>The full path of <paramref name="relativePath"/> (e.g. <c>graph-schema/schema.cypher</c>), or null when absent.</summary>
    public static string? Find(string relativePath)
    {
        var parts = relativePath.Split('/');
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            // Bounded walk: a checkout is never deeper than this below its root.
            var dir = new DirectoryInfo(start);
            for (var i = 0; i < 8 && dir is not null; i++, dir = dir.Parent)
            {
                var candidate = Path.Combine([dir.FullName, .. parts]);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
