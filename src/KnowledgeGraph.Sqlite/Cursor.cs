using System.Text;

namespace KnowledgeGraph.Sqlite;

/// <summary>Opaque paging cursors (base64url) so callers cannot depend on what is inside.</summary>
internal static class Cursor
{
    public static string EncodeKey(string key) => Base64Url("k:" + key);

    public static string EncodeOffset(int offset) => Base64Url("o:" + offset.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static string? DecodeKey(string? cursor) => cursor is null ? null : Decode(cursor, 'k');

    public static int DecodeOffset(string? cursor) =>
        cursor is null ? 0
        : int.TryParse(Decode(cursor, 'o'), out var o) && o >= 0 ? o
        : throw new ArgumentException("The cursor is not valid here.", nameof(cursor));

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
        throw new ArgumentException("The cursor is not valid here.", nameof(cursor));
    }
}
