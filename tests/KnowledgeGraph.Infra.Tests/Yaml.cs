using YamlDotNet.RepresentationModel;

namespace KnowledgeGraph.Infra.Tests;

/// <summary>Small navigation helpers over YamlDotNet's representation model.</summary>
internal static class Yaml
{
    public static YamlMappingNode Load(params string[] path)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(Repo.Read(path));
        stream.Load(reader);
        var document = Assert.Single(stream.Documents);
        return Assert.IsType<YamlMappingNode>(document.RootNode);
    }

    public static YamlNode? Get(this YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlMappingNode Map(this YamlNode node, string key) =>
        Assert.IsType<YamlMappingNode>(node.Get(key) ?? throw new Xunit.Sdk.XunitException($"missing key '{key}'"));

    public static string? Scalar(this YamlNode node, string key) => (node.Get(key) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Seq(this YamlNode node, string key) =>
        node.Get(key) is YamlSequenceNode seq ? seq.Children : [];

    public static IEnumerable<YamlMappingNode> MapValues(this YamlMappingNode node) => node.Children.Values.OfType<YamlMappingNode>();
}
