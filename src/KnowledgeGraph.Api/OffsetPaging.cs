using System.Globalization;
using System.Text;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Api;

/// <summary>Pages a list the store returns whole (cell types, evidence) with the same opaque limit/cursor contract.</summary>
public static class OffsetPaging
{
    public static Page<T> Page<T>(IReadOnlyList<T> all, int limit, string? cursor)
    {
        var offset = Decode(cursor);
        var items = all.Skip(offset).Take(limit).ToList();
        var next = offset + items.Count < all.Count ? Encode(offset + items.Count) : null;
        return new Page<T>(items, next);
    }

    private static string Encode(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("p:" + offset.ToString(CultureInfo.InvariantCulture))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static int Decode(string? cursor)
    {
        if (cursor is null) return 0;
        try
        {
            var b64 = cursor.Replace('-', '+').Replace('_', '/');
            b64 += new string('=', (4 - b64.Length % 4) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(b64));
            if (text.StartsWith("p:", StringComparison.Ordinal) && int.TryParse(text[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var o))
                return o;
        }
        catch (FormatException)
        {
        }
        throw ApiProblemException.BadRequest("The cursor is not valid here.");
    }
}
