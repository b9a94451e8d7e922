namespace KnowledgeGraph.Core.Graph;

/// <summary>Rules every stored id follows, so an id valid at ingest is valid in every URL and header too.</summary>
public static class GraphIds
{
    /// <summary>Longest node or document id; the HTTP API accepts ids up to this length.</summary>
    public const int MaxLength = 512;
}
