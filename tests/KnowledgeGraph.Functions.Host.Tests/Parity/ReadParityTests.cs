namespace KnowledgeGraph.Functions.Host.Tests.Parity;

/// <summary>
/// Every read function of the Functions app, run by the worker under the test host, answers exactly as
/// <c>kg serve</c> does on a copy of the same graph: successes, 400/404 problems, exports, the guide, the OpenAPI
/// document and the explorer page and assets. Routes that match no function are the host's own 404 and not compared.
/// </summary>
public sealed class ReadParityTests(ParityHosts hosts) : IClassFixture<ParityHosts>
{
    public static TheoryData<string> Reads => new()
    {
        // Health
        "api/health",
        // SearchNodes
        "api/nodes?q=treg&limit=5",
        "api/nodes?label=CellType&limit=3",
        "api/nodes?limit=ten",
        "api/nodes?label=Gene",
        "api/nodes?cursor=not-a-cursor",
        // GetNode (catch-all id, DOIs keep their '/')
        "api/nodes/celltype:treg",
        "api/nodes/paper:doi:10.1007/s10517-025-06444-5",
        "api/nodes/celltype:nothing",
        "api/nodes/",
        // GetNeighbors
        "api/nodes/celltype:treg/neighbors?depth=2",
        "api/nodes/celltype:treg/neighbors?types=LIKES",
        "api/nodes/celltype:nothing/neighbors",
        "api/nodes/paper:doi:10.1007%2Fs10517-025-06444-5/neighbors",
        // FindPath
        "api/paths?from=celltype:treg&to=celltype:islet&maxHops=4",
        "api/paths?from=celltype:treg",
        // GetEvidence
        "api/evidence?from=trial:NCT01210664&type=TESTS&to=celltype:treg",
        "api/evidence?from=trial:NCT04786262&type=REPORTS_OUTCOME&to=outcome:c-peptide",
        "api/evidence?from=celltype:islet&type=TESTS",
        // ListCellTypes, GetCellType
        "api/celltypes",
        "api/celltypes?mechanism=replacement",
        "api/celltypes?mechanism=magic",
        "api/celltypes/treg",
        "api/celltypes/nothing",
        // ListTrials, GetTrial
        "api/trials",
        "api/trials?mechanism=mechanism:replacement",
        "api/trials?limit=-1",
        "api/trials/NCT04786262",
        "api/trials/NCT99999999",
        // CompareMechanisms
        "api/mechanisms/compare",
        // GetPaper
        "api/papers/paper:doi:10.1007/s10517-025-06444-5",
        "api/papers/paper:doi:10.1000/none",
        // ListIngestions
        "api/ingestions",
        "api/ingestions?status=ingested",
        "api/ingestions?status=Lost",
        // Export, Guide, OpenApi
        "api/export?format=json",
        "api/export?format=graphml",
        "api/export?format=cypher",
        "api/export?format=xls",
        "api/guide",
        "api/openapi.json",
        // The review's table
        "api/evidence-table",
        "api/evidence-table?mechanism=mechanism:replacement&format=csv",
        "api/evidence-table?format=markdown&outcome=outcome:insulin-independence",
        "api/evidence-table?format=xls",
        "api/evidence-matrix",
        // Explorer: the page and its assets
        "api/explorer",
        "api/explorer/",
        "api/explorer/app.js",
        "api/explorer/style.json",
        "api/explorer/nothing.js",
        "api/explorer/..%2Fhost.json",
    };

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task Function_answers_a_read_as_kg_serve_does(string path)
    {
        using var expected = await hosts.Serve.GetAsync(path);
        using var actual = await hosts.App.GetAsync(path);
        var serve = await ResponseSnapshot.TakeAsync(expected);
        var app = await ResponseSnapshot.TakeAsync(actual);
        Assert.True(serve.Head == app.Head, $"GET {path}\nkg serve:\n{serve.Head}\nFunctions:\n{app.Head}{app.Body[..Math.Min(app.Body.Length, 2000)]}\n{string.Join('\n', hosts.Functions.Logs.TakeLast(30))}");
        Assert.Equal(serve.Body, app.Body);
        Assert.Empty(hosts.Functions.Failures);
    }
}
