using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Core.Export;

/// <summary>Writes the store's graph in any export format; shared by <c>kg export</c> and <c>GET /api/export</c>.</summary>
public sealed class GraphExporter(IGraphStore store)
{
    public async Task WriteAsync(ExportFormat format, Stream output, CancellationToken cancellationToken = default)
    {
        switch (format)
        {
            case ExportFormat.Json:
                await GraphExport.WriteJsonAsync(await store.ExportAsync(cancellationToken), output, cancellationToken);
                break;
            case ExportFormat.GraphMl:
                await GraphExport.WriteGraphMlAsync(await store.ExportAsync(cancellationToken), output, cancellationToken);
                break;
            case ExportFormat.Cypher:
                await CypherScript.WriteAsync(await store.ExportAsync(cancellationToken), output, cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown export format.");
        }
    }
}
