using KnowledgeGraph.Core.Ingestion;

namespace KnowledgeGraph.Core.Tests.Ingestion;

/// <summary>The folder walk is lazy (one folder's listing at a time) but must give the files in the order of sorting every
/// full path, with the same files skipped, as the list it replaced did.</summary>
public sealed class ExpandPathsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kg-walk-").FullName;

    [Fact]
    public void Walk_gives_every_full_path_in_ordinal_order_and_skips_hidden_failed_and_notes()
    {
        // Names where a folder and a file share a prefix: '.' and '-' sort before the separator, '0' and 'b' after it.
        string[] files =
        [
            "a.json", "a-1.json", "a0.json", "ab.json", "a/x.json", "a/b/y.json", "a/b.json", "a.d/z.json",
            "p0001/paper-1.json", "p0000/paper-9.json", "p0000/paper-10.json", "Z.json",
            ".hidden.json", "notes.error.txt", "README.md", "failed/bad.json", ".git/config", "a/failed/bad.json", "a/.x/y.json",
        ];
        foreach (var f in files)
        {
            var full = Path.Combine(_root, f);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, "{}");
        }
        var skipped = new[] { ".hidden.json", "notes.error.txt", "README.md", "failed/bad.json", ".git/config", "a/failed/bad.json", "a/.x/y.json" };
        var expected = files.Except(skipped).Select(f => Path.Combine(_root, f)).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(expected, FileIngestion.ExpandPaths([_root]).ToList());
        Assert.Equal(expected.Count, FileIngestion.CountFiles([_root]));
        // A file named directly comes as given, before the folder's files when listed first.
        var single = Path.Combine(_root, "Z.json");
        Assert.Equal([single, .. expected], FileIngestion.ExpandPaths([single, _root]).ToList());
    }

    [Fact]
    public void A_missing_path_throws_before_anything_is_walked()
    {
        var missing = Path.Combine(_root, "nope");
        Assert.Throws<FileNotFoundException>(() => FileIngestion.ExpandPaths([_root, missing]));
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
