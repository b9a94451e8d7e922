using System.Globalization;
using System.Text;

namespace KnowledgeGraph.Blob.Tests;

/// <summary>One file to drop: blob name, bytes, and the paper id it must produce (null: it must be quarantined).</summary>
public sealed record CorpusFile(string Name, byte[] Content, string? PaperId);

/// <summary>
/// Deterministic inputs made from the real sample files: each variant gets its own PMID / DOI / NCT id and title,
/// so every good file is a distinct paper in its real format (plain text, Markdown, JSON, PubMed XML, CT.gov JSON).
/// </summary>
public static class PaperCorpus
{
    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", name));

    private static readonly Lazy<string> Text = new(() => Sample("msc_new_onset_t1d_abstract.txt"));
    private static readonly Lazy<string> Markdown = new(() => Sample("edmonton_protocol_islet_transplantation.md"));
    private static readonly Lazy<string> Json = new(() => Sample("polyclonal_tregs_phase1.json"));
    private static readonly Lazy<string> PubMed = new(() => Sample("pubmed_efetch_PMID17630804.xml"));
    private static readonly Lazy<string> CtGov = new(() => Sample("ctgov_v2_NCT04786262_vx880.json"));

    /// <summary>Good paper number <paramref name="i"/> (0-based), cycling through the five formats.</summary>
    public static CorpusFile Good(int i, string? nameOverride = null)
    {
        var pmid = (91_000_000 + i).ToString(CultureInfo.InvariantCulture);
        var tag = $"variant {i}";
        var (name, content, id) = (i % 5) switch
        {
            0 => ($"text/paper-{i:D3}.txt",
                Text.Value.Replace("25204977", pmid, StringComparison.Ordinal).Replace("10.2337/db14-0617", $"10.5555/kg.{i}", StringComparison.Ordinal)
                    .Replace("Preserved beta-cell function", $"Preserved beta-cell function ({tag})", StringComparison.Ordinal),
                $"paper:pmid:{pmid}"),
            1 => ($"markdown/paper-{i:D3}.md",
                Markdown.Value.Replace("10911004", pmid, StringComparison.Ordinal).Replace("10.1056/NEJM200007273430401", $"10.5555/kg.{i}", StringComparison.Ordinal)
                    .Replace("# Islet transplantation", $"# Islet transplantation ({tag})", StringComparison.Ordinal),
                $"paper:pmid:{pmid}"),
            2 => ($"json/paper-{i:D3}.json",
                Json.Value.Replace("26606968", pmid, StringComparison.Ordinal).Replace("10.1126/scitranslmed.aad4134", $"10.5555/kg.{i}", StringComparison.Ordinal)
                    .Replace("\"title\": \"Type 1 diabetes immunotherapy", $"\"title\": \"Type 1 diabetes immunotherapy ({tag})", StringComparison.Ordinal),
                $"paper:pmid:{pmid}"),
            3 => ($"pubmed/paper-{i:D3}.xml",
                PubMed.Value.Replace("17630804", pmid, StringComparison.Ordinal).Replace("10.1021/jo071035l", $"10.5555/kg.{i}", StringComparison.Ordinal)
                    .Replace("<ArticleTitle>Total synthesis", $"<ArticleTitle>Total synthesis ({tag})", StringComparison.Ordinal),
                $"paper:pmid:{pmid}"),
            _ => ($"ctgov/trial-{i:D3}.json",
                CtGov.Value.Replace("NCT04786262", $"NCT{95_000_000 + i}", StringComparison.Ordinal)
                    .Replace("\"briefTitle\": \"A Safety", $"\"briefTitle\": \"({tag}) A Safety", StringComparison.Ordinal),
                $"registry:NCT{95_000_000 + i}"),
        };
        return new CorpusFile(nameOverride ?? name, Encoding.UTF8.GetBytes(content), id);
    }

    /// <summary>Ten inputs no reader accepts, each broken in a different way.</summary>
    public static IReadOnlyList<CorpusFile> Malformed()
    {
        var garbage = new byte[4096];
        new Random(42).NextBytes(garbage);
        var pubmed = PubMed.Value;
        var ctgov = CtGov.Value;
        return
        [
            new("bad/empty.txt", [], null),
            new("bad/empty-2.xml", [], null),
            new("bad/whitespace.md", Encoding.UTF8.GetBytes(" \n\t\n  \n"), null),
            new("bad/garbage.bin", garbage, null),
            new("bad/garbage.txt", [.. garbage.Take(1024)], null),
            new("bad/truncated-pubmed.xml", Encoding.UTF8.GetBytes(pubmed[..(pubmed.Length / 2)]), null),
            new("bad/truncated-ctgov.json", Encoding.UTF8.GetBytes(ctgov[..(ctgov.Length / 2)]), null),
            new("bad/not-xml.xml", Encoding.UTF8.GetBytes("<PubmedArticleSet><PubmedArticle><MedlineCitation></PubmedArticle>"), null),
            new("bad/broken.pdf", Encoding.UTF8.GetBytes("%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a pdf body"), null),
            new("bad/json-array-of-numbers.json", Encoding.UTF8.GetBytes("[1, 2, 3]"), null),
        ];
    }

    /// <summary>
    /// 200 files: 170 distinct good papers, 20 of them again (same bytes) under other names, 10 malformed; shuffled
    /// with a fixed seed so formats and duplicates are interleaved.
    /// </summary>
    public static IReadOnlyList<CorpusFile> TwoHundred()
    {
        var good = Enumerable.Range(0, 170).Select(i => Good(i)).ToList();
        var duplicates = good.Where((_, i) => i % 8 == 3).Take(20)
            .Select((f, k) => f with { Name = $"copies/copy-{k:D2}-{Path.GetFileName(f.Name)}" }).ToList();
        var all = good.Concat(duplicates).Concat(Malformed()).ToList();
        var random = new Random(7);
        return [.. all.OrderBy(_ => random.Next())];
    }
}
