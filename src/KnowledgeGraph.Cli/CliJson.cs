using System.Text.Json;
using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Cli;

internal static class CliJson
{
    private static readonly JsonSerializerOptions Indented = new(GraphJson.Options) { WriteIndented = true };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Indented);
}
