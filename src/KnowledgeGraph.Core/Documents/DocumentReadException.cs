namespace KnowledgeGraph.Core.Documents;

/// <summary>Why a document could not be read. Stable codes for ledgers, problem+json and quarantine metadata.</summary>
public enum DocumentErrorCode
{
    Empty,
    TooLarge,
    UnknownFormat,
    Malformed,
    NoText,
    LimitExceeded,
    Unsafe,
}

/// <summary>A document that cannot be read: the message says what is wrong in words a user can act on.</summary>
public sealed class DocumentReadException : Exception
{
    public DocumentReadException(DocumentErrorCode code, string message, Exception? inner = null)
        : base(message, inner) => Code = code;

    public DocumentErrorCode Code { get; }
}
