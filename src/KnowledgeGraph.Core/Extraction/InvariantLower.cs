using System.Text;

namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// <see cref="string.ToLowerInvariant()"/> with a vectorised path for ASCII text. Under InvariantGlobalization (set for
/// every project) the framework lowers char by char through its invariant casing table, which cost as much as
/// tokenising a sentence; for ASCII text invariant lowering is exactly A-Z to a-z, which <see cref="Ascii.ToLower(ReadOnlySpan{char}, Span{char}, out int)"/>
/// does a vector at a time. Any other text takes the framework's path, so the result is always the same string.
/// </summary>
internal static class InvariantLower
{
    public static string Of(string text)
    {
        if (!Ascii.IsValid(text)) return text.ToLowerInvariant();
        if (!text.AsSpan().ContainsAnyInRange('A', 'Z')) return text; // already lower case: no copy (as ToLowerInvariant does)
        return string.Create(text.Length, text, static (into, from) => Ascii.ToLower(from, into, out _));
    }

    /// <summary>Writes <see cref="Of"/>(<paramref name="text"/>) into <paramref name="destination"/> (as long as the text),
    /// without a copy. Text with a non-ASCII char ("β cells") lowers its ASCII runs a vector at a time and each other
    /// char with <see cref="char.ToLowerInvariant(char)"/>, the same per-char mapping the framework's string lowering
    /// uses under InvariantGlobalization; only text holding a surrogate (which that lowering maps as a pair) takes the
    /// framework's string path.</summary>
    public static void Into(string text, Span<char> destination)
    {
        var source = text.AsSpan();
        if (Ascii.IsValid(source)) { Ascii.ToLower(source, destination, out _); return; }
        if (source.ContainsAnyInRange('\uD800', '\uDFFF')) { text.ToLowerInvariant().CopyTo(destination); return; }
        var i = 0;
        while (i < source.Length)
        {
            var run = source[i..].IndexOfAnyExceptInRange('\0', '\u007F');
            var ascii = run < 0 ? source.Length - i : run;
            if (ascii > 0)
            {
                Ascii.ToLower(source.Slice(i, ascii), destination.Slice(i, ascii), out _);
                i += ascii;
            }
            if (i < source.Length)
            {
                destination[i] = char.ToLowerInvariant(source[i]);
                i++;
            }
        }
    }
}
