using System.Buffers;

namespace KnowledgeGraph.Core.Extraction;

/// <summary>
/// Character sets the extractor scans text for, as <see cref="SearchValues{T}"/> so the scans are vectorised. Each set
/// is defined by the char predicate it stands for, so a scan with it finds exactly what a char-by-char loop would.
/// </summary>
internal static class CharSets
{
    /// <summary>Every char <see cref="char.IsDigit(char)"/> accepts: like the regex <c>\d</c>, non-ASCII decimal digits too.</summary>
    public static readonly SearchValues<char> Digits =
        SearchValues.Create([.. Enumerable.Range(0, char.MaxValue + 1).Select(i => (char)i).Where(char.IsDigit)]);

    /// <summary>The ASCII chars that continue a word: the ASCII letters and digits (all that <see cref="char.IsLetterOrDigit(char)"/>
    /// or <see cref="char.IsLetter(char)"/> / <see cref="char.IsNumber(char)"/> accept below 128) and the apostrophe.
    /// A scan with it stops at any other char; a non-ASCII stop must then be judged by the caller's own predicate.</summary>
    public static readonly SearchValues<char> AsciiWordChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'");
}
