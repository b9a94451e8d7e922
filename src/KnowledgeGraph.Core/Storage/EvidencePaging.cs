using System.Globalization;
using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Core.Storage;

/// <summary>One page of the evidence behind an edge: its sentences in document order, a page at a time. The
/// relationship carries the totals (<see cref="GraphRelationship.EvidenceCount"/> sentences in all), so a caller
/// knows how many there are without reading them.</summary>
public sealed record EdgeEvidencePage(GraphRelationship Relationship, IReadOnlyList<EvidenceSentence> Evidence, string? NextCursor);

/// <summary>
/// Keyset paging of an edge's evidence sentences, shared by the stores so their cursors mean the same: the order is
/// the contributing documents' ids (ordinal), then each document's sentences as stored; a cursor names the document
/// and how many of its sentences were already returned. A store reads from that document on (an index range), so a
/// page costs its own sentences, not the edge's thousands (an edge many papers support), and paging is complete and
/// stable while the edge is unchanged; a page after a write resumes at the same document.
/// </summary>
public static class EvidencePaging
{
    /// <summary>The position a cursor resumes at: the first document to read and how many of its sentences to skip;
    /// null for the first page.</summary>
    /// <exception cref="ArgumentException">Not a cursor of this paging.</exception>
    public static (string DocumentId, int Skip)? Decode(string? cursor)
    {
        if (PageCursor.DecodeKey(cursor) is not { } key) return null;
        var cut = key.LastIndexOf('\n');
        if (cut < 0 || !int.TryParse(key.AsSpan(cut + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var skip))
            throw new ArgumentException("The cursor is not valid here.", nameof(cursor));
        return (key[..cut], skip);
    }

    public static string Encode(string documentId, int skip) =>
        PageCursor.EncodeKey(documentId + "\n" + skip.ToString(CultureInfo.InvariantCulture));

    /// <summary>Collects one page from documents read in id order from the cursor's document on (documents before it
    /// are skipped here too, so a caller may pass them). Stops reading after the first sentence beyond the page.</summary>
    public static async Task<(List<EvidenceSentence> Page, string? Next)> CollectAsync(
        IAsyncEnumerable<(string DocumentId, IReadOnlyList<EvidenceSentence> Sentences)> documents, int limit, (string DocumentId, int Skip)? from,
        CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var page = new List<EvidenceSentence>(Math.Min(limit, 256));
        await foreach (var (documentId, sentences) in documents.WithCancellation(ct))
        {
            var start = 0;
            if (from is { } f)
            {
                var c = string.CompareOrdinal(documentId, f.DocumentId);
                if (c < 0) continue;
                if (c == 0) start = f.Skip;
            }
            for (var i = start; i < sentences.Count; i++)
            {
                if (page.Count == limit) return (page, Encode(documentId, i));
                page.Add(sentences[i]);
            }
        }
        return (page, null);
    }

    /// <summary>The page of an edge whose contributions are all in memory (a store that reads the edge whole).</summary>
    public static async Task<EdgeEvidencePage> PageAsync(GraphRelationship relationship, IEnumerable<EdgeContribution> contributions, int limit, string? cursor,
        CancellationToken ct)
    {
        var from = Decode(cursor);
        var (page, next) = await CollectAsync(InOrder(contributions), limit, from, ct);
        return new EdgeEvidencePage(relationship, page, next);
    }

    private static async IAsyncEnumerable<(string, IReadOnlyList<EvidenceSentence>)> InOrder(IEnumerable<EdgeContribution> contributions)
    {
        await Task.CompletedTask;
        foreach (var c in contributions.OrderBy(c => c.DocumentId, StringComparer.Ordinal)) yield return (c.DocumentId, c.Evidence);
    }
}
