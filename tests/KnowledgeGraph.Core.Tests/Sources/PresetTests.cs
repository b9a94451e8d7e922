using KnowledgeGraph.Core.Sources;
using KnowledgeGraph.Core.Tests.Documents;

namespace KnowledgeGraph.Core.Tests.Sources;

public sealed class PresetTests
{
    [Fact]
    public void The_field_presets_cover_each_line_of_cell_therapy_for_both_services()
    {
        Assert.Equal(["islets", "sc-beta", "tregs", "tolerogenic-dc", "msc", "ahsct", "cord-blood", "encapsulation"], FieldPresets.Presets.Select(p => p.Name));
        Assert.All(FieldPresets.Presets, p =>
        {
            Assert.Contains("\"diabetes mellitus, type 1\"[MeSH Terms]", p.PubMedQuery, StringComparison.Ordinal);
            Assert.Equal(p.PubMedQuery.Count(c => c == '('), p.PubMedQuery.Count(c => c == ')'));
            Assert.Equal(0, p.PubMedQuery.Count(c => c == '"') % 2);
            Assert.False(string.IsNullOrWhiteSpace(p.TrialsIntervention));
            Assert.Equal("Type 1 Diabetes", p.TrialsQuery().Condition);
        });
        Assert.Equal(8, FieldPresets.Resolve("ALL").Count);
        Assert.Equal("msc", Assert.Single(FieldPresets.Resolve("MSC")).Name);
        Assert.Throws<ArgumentException>(() => FieldPresets.Resolve("islet"));
    }

    [Fact]
    public void The_readme_documents_every_preset()
    {
        var readme = File.ReadAllText(Path.Combine(Repo.Root, "README.md"));
        Assert.All(FieldPresets.Presets, p => Assert.Contains($"`{p.Name}`", readme, StringComparison.Ordinal));
        Assert.Contains("kg fetch pubmed --preset all", readme, StringComparison.Ordinal);
        Assert.Contains("kg fetch ctgov --preset all", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Refresh_queries_are_parsed_from_the_setting()
    {
        var queries = RefreshQuery.Parse(" pubmed:islet transplantation ; ctgov:VX-880;preset:msc ");

        Assert.Equal(
            [(SourceKind.PubMed, "islet transplantation"), (SourceKind.ClinicalTrials, "VX-880"), (SourceKind.PubMed, FieldPresets.Resolve("msc")[0].PubMedQuery),
                (SourceKind.ClinicalTrials, FieldPresets.Resolve("msc")[0].TrialsIntervention)],
            queries.Select(q => (q.Source, q.Text)));
        Assert.Empty(RefreshQuery.Parse(null));
        Assert.Empty(RefreshQuery.Parse("  "));
        Assert.Equal(16, RefreshQuery.Parse("preset:all").Count);
        Assert.Throws<ArgumentException>(() => RefreshQuery.Parse("islets"));
        Assert.Throws<ArgumentException>(() => RefreshQuery.Parse("scholar:islets"));
        Assert.Throws<ArgumentException>(() => RefreshQuery.Parse("preset:nothing"));
    }
}
