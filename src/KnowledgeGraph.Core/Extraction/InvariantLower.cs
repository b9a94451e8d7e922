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

    /// <summary>Writes <see cref="Of"/>(<paramref name="text"/>) into <paramref name="destination"/> (as long as the text):
    /// ASCII text without a copy, other text through the same framework call.</summary>
    public static void Into(string text, Span<char> destination)
    {
        if (Ascii.IsValid(text)) Ascii.ToLower(text, destination, out _);
        else text.ToLowerInvariant().CopyTo(destination);
    }
}
