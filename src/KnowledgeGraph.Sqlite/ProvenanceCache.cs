namespace KnowledgeGraph.Sqlite;

/// <summary>
/// The provenance lists (publications, documents) of widely shared edges, kept between reads while the database is
/// unchanged. A cell type -> outcome edge can hold thousands of papers; building its lists reads one index entry per
/// paper, which made a depth-2 neighbourhood touching a few dozen such edges cost tens of milliseconds on every call.
/// Validity is the database's write generation (bumped inside every write transaction, whichever process writes),
/// so an entry is never served after any change; only edges with many documents are kept, and at most
/// <see cref="MaxEdges"/> of them.
/// </summary>
internal sealed class ProvenanceCache
{
    public const int MinDocuments = 16;
    public const int MaxEdges = 4096;

    private readonly Lock _gate = new();
    private long _generation = -1;
    private Dictionary<long, (string[] Publications, string[] Documents)> _lists = [];

    public bool TryGet(long generation, long edgeId, out (string[] Publications, string[] Documents) lists)
    {
        lock (_gate)
        {
            if (generation != _generation)
            {
                _lists = [];
                _generation = generation;
            }
            return _lists.TryGetValue(edgeId, out lists);
        }
    }

    public void Add(long generation, long edgeId, string[] publications, string[] documents)
    {
        if (documents.Length < MinDocuments) return;
        lock (_gate)
        {
            if (generation == _generation && _lists.Count < MaxEdges) _lists[edgeId] = (publications, documents);
        }
    }
}
