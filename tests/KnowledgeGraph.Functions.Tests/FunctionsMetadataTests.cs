using System.Text.Json;

namespace KnowledgeGraph.Functions.Tests;

public sealed class FunctionsMetadataTests
{
    public static TheoryData<string, string, string, string> HttpFunctions => new()
    {
        { "Health", "health", "get", "Anonymous" },
        { "SearchNodes", "nodes", "get", "Anonymous" },
        { "GetNode", "nodes/{*id}", "get", "Anonymous" },
        { "GetNeighbors", "nodes/{id}/neighbors", "get", "Anonymous" },
        { "FindPath", "paths", "get", "Anonymous" },
        { "GetEvidence", "evidence", "get", "Anonymous" },
        { "ListCellTypes", "celltypes", "get", "Anonymous" },
        { "GetCellType", "celltypes/{id}", "get", "Anonymous" },
        { "ListTrials", "trials", "get", "Anonymous" },
        { "GetTrial", "trials/{id}", "get", "Anonymous" },
        { "CompareMechanisms", "mechanisms/compare", "get", "Anonymous" },
        { "GetEvidenceTable", "evidence-table", "get", "Anonymous" },
        { "GetEvidenceMatrix", "evidence-matrix", "get", "Anonymous" },
        { "IngestPaper", "papers", "post", "Function" },
        { "GetPaper", "papers/{*id}", "get", "Anonymous" },
        { "DeletePaper", "papers/{*id}", "delete", "Function" },
        { "ListIngestions", "ingestions", "get", "Anonymous" },
        { "Export", "export", "get", "Anonymous" },
        { "Guide", "guide", "get", "Anonymous" },
        { "OpenApi", "openapi.json", "get", "Anonymous" },
        { "Explorer", "explorer/{*asset}", "get", "Anonymous" },
    };

    private static IReadOnlyDictionary<string, JsonElement> Functions()
    {
        Assert.True(File.Exists(FunctionsBuild.MetadataPath), $"{FunctionsBuild.MetadataPath} missing: the Worker SDK did not generate it.");
        using var doc = JsonDocument.Parse(File.ReadAllText(FunctionsBuild.MetadataPath));
        return doc.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone());
    }

    private static JsonElement Trigger(JsonElement function) =>
        function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public void Http_function_has_its_route_method_and_auth_level(string name, string route, string method, string authLevel)
    {
        var trigger = Trigger(Functions()[name]);
        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(authLevel, trigger.GetProperty("authLevel").GetString());
    }

    [Fact]
    public void Blob_trigger_reads_the_papers_container_setting_through_event_grid()
    {
        var trigger = Trigger(Functions()["IngestBlob"]);
        Assert.Equal("blobTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("%KG:Ingestion:Container%/{name}", trigger.GetProperty("path").GetString());
        Assert.Equal("PapersStorage", trigger.GetProperty("connection").GetString());
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
        // A BlobClient (SDK-type binding), not bytes: the processor checks the size first and can move the blob.
        Assert.Equal("True", trigger.GetProperty("properties").GetProperty("supportsDeferredBinding").GetString());
    }

    [Fact]
    public void Reconcile_timer_reads_the_same_papers_container_as_the_trigger()
    {
        var function = Functions()["ReconcileBlobs"];
        var trigger = Trigger(function);
        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("0 */5 * * * *", trigger.GetProperty("schedule").GetString());
        var container = function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "blob");
        Assert.Equal("%KG:Ingestion:Container%", container.GetProperty("blobPath").GetString());
        Assert.Equal("PapersStorage", container.GetProperty("connection").GetString());
    }

    [Fact]
    public void Source_refresh_timer_runs_daily_into_the_papers_container()
    {
        var function = Functions()["RefreshSources"];
        var trigger = Trigger(function);
        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("0 30 3 * * *", trigger.GetProperty("schedule").GetString());
        var container = function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "blob");
        Assert.Equal("%KG:Ingestion:Container%", container.GetProperty("blobPath").GetString());
        Assert.Equal("PapersStorage", container.GetProperty("connection").GetString());
    }

    [Fact]
    public void Every_function_is_accounted_for()
    {
        var expected = HttpFunctions.Select(row => (string)row[0]).Append("IngestBlob").Append("ReconcileBlobs").Append("RefreshSources").Order(StringComparer.Ordinal);
        Assert.Equal(expected, Functions().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Host_json_is_the_top_level_one_with_the_api_route_prefix()
    {
        var output = Path.GetDirectoryName(FunctionsBuild.MetadataPath)!;
        var copied = File.ReadAllText(Path.Combine(output, "host.json"));
        Assert.Equal(File.ReadAllText(Path.Combine(Repo.Root, "host.json")), copied);
        Assert.False(File.Exists(Path.Combine(Repo.Root, "functions", "host.json")), "host.json must be linked, not duplicated");
        using var doc = JsonDocument.Parse(copied);
        Assert.Equal("2.0", doc.RootElement.GetProperty("version").GetString());
        Assert.Equal("api", doc.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }
}
