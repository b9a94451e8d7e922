namespace KnowledgeGraph.Explorer.Tests;

/// <summary>Which store the browser suite's <see cref="TestApiHost"/> runs on.</summary>
internal static class ExplorerStore
{
    /// <summary>
    /// SQLite in a temp folder by default. With <c>KG_EXPLORER_STORE=neo4j</c> (and NEO4J_URI, NEO4J_USER,
    /// NEO4J_PASSWORD, optional NEO4J_DATABASE: a throwaway database) the same browser suite runs over the Neo4j store,
    /// which the page reaches only through the HTTP API. Every expectation is read from the live API, not from SQLite.
    /// </summary>
    public static Dictionary<string, string?> Settings()
    {
        if (!string.Equals(Environment.GetEnvironmentVariable("KG_EXPLORER_STORE"), "neo4j", StringComparison.OrdinalIgnoreCase))
            return [];
        string Required(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"KG_EXPLORER_STORE=neo4j needs {name}.");
        return new()
        {
            ["KG:Store"] = "Neo4j",
            ["KG:Neo4j:Uri"] = Required("NEO4J_URI"),
            ["KG:Neo4j:User"] = Required("NEO4J_USER"),
            ["KG:Neo4j:Password"] = Required("NEO4J_PASSWORD"),
            ["KG:Neo4j:Database"] = Environment.GetEnvironmentVariable("NEO4J_DATABASE") is { Length: > 0 } db ? db : "neo4j",
        };
    }
}
