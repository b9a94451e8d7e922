using System.Globalization;
using System.Text;

namespace KnowledgeGraph.Core.Storage;

/// <summary>
/// Opaque paging cursors (base64url of a tagged value) shared by the stores and the API, so callers cannot
/// depend on what is inside and every place rejects a foreign cursor the same way. Null or empty: the first page.
/// </summary>
public static class PageCursor
{
    /// <summary>A cursor that resumes after a sort key (keyset paging).</summary>
    public static string EncodeKey(string key) => Base64Url("k:" + key);

    /// <summary>A cursor that resumes at a row offset (lists ranked or returned whole).</summary>
    public static string EncodeOffset(int offset) => Base64Url("o:" + offset.ToString(CultureInfo.InvariantCulture));

    /// <exception cref="ArgumentException">The cursor was not issued by <see cref="EncodeKey"/>.</exception>
    public static string? DecodeKey(string? cursor) => string.IsNullOrEmpty(cursor) ? null : Decode(cursor, 'k');

    /// <exception cref="ArgumentException">The cursor was not issued by <see cref="EncodeOffset"/>.</exception>
    public static int DecodeOffset(string? cursor) =>
        string.IsNullOrEmpty(cursor) ? 0
        : int.TryParse(Decode(cursor, 'o'), NumberStyles.None, CultureInfo.InvariantCulture, out var o) ? o
        : throw Invalid();

    private static string Base64Url(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Decode(string cursor, char kind)
    {
        try
        {
            var b64 = cursor.Replace('-', '+').Replace('_', '/');
            b64 += new string('=', (4 - b64.Length % 4) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
            if (text.Length >= 2 && text[0] == kind && text[1] == ':') return text[2..];
        }
        catch (FormatException)
        {
        }
        throw Invalid();
    }

    private static ArgumentException Invalid() => new("The cursor is not valid here.", "cursor");
}
