namespace KnowledgeGraph.Core.Documents;

/// <summary>What every format reader needs besides the bytes: the limits, the source name and the (timeout-linked) token.</summary>
internal sealed record ReadContext(ReaderLimits Limits, string SourceName, CancellationToken Token)
{
    /// <summary>
    /// Reads each item of a multi-paper file (PubMed set, CT.gov search page, JSON array) with its 1-based index,
    /// checking cancellation and <see cref="ReaderLimits.MaxDocuments"/> before each one.
    /// </summary>
    public List<PaperDocument> ReadEach<T>(IReadOnlyList<T> items, string what, Func<T, int, PaperDocument> read)
    {
        var papers = new List<PaperDocument>(items.Count);
        foreach (var item in items)
        {
            EnsureRoomFor(papers.Count, what);
            papers.Add(read(item, papers.Count + 1));
        }

        return papers;
    }

    /// <summary>Throws when adding one more paper would exceed <see cref="ReaderLimits.MaxDocuments"/>.</summary>
    private void EnsureRoomFor(int countSoFar, string what)
    {
        Token.ThrowIfCancellationRequested();
        if (countSoFar >= Limits.MaxDocuments)
        {
            throw new DocumentReadException(DocumentErrorCode.LimitExceeded,
                $"{what}: more than {Limits.MaxDocuments} documents in '{SourceName}' (KG:Ingestion:MaxDocumentsPerInput)");
        }
    }
}
