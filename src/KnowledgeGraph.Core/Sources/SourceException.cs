using System.Net;

namespace KnowledgeGraph.Core.Sources;

/// <summary>A public service refused or failed a request after every retry, or answered something unreadable.</summary>
public sealed class SourceException(string message, HttpStatusCode? status = null, Exception? inner = null) : Exception(message, inner)
{
    public HttpStatusCode? Status { get; } = status;
}
