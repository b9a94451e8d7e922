using System.Text;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Extraction;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Vocabulary;

namespace KnowledgeGraph.Core.Tests.Graph;

/// <summary>The concept nodes batches refer to: one instance per concept, equal to the vocabulary's node but not owned.</summary>
public class ConceptReferenceNodesTests
{
    private static readonly ConceptExtractor Extractor = new(ConceptVocabulary.Default);

    private static GraphBatch BatchOf(GraphBatchBuilder builder, string text, string name) =>
        builder.Build(Extractor.Extract(Assert.Single(new DocumentReader().Read(Encoding.UTF8.GetBytes(text), name))));

    [Fact]
    public void Batches_of_two_papers_carry_the_same_instance_of_a_concept_they_both_name()
    {
        var builder = new GraphBatchBuilder(ConceptVocabulary.Default);
        var first = BatchOf(builder, "Regulatory T cells were infused in type 1 diabetes.", "a.txt");
        var second = BatchOf(builder, "Polyclonal Tregs preserved C-peptide in children with type 1 diabetes.", "b.txt");

        var a = Assert.Single(first.Nodes, n => n.Id == "celltype:treg");
        var b = Assert.Single(second.Nodes, n => n.Id == "celltype:treg");
        Assert.Same(a, b);
    }

    [Fact]
    public void Builders_of_one_vocabulary_share_its_reference_nodes()
    {
        // The ingest's builder and any other (the evaluator's, a test's) hand a store the same instance per concept, so
        // what the store derives from it is worked out once per process.
        var first = BatchOf(new GraphBatchBuilder(ConceptVocabulary.Default), "Regulatory T cells were infused in type 1 diabetes.", "a.txt");
        var second = BatchOf(new GraphBatchBuilder(ConceptVocabulary.Default), "Regulatory T cells were infused in type 1 diabetes.", "a.txt");

        Assert.Same(Assert.Single(first.Nodes, n => n.Id == "celltype:treg"), Assert.Single(second.Nodes, n => n.Id == "celltype:treg"));
    }

    [Fact]
    public void A_reference_node_is_the_vocabulary_node_not_owned_by_the_document()
    {
        var nodes = ConceptReferenceNodes.For(ConceptVocabulary.Default);
        var concept = ConceptVocabulary.Default.Get("celltype:treg");

        var node = nodes.Find(concept.Id)!;

        var vocabularyNode = VocabularyGraph.ToNode(concept) with { Authoritative = false };
        Assert.False(node.Authoritative);
        Assert.Equal(GraphJson.Serialize(vocabularyNode), GraphJson.Serialize(node));
        Assert.Null(nodes.Find("celltype:no-such-concept"));
    }
}
