using KnowledgeGraph.Core.Vocabulary;

namespace KnowledgeGraph.Core.Graph;

/// <summary>
/// The part of the graph that comes from the vocabulary, not from papers: one node per concept and the curated
/// ACTS_VIA, BROADER and MADE_OF edges (agentType manual_agent), owned by <see cref="EdgeContribution.VocabularyDocumentId"/>.
/// Every store writes it on initialisation.
/// </summary>
public static class VocabularyGraph
{
    public static GraphBatch Build(ConceptVocabulary vocabulary)
    {
        var nodes = vocabulary.Concepts.Select(ToNode).ToList();
        var edges = new List<GraphEdge>();
        foreach (var c in vocabulary.Concepts)
        {
            foreach (var mechanism in c.ActsVia)
                edges.Add(Manual(c.Id, GraphSchema.Relationships.ActsVia, mechanism));
            if (c.Broader is { } broader)
                edges.Add(Manual(c.Id, BroaderType(vocabulary, c, broader), broader));
        }
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Join('\n', vocabulary.Concepts.Select(c =>
                string.Join('\t', c.Id, c.Kind, c.Name, string.Join('|', c.Synonyms), c.Broader, string.Join('|', c.ActsVia), string.Join('|', c.Xrefs)))))));
        return new GraphBatch(EdgeContribution.VocabularyDocumentId, hash, "graph-schema/vocabulary.tsv", [], nodes, edges);
    }

    /// <summary>BROADER within a kind; a product's broader concept is the cell type it is MADE_OF.</summary>
    public static string BroaderType(ConceptVocabulary vocabulary, Concept c, string broader) =>
        c.Kind == GraphSchema.Labels.Product && vocabulary.Find(broader)?.Kind == GraphSchema.Labels.CellType
            ? GraphSchema.Relationships.MadeOf
            : GraphSchema.Relationships.Broader;

    public static GraphNode ToNode(Concept c) => new(
        c.Id,
        GraphSchema.LabelForKind(c.Kind),
        c.Name,
        new Dictionary<string, object?>
        {
            ["category"] = GraphSchema.CategoryOf(c.Kind),
            ["synonyms"] = c.Synonyms.ToArray(),
            ["xrefs"] = c.Xrefs.ToArray(),
        })
    { Authoritative = true };

    private static GraphEdge Manual(string from, string type, string to) =>
        new(from, type, to, GraphEdge.ManualAgent, [], new Dictionary<string, object?>());
}
