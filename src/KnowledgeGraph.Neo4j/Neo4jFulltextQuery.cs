namespace KnowledgeGraph.Neo4j;

/// <summary>
/// The Lucene query for <see cref="Neo4jStatements.SearchNodesIndexed"/>: one that every node whose name, id or a
/// synonym contains the search text matches, so the index only narrows the nodes the exact CASE ranking reads.
/// Built only for text of plain words (a-z, 0-9, single spaces): the index's analyzer (standard-no-stop-words,
/// Unicode word boundaries, lower case) never splits inside such a word, so a value containing
/// <c>w1 w2 ... wn</c> has a token ending with w1, tokens equal to the inner words and a token starting with wn
/// (one word: a token containing it). Any other text returns null and is searched by reading every node, as before.
/// </summary>
internal static class Neo4jFulltextQuery
{
    public static string? For(string q)
    {
        var words = q.Split(' ');
        if (words.Any(w => w.Length == 0 || !w.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9')))) return null;
        if (words.Length == 1) return $"*{words[0]}*";
        var parts = new List<string> { "*" + words[0] };
        parts.AddRange(words[1..^1]);
        parts.Add(words[^1] + "*");
        return string.Join(" AND ", parts);
    }
}
