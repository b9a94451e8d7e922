namespace KnowledgeGraph.Core.Vocabulary;

/// <summary>One vocabulary concept. <see cref="Id"/> is a stable key (e.g. <c>celltype:treg</c>): never renamed.</summary>
public sealed record Concept(
    string Id,
    string Kind,
    string Name,
    IReadOnlyList<string> Synonyms,
    string? Broader,
    IReadOnlyList<string> ActsVia,
    IReadOnlyList<string> Xrefs);
