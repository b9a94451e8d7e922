namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// The word ranges of one document's <see cref="ScopeDetector"/>s, packed into shared chunks instead of an array per
/// sentence. A full chunk is left to the detectors that point into it and a new one started, so a range never moves.
/// <see cref="Reset"/> reuses the last chunk from its start: call it only when no detector made with this arena is in use
/// (<see cref="ConceptExtractor"/> keeps one per thread and resets it when a document starts).
/// </summary>
internal sealed class WordArena
{
    private const int ChunkWords = 4096;
    private (int Start, int End)[] _chunk = new (int Start, int End)[ChunkWords];
    private int _used;

    public ArraySegment<(int Start, int End)> Copy(ReadOnlySpan<(int Start, int End)> words)
    {
        if (words.Length > _chunk.Length - _used)
        {
            _chunk = new (int Start, int End)[Math.Max(ChunkWords, words.Length)];
            _used = 0;
        }
        var segment = new ArraySegment<(int Start, int End)>(_chunk, _used, words.Length);
        words.CopyTo(segment);
        _used += words.Length;
        return segment;
    }

    public void Reset() => _used = 0;

    /// <summary>The tokeniser's scratch buffer for the arena's thread (words are found here, then copied in at their exact
    /// number): held by the arena so a sentence costs no thread-static lookup. Dropped when a huge sentence grew it.</summary>
    public (int Start, int End)[] Scratch = new (int Start, int End)[256];
}
