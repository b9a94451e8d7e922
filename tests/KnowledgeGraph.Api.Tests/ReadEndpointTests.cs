using System.Net;
using System.Text.Json;

namespace KnowledgeGraph.Api.Tests;

public sealed class ReadEndpointTests(SampleGraphFixture fixture) : IClassFixture<SampleGraphFixture>
{
    private const string Doi = "paper:doi:10.1007/s10517-025-06444-5";
    private const string EncodedDoi = "paper:doi:10.1007%2Fs10517-025-06444-5";
    private HttpClient Client => fixture.Host.Client;

    [Fact]
    public async Task Health_reports_the_store_and_its_counts()
    {
        var health = await Client.JsonAsync("/api/health");
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal("sqlite", health.GetProperty("store").GetString());
        Assert.True(health.GetProperty("nodes").GetInt64() > 20);
        var papers = await Client.JsonAsync("/api/nodes?label=Paper&limit=500");
        Assert.Equal(papers.GetProperty("items").GetArrayLength(), health.GetProperty("nodesByLabel").GetProperty("Paper").GetInt64());
        Assert.True(papers.GetProperty("items").GetArrayLength() >= 4);
    }

    [Fact]
    public async Task Search_finds_tregs_and_pages_with_a_cursor()
    {
        var found = await Client.JsonAsync("/api/nodes?q=treg");
        Assert.Equal("celltype:treg", found.GetProperty("items")[0].GetProperty("id").GetString());

        var first = await Client.JsonAsync("/api/nodes?label=celltype&limit=3");
        var cursor = first.GetProperty("nextCursor").GetString();
        Assert.NotNull(cursor);
        var second = await Client.JsonAsync($"/api/nodes?label=CellType&limit=3&cursor={Uri.EscapeDataString(cursor)}");
        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(n => n.GetProperty("id").GetString()).ToList();
        Assert.Equal(6, ids.Distinct().Count());
        Assert.All(ids, id => Assert.StartsWith("celltype:", id, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/api/nodes?label=Gene")]
    [InlineData("/api/nodes?limit=0")]
    [InlineData("/api/nodes?limit=501")]
    [InlineData("/api/nodes?limit=ten")]
    [InlineData("/api/nodes?cursor=not-a-cursor")]
    [InlineData("/api/nodes/celltype:treg/neighbors?depth=4")]
    [InlineData("/api/nodes/celltype:treg/neighbors?depth=0")]
    [InlineData("/api/nodes/celltype:treg/neighbors?types=LIKES")]
    [InlineData("/api/paths?from=celltype:treg")]
    [InlineData("/api/paths?from=celltype:treg&to=celltype:islet&maxHops=7")]
    [InlineData("/api/celltypes?mechanism=magic")]
    [InlineData("/api/celltypes?cursor=xyz")]
    [InlineData("/api/trials?mechanism=magic")]
    [InlineData("/api/trials?limit=-1")]
    [InlineData("/api/evidence?from=celltype:islet&type=CURES&to=outcome:safety")]
    [InlineData("/api/evidence?from=celltype:islet&type=TESTS")]
    [InlineData("/api/export?format=xls")]
    [InlineData("/api/ingestions?status=Lost")]
    public async Task Invalid_parameters_are_400_problems(string url)
    {
        var detail = await Client.ProblemAsync(url, HttpStatusCode.BadRequest);
        Assert.NotEmpty(detail);
    }

    [Theory]
    [InlineData("/api/nodes/celltype:nothing")]
    [InlineData("/api/nodes/paper:doi:10.1000/none")]
    [InlineData("/api/nodes/celltype:nothing/neighbors")]
    [InlineData("/api/paths?from=celltype:treg&to=celltype:nothing")]
    [InlineData("/api/celltypes/nothing")]
    [InlineData("/api/trials/NCT99999999")]
    [InlineData("/api/evidence?from=celltype:treg&type=TESTS&to=celltype:islet")]
    [InlineData("/api/papers/paper:doi:10.1000/none")]
    [InlineData("/api/no-such-route")]
    public async Task Unknown_things_are_404_problems(string url) =>
        await Client.ProblemAsync(url, HttpStatusCode.NotFound);

    [Theory]
    [InlineData("/api/nodes/celltype:treg", "celltype:treg")]
    [InlineData("/api/nodes/" + Doi, Doi)]
    [InlineData("/api/nodes/" + EncodedDoi, Doi)]
    public async Task Nodes_are_found_by_ids_with_colons_and_slashes(string url, string id)
    {
        var node = await Client.JsonAsync(url);
        Assert.Equal(id, node.GetProperty("id").GetString());
        Assert.False(string.IsNullOrEmpty(node.GetProperty("name").GetString()));
    }

    [Theory]
    [InlineData("/api/nodes/celltype:treg/neighbors", "celltype:treg", "mechanism:immunomodulation")]
    [InlineData("/api/nodes/" + EncodedDoi + "/neighbors", Doi, "celltype:treg")]
    [InlineData("/api/nodes/" + Doi + "/neighbors", Doi, "celltype:treg")]
    public async Task Neighbors_include_the_start_and_adjacent_nodes(string url, string start, string neighbour)
    {
        var graph = await Client.JsonAsync(url);
        var ids = graph.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()).ToList();
        Assert.Contains(start, ids);
        Assert.Contains(neighbour, ids);
        Assert.NotEmpty(graph.GetProperty("relationships").EnumerateArray());
    }

    [Fact]
    public async Task Neighbors_respect_types_and_depth()
    {
        var actsVia = await Client.JsonAsync("/api/nodes/celltype:treg/neighbors?types=ACTS_VIA");
        Assert.All(actsVia.GetProperty("relationships").EnumerateArray(), r => Assert.Equal("ACTS_VIA", r.GetProperty("type").GetString()));
        var one = await Client.JsonAsync("/api/nodes/celltype:treg/neighbors?depth=1");
        var two = await Client.JsonAsync("/api/nodes/celltype:treg/neighbors?depth=2");
        Assert.True(two.GetProperty("nodes").GetArrayLength() > one.GetProperty("nodes").GetArrayLength());
    }

    [Fact]
    public async Task Path_links_a_trial_to_the_mechanism_of_the_cells_it_tests()
    {
        var path = await Client.JsonAsync("/api/paths?from=trial:NCT03835312&to=mechanism:replacement&maxHops=3");
        Assert.Equal(2, path.GetProperty("length").GetInt32());
        var nodes = path.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetString()).ToList();
        Assert.Equal("trial:NCT03835312", nodes[0]);
        Assert.Equal("mechanism:replacement", nodes[^1]);
        await Client.ProblemAsync("/api/paths?from=trial:NCT03835312&to=mechanism:replacement&maxHops=1", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cell_types_list_filter_and_lookup()
    {
        var all = await Client.JsonAsync("/api/celltypes");
        Assert.Equal(10, all.GetProperty("items").GetArrayLength());
        var replacement = await Client.JsonAsync("/api/celltypes?mechanism=replacement");
        var ids = replacement.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.Contains("celltype:islet", ids);
        Assert.DoesNotContain("celltype:treg", ids);
        var islet = await Client.JsonAsync("/api/celltypes/celltype:islet");
        Assert.Contains("trial:NCT03835312", islet.GetProperty("trials").Strings());
        var treg = await Client.JsonAsync("/api/celltypes/treg");
        Assert.Equal("celltype:treg", treg.GetProperty("id").GetString());
        var paged = await Client.JsonAsync("/api/celltypes?limit=4");
        Assert.Equal(4, paged.GetProperty("items").GetArrayLength());
        var rest = await Client.JsonAsync($"/api/celltypes?limit=500&cursor={paged.GetProperty("nextCursor").GetString()}");
        Assert.Equal(6, rest.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Trials_list_filter_and_lookup_by_either_id_form()
    {
        var all = await Client.JsonAsync("/api/trials?limit=500");
        var trialNodes = await Client.JsonAsync("/api/nodes?label=Trial&limit=500");
        Assert.Equal(trialNodes.GetProperty("items").GetArrayLength(), all.GetProperty("items").GetArrayLength());
        var replacement = await Client.JsonAsync("/api/trials?mechanism=mechanism:replacement");
        Assert.Contains("trial:NCT03835312", replacement.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        var byCell = await Client.JsonAsync("/api/trials?cellType=islet");
        Assert.All(byCell.GetProperty("items").EnumerateArray(), t => Assert.Contains("celltype:islet", t.GetProperty("cellTypes").Strings()));
        foreach (var id in new[] { "NCT03835312", "trial:NCT03835312", "nct03835312" })
        {
            var trial = await Client.JsonAsync($"/api/trials/{id}");
            Assert.Equal("trial:NCT03835312", trial.GetProperty("id").GetString());
            Assert.Contains("celltype:islet", trial.GetProperty("cellTypes").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        }
    }

    [Fact]
    public async Task Mechanism_comparison_puts_replacement_and_immunomodulation_side_by_side()
    {
        var cmp = await Client.JsonAsync("/api/mechanisms/compare");
        var replacement = cmp.GetProperty("replacement");
        var immuno = cmp.GetProperty("immunomodulation");
        Assert.Equal("mechanism:replacement", replacement.GetProperty("mechanism").GetString());
        Assert.Equal("mechanism:immunomodulation", immuno.GetProperty("mechanism").GetString());
        Assert.Contains("celltype:islet", replacement.GetProperty("cellTypes").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Contains("celltype:treg", immuno.GetProperty("cellTypes").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        foreach (var side in new[] { replacement, immuno })
        {
            var byPhase = side.GetProperty("trialsByPhase").EnumerateObject().Sum(p => p.Value.GetInt32());
            Assert.Equal(side.GetProperty("trialCount").GetInt32(), byPhase);
            Assert.All(side.GetProperty("outcomes").EnumerateArray(), o =>
                Assert.True(o.GetProperty("positiveEvidence").GetInt32() + o.GetProperty("negativeEvidence").GetInt32() <= o.GetProperty("evidenceCount").GetInt32()));
        }
        Assert.True(replacement.GetProperty("trialCount").GetInt32() >= 1);
    }

    [Fact]
    public async Task Evidence_returns_the_sentences_behind_an_edge_in_pages()
    {
        var evidence = await Client.JsonAsync($"/api/evidence?from={EncodedDoi}&type=mentions&to=condition:t1d&limit=1");
        Assert.Equal("MENTIONS", evidence.GetProperty("relationship").GetProperty("type").GetString());
        var sentences = evidence.GetProperty("evidence");
        Assert.Equal(1, sentences.GetArrayLength());
        Assert.False(string.IsNullOrWhiteSpace(sentences[0].GetProperty("text").GetString()));
        var next = evidence.GetProperty("nextCursor").GetString();
        Assert.NotNull(next);
        var more = await Client.JsonAsync($"/api/evidence?from={EncodedDoi}&type=MENTIONS&to=condition:t1d&cursor={next}");
        Assert.Equal(evidence.GetProperty("relationship").GetProperty("evidenceCount").GetInt32() - 1, more.GetProperty("evidence").GetArrayLength());
        Assert.DoesNotContain(sentences[0].GetProperty("start").GetInt32() + sentences[0].GetProperty("text").GetString(),
            more.GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("start").GetInt32() + e.GetProperty("text").GetString()));
    }

    [Theory]
    [InlineData("json", "application/json", "\"nodes\"")]
    [InlineData("graphml", "application/graphml+xml", "<graphml")]
    [InlineData("cypher", "text/plain", "MERGE (n:Entity {id: 'celltype:treg'}) SET n:CellType")]
    public async Task Export_writes_each_format(string format, string mediaType, string expected)
    {
        using var response = await Client.GetAsync($"/api/export?format={format}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Guide_is_served_with_cors_when_present_else_404()
    {
        using var response = await Client.GetAsync("/api/guide");
        if (SchemaFiles.Find(SchemaFiles.GuideRelativePath) is null)
        {
            await response.ProblemAsync(HttpStatusCode.NotFound);
            return;
        }
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task Papers_are_found_by_doi_id_with_what_they_mention()
    {
        var paper = await Client.JsonAsync("/api/papers/" + Doi);
        Assert.Equal(Doi, paper.GetProperty("id").GetString());
        Assert.False(string.IsNullOrEmpty(paper.GetProperty("contentHash").GetString()));
        Assert.Contains(paper.GetProperty("relationships").EnumerateArray(),
            r => r.GetProperty("type").GetString() == "MENTIONS" && r.GetProperty("to").GetString() == "celltype:treg");
    }
}
