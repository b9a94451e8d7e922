using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Api.Http;

/// <summary>Pages a list the store returns whole (cell types, evidence) with the same opaque limit/cursor contract.</summary>
public static class OffsetPaging
{
    public static Page<T> Page<T>(IReadOnlyList<T> all, int limit, string? cursor)
    {
        var offset = Decode(cursor);
        var items = all.Skip(offset).Take(limit).ToList();
        var next = offset + items.Count < all.Count ? PageCursor.EncodeOffset(offset + items.Count) : null;
        return new Page<T>(items, next);
    }

    private static int Decode(string? cursor)
    {
        try
        {
            return PageCursor.DecodeOffset(cursor);
        }
        catch (ArgumentException)
        {
            throw ApiProblemException.BadRequest("The cursor is not valid here.");
        }
    }
}
