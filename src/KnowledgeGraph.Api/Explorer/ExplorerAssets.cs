using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;

using KnowledgeGraph.Api.Hosting;

namespace KnowledgeGraph.Api.Explorer;

/// <summary>One file of the explorer: its bytes, Content-Type, validator and cache policy.</summary>
public sealed record ExplorerAsset(string Name, byte[] Content, string ContentType, string ETag, string CacheControl);

/// <summary>
/// The explorer page's files, from a fixed manifest: the page, script and stylesheet embedded from
/// <c>explorer/src</c>, Cytoscape.js embedded from <c>explorer/node_modules</c> (npm ci at build time, see the Api
/// project), and the Cytoscape stylesheet made from <c>graph-schema/style.grass</c>. A request can only name an entry
/// of the manifest, so no path ever reaches the file system. Both hosts serve it through <see cref="ExplorerHandlers"/>.
/// </summary>
public sealed class ExplorerAssets
{
    public const string IndexName = "index.html";
    public const string StyleName = "style.json";

    private const string Revalidate = "no-cache";
    // Asset names carry no version, so caches keep them briefly and then revalidate with the ETag.
    private const string ShortLived = "public, max-age=300";

    private static readonly (string Name, string ContentType, string CacheControl)[] Embedded =
    [
        (IndexName, "text/html; charset=utf-8", Revalidate),
        ("app.js", "text/javascript; charset=utf-8", ShortLived),
        ("app.css", "text/css; charset=utf-8", ShortLived),
        ("cytoscape.min.js", "text/javascript; charset=utf-8", ShortLived),
    ];

    private readonly Lazy<FrozenDictionary<string, ExplorerAsset>> files = new(Load);
    // Apart from the files: a broken style.grass fails style.json alone, and the page says so.
    private readonly Lazy<ExplorerAsset> style = new(() =>
        Create(StyleName, Encoding.UTF8.GetBytes(StyleJson()), "application/json; charset=utf-8", ShortLived));

    public IEnumerable<string> Names => files.Value.Keys.Append(StyleName);

    /// <summary>The asset called <paramref name="name"/> (null or empty is the page), or null when the manifest has none.</summary>
    public ExplorerAsset? Find(string? name) =>
        name == StyleName ? style.Value : files.Value.GetValueOrDefault(string.IsNullOrEmpty(name) ? IndexName : name);

    private static FrozenDictionary<string, ExplorerAsset> Load()
    {
        var assembly = typeof(ExplorerAssets).Assembly;
        var all = new Dictionary<string, ExplorerAsset>(StringComparer.Ordinal);
        foreach (var (name, contentType, cacheControl) in Embedded)
        {
            using var stream = assembly.GetManifestResourceStream("explorer/" + name)
                ?? throw new InvalidOperationException($"The explorer asset {name} is not embedded in this build.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            all[name] = Create(name, copy.ToArray(), contentType, cacheControl);
        }
        return all.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string StyleJson()
    {
        var path = SchemaFiles.Find(GrassStylesheet.RelativePath)
            ?? throw new InvalidOperationException($"{GrassStylesheet.RelativePath} is not part of this build.");
        return GrassStylesheet.ToCytoscape(GrassStylesheet.Parse(File.ReadAllText(path))).ToJsonString();
    }

    private static ExplorerAsset Create(string name, byte[] content, string contentType, string cacheControl) =>
        new(name, content, contentType, $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}\"", cacheControl);
}
