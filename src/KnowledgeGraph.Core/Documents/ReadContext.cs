namespace KnowledgeGraph.Core.Documents;

/// <summary>What every format reader needs besides the bytes: the limits, the source name and the (timeout-linked) token.</summary>
internal sealed record ReadContext(ReaderLimits Limits, string SourceName, CancellationToken Token)
{
    /// <summary>Throws when adding one more paper would exceed <see cref="ReaderLimits.MaxDocuments"/>.</summary>
    public void EnsureRoomFor(int countSoFar, string what)
    {
        Token.ThrowIfCancellationRequested();
        if (countSoFar >= Limits.MaxDocuments)
        {
            throw new DocumentReadException(DocumentErrorCode.LimitExceeded,
                $"{what}: more than {Limits.MaxDocuments} documents in '{SourceName}' (limit MaxDocuments)");
        }
    }
}
