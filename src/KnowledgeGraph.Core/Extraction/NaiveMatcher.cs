using KnowledgeGraph.Core.Vocabulary;

namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// The benchmark baseline, not used by the pipeline: a case-insensitive <see cref="string.IndexOf(string, StringComparison)"/>
/// for every synonym over the whole text, as a first attempt would do. It finds substrings (no word boundaries,
/// no folding, overlaps allowed), so compare its speed with <see cref="LexiconMatcher"/>, not its output.
/// </summary>
public sealed class NaiveMatcher
{
    private readonly (string Phrase, string ConceptId)[] _phrases;

    public NaiveMatcher(ConceptVocabulary vocabulary) =>
        _phrases = [.. vocabulary.Concepts.SelectMany(c => c.Synonyms.Append(c.Name).Select(s => (s, c.Id)))];

    public int PhraseCount => _phrases.Length;

    /// <summary>Every (concept id, start, end) hit of every synonym.</summary>
    public IReadOnlyList<(string ConceptId, int Start, int End)> Match(string text)
    {
        var hits = new List<(string, int, int)>();
        foreach (var (phrase, id) in _phrases)
        {
            var at = 0;
            while ((at = text.IndexOf(phrase, at, StringComparison.OrdinalIgnoreCase)) >= 0)
            {
                hits.Add((id, at, at + phrase.Length));
                at += phrase.Length;
            }
        }
        return hits;
    }
}
