namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// A quick "certainly not in the set" test for lower-case words before a hash probe: one bit per (first letter, last
/// letter, length) held by some word of the set. Most words of a sentence ("insulin", "glucose", "patients'") share no
/// such triple with a cue word, and two array reads reject them where a frozen-set probe hashes the word. Words that do
/// not start and end with a-z, or are 64 chars or longer, are always passed on to the real probe, so the filter never
/// changes an answer.
/// </summary>
internal sealed class WordFilter
{
    private readonly ulong[] _lengths = new ulong[26 * 26];

    public WordFilter(IEnumerable<string> words)
    {
        foreach (var w in words)
            if (Slot(w) is var slot and >= 0) _lengths[slot] |= 1UL << w.Length;
    }

    /// <summary>False only when <paramref name="word"/> is certainly not one of the set's words.</summary>
    public bool MayContain(ReadOnlySpan<char> word)
    {
        var slot = Slot(word);
        return slot < 0 || (_lengths[slot] & (1UL << word.Length)) != 0;
    }

    // -1 when the word is outside what the table covers (then it is always probed).
    private static int Slot(ReadOnlySpan<char> w)
    {
        if (w.Length is 0 or >= 64) return -1;
        var first = (uint)(w[0] - 'a');
        var last = (uint)(w[^1] - 'a');
        return first < 26 && last < 26 ? (int)(first * 26 + last) : -1;
    }
}
