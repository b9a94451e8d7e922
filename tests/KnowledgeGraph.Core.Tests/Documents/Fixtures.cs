using System.Text;
using KnowledgeGraph.Core.Documents;

namespace KnowledgeGraph.Core.Tests.Documents;

/// <summary>Access to the real format samples copied next to the tests, and the repository's samples/papers folder.</summary>
internal static class Fixtures
{
    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "formats", name));

    public static IReadOnlyList<PaperDocument> Read(string name, ReaderLimits? limits = null) => new DocumentReader(limits).Read(Bytes(name), name);

    public static PaperDocument ReadOne(string name) => Assert.Single(Read(name));

    public static IReadOnlyList<PaperDocument> ReadText(string text, string sourceName, ReaderLimits? limits = null) =>
        new DocumentReader(limits).Read(Encoding.UTF8.GetBytes(text), sourceName);

    public static DocumentReadException Fails(string text, string sourceName, ReaderLimits? limits = null) =>
        Assert.Throws<DocumentReadException>(() => ReadText(text, sourceName, limits));

}
