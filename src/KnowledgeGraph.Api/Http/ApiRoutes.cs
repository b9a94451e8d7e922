namespace KnowledgeGraph.Api.Http;

/// <summary>
/// Route templates shared by both hosts. They are relative to the <c>api</c> prefix: Functions adds it from
/// host.json (<c>extensions.http.routePrefix</c>), <c>kg serve</c> maps them under a <c>/api</c> group.
/// Ids with '/' (DOIs) use catch-all parameters; <c>nodes/{id}/neighbors</c> needs the '/' encoded as %2F
/// (a raw one is still served: see <see cref="GraphHandlers.GetNodeAsync"/>).
/// </summary>
public static class ApiRoutes
{
    public const string Prefix = "api";
    public const string Health = "health";
    public const string Nodes = "nodes";
    public const string Node = "nodes/{*id}";
    public const string Neighbors = "nodes/{id}/neighbors";
    public const string Paths = "paths";
    public const string CellTypes = "celltypes";
    public const string CellType = "celltypes/{id}";
    public const string Trials = "trials";
    public const string Trial = "trials/{id}";
    public const string MechanismsCompare = "mechanisms/compare";
    public const string Evidence = "evidence";
    public const string EvidenceTable = "evidence-table";
    public const string EvidenceMatrix = "evidence-matrix";
    public const string Papers = "papers";
    public const string Paper = "papers/{*id}";
    public const string Export = "export";
    public const string Guide = "guide";
    public const string Ingestions = "ingestions";
    public const string OpenApi = "openapi.json";
    /// <summary>
    /// The URL path of a paper, for Location headers: the id percent-encoded (UTF-8) except ':' and '/' (the route is a
    /// catch-all) so that any id a paper can have, non-ASCII or control characters included, makes a valid header and
    /// reads back through <see cref="Paper"/> (ids are decoded once more there).
    /// </summary>
    public static string PaperLocation(string paperId) =>
        $"/{Prefix}/papers/{Uri.EscapeDataString(paperId).Replace("%3A", ":", StringComparison.Ordinal).Replace("%2F", "/", StringComparison.Ordinal)}";

    /// <summary>The explorer page (empty asset) and its files; see <see cref="ExplorerHandlers"/>.</summary>
    public const string Explorer = "explorer/{*asset}";
}
