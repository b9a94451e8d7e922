using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Vocabulary;

namespace KnowledgeGraph.Sqlite.Tests;

/// <summary>The encodings of a node a batch does not own, worked out once per node instance.</summary>
public class SharedNodeTextTests
{
    [Fact]
    public void Shared_node_text_is_the_direct_encoding_and_is_reused_for_the_same_instance()
    {
        var node = VocabularyGraph.ToNode(ConceptVocabulary.Default.Get("celltype:treg")) with { Authoritative = false };

        var text = SharedNodeText.Of(node);

        var json = GraphJson.Serialize(node);
        Assert.Equal(json, text.Json);
        Assert.Equal(BatchCodec.NodeHash(json), text.Hash);
        Assert.Equal(GraphJson.Serialize(node.Properties), text.Props);
        Assert.Equal(SqliteGraphStore.SearchText(node), text.Search);
        Assert.Same(text, SharedNodeText.Of(node));
        // An equal node that is another instance gets its own entry (equal values): the cache never keys by content.
        var copy = node with { };
        Assert.NotSame(text, SharedNodeText.Of(copy));
        Assert.Equal(text, SharedNodeText.Of(copy));
    }
}
