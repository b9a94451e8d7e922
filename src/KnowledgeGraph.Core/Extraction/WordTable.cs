namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// A fixed set of lower-case words with a value each, probed with a span of a sentence's lower-cased text: an open-addressed
/// table (linear probing, at most a quarter full) hashed on the word's length and its first, second, middle, second-last and
/// last chars. A probe hashes a few chars and compares one or two keys, where a frozen dictionary's alternate lookup hashes a
/// substring, walks a bucket and goes through an interface call; it answers exactly as a dictionary of the same words would
/// (a hit needs an ordinal match of the whole word), which ExtractionFastPathTests pins.
/// </summary>
internal sealed class WordTable<T>
{
    private readonly string?[] _keys;
    private readonly T[] _values;
    private readonly int _shift;

    public WordTable(IEnumerable<KeyValuePair<string, T>> entries)
    {
        var list = entries.ToList();
        var bits = 4;
        while ((1 << bits) < list.Count * 4) bits++;
        _keys = new string?[1 << bits];
        _values = new T[1 << bits];
        _shift = 32 - bits;
        foreach (var (key, value) in list)
        {
            var i = Slot(key);
            while (_keys[i] is { } k)
            {
                if (string.Equals(k, key, StringComparison.Ordinal)) throw new ArgumentException($"Duplicate word '{key}'.", nameof(entries));
                i = (i + 1) & (_keys.Length - 1);
            }
            _keys[i] = key;
            _values[i] = value;
        }
        Count = list.Count;
    }

    /// <summary>The number of words.</summary>
    public int Count { get; }

    /// <summary>Every word with its value.</summary>
    public IEnumerable<KeyValuePair<string, T>> Entries
    {
        get
        {
            for (var i = 0; i < _keys.Length; i++)
                if (_keys[i] is { } k) yield return new(k, _values[i]);
        }
    }

    public bool TryGetValue(ReadOnlySpan<char> word, out T value)
    {
        if (word.Length > 0)
        {
            var keys = _keys;
            var mask = keys.Length - 1;
            for (var i = Slot(word); keys[i] is { } k; i = (i + 1) & mask)
                if (k.Length == word.Length && word.SequenceEqual(k))
                {
                    value = _values[i];
                    return true;
                }
        }
        value = default!;
        return false;
    }

    public bool Contains(ReadOnlySpan<char> word) => TryGetValue(word, out _);

    // Fibonacci hashing of a mix of the length and five chars (the first two, the middle, the last two).
    private int Slot(ReadOnlySpan<char> w)
    {
        if (w.Length == 0) return 0;
        var n = w.Length;
        var h = (uint)n * 0x9E3779B1u;
        h = (h ^ w[0]) * 0x85EBCA77u;
        h = (h ^ w[n - 1]) * 0xC2B2AE3Du;
        h = (h ^ w[n >> 1]) * 0x27D4EB2Fu;
        h = (h ^ w[n > 1 ? 1 : 0] ^ ((uint)w[n > 1 ? n - 2 : 0] << 16)) * 0x165667B1u;
        return (int)(h >> _shift);
    }
}
