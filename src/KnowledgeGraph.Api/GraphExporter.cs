using KnowledgeGraph.Core.Export;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Api;

/// <summary>Writes a store's graph in any export format; shared by <c>kg export</c> and <c>GET /api/export</c>.</summary>
public sealed class GraphExporter
{
    public async Task WriteAsync(IGraphStore store, ExportFormat format, Stream output, CancellationToken cancellationToken = default)
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
                await CypherScript.WriteAsync(store, output, cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown export format.");
        }
    }
}
