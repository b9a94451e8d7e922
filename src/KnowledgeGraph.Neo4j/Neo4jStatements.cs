using System.Text;
using KnowledgeGraph.Core.Graph;

namespace KnowledgeGraph.Neo4j;

/// <summary>
/// Every Cypher statement the Neo4j store sends, in one place so the offline linter sees all of them
/// (<see cref="All"/>). Labels and relationship types are written into the text only from
/// <see cref="GraphSchema"/>'s allow-lists, and hop counts only as checked integers; all values are parameters.
/// Relationships keep one entry per contributing document in parallel arrays (docIds, docAgents,
/// docPublications, docEvidence, docProperties, docEvidenceCounts); the Biolink summary properties
/// (publications, primarySources, agentType, evidenceCount, paperCount) are refreshed for Browser users,
/// while the API aggregates the arrays in C# with <see cref="RelationshipAggregator"/>.
/// </summary>
public static class Neo4jStatements
{
    public const int MaxDepth = 3;
    public const int MaxPathHops = 10;

    private static readonly string[] Labels = [.. GraphSchema.NodeLabels.Order(StringComparer.Ordinal)];
    private static readonly string[] Types = [.. GraphSchema.RelationshipTypes.Order(StringComparer.Ordinal)];

    // The relationship arrays returned by every read, rebuilt into EdgeContributions in C#.
    private const string RelProjection =
        "docIds: r.docIds, docAgents: r.docAgents, docPublications: r.docPublications, docEvidence: r.docEvidence, docProperties: r.docProperties";

    /// <summary>Upserts the documents in <c>$docs</c> (one map per GraphBatch) in one request; one result row per document.</summary>
    public static string UpsertDocuments { get; } = BuildUpsert();

    /// <summary>Removes one document's contributions, its KgDocument and orphaned Trial/Paper nodes.</summary>
    public static string DeleteDocument { get; } = $"""
        MATCH (old:KgDocument {"{"}id: $id{"}"})
        WITH old, old.id AS docId, old.nodeIds + old.edgeFrom + old.edgeTo + [old.id] AS candidates
        {RemoveContributions("old", "docId")}
        DELETE old
        WITH candidates
        {CleanupOrphans("candidates")}
        RETURN true AS deleted
        """;

    public static string GetDocumentHash { get; } =
        "MATCH (d:KgDocument {id: $id}) RETURN d.contentHash AS contentHash";

    public static string GetNode { get; } =
        "MATCH (n:Entity {id: $id}) RETURN properties(n) AS node";

    /// <summary>Rank 0: exact name or synonym; 1: prefix of name, synonym or id; 2: substring. Cursor: (rank, id).</summary>
    public static string SearchNodes { get; } = $"""
        MATCH (n:Entity)
        WHERE ($label IS NULL OR n.label = $label)
        {RankAndPage}
        """;

    /// <summary>
    /// <see cref="SearchNodes"/> over the candidates of the full-text index <c>entity_search</c> (name, id, synonyms)
    /// instead of every node: <c>$fulltext</c> is a Lucene query that every node containing <c>$q</c> matches
    /// (<see cref="Neo4jFulltextQuery"/>), and the same CASE ranks and filters them, so the page is the same.
    /// </summary>
    public static string SearchNodesIndexed { get; } = $"""
        CALL db.index.fulltext.queryNodes('entity_search', $fulltext) YIELD node
        WITH node AS n
        WHERE n:Entity AND ($label IS NULL OR n.label = $label)
        {RankAndPage}
        """;

    /// <summary>The ranking and keyset page both searches share (so the indexed one answers exactly as the scan did).</summary>
    private const string RankAndPage = """
        WITH n, toLower(n.name) AS name, toLower(n.id) AS id, [s IN coalesce(n.synonyms, []) | toLower(s)] AS synonyms
        WITH n, CASE
            WHEN $q IS NULL THEN 0
            WHEN name = $q OR $q IN synonyms THEN 0
            WHEN name STARTS WITH $q OR id STARTS WITH $q OR any(s IN synonyms WHERE s STARTS WITH $q) THEN 1
            WHEN name CONTAINS $q OR id CONTAINS $q OR any(s IN synonyms WHERE s CONTAINS $q) THEN 2
            ELSE -1 END AS rank
        WHERE rank >= 0 AND ($afterRank IS NULL OR rank > $afterRank OR (rank = $afterRank AND n.id > $afterId))
        RETURN properties(n) AS node, rank
        ORDER BY rank, n.id
        LIMIT $limit
        """;

    /// <summary>Neighbourhood of <c>$id</c> up to <paramref name="depth"/> hops (checked 1..3), nearest first.</summary>
    public static string Neighbors(int depth)
    {
        if (depth is < 1 or > MaxDepth) throw new ArgumentOutOfRangeException(nameof(depth), depth, "Depth must be 1 to 3.");
        return $"""
            MATCH (s:Entity {"{"}id: $id{"}"})
            CALL (s) {"{"}
              MATCH p = (s)-[rels*1..{depth}]-(n:Entity)
              WHERE n <> s AND ($types IS NULL OR all(r IN rels WHERE type(r) IN $types))
              WITH n, min(length(p)) AS distance
              ORDER BY distance, n.id
              LIMIT $more
              RETURN collect(n) AS found
            {"}"}
            WITH [s] + found AS nodes
            CALL (nodes) {"{"}
              UNWIND nodes AS a
              MATCH (a)-[r]->(b:Entity)
              WHERE b IN nodes AND ($types IS NULL OR type(r) IN $types)
              RETURN collect(r {"{"}from: a.id, type: type(r), to: b.id, {RelProjection}{"}"}) AS rels
            {"}"}
            RETURN [n IN nodes | properties(n)] AS nodes, rels
            """;
    }

    /// <summary>A shortest undirected path of at most <paramref name="maxHops"/> (checked 1..10) hops.</summary>
    public static string ShortestPath(int maxHops)
    {
        if (maxHops is < 1 or > MaxPathHops) throw new ArgumentOutOfRangeException(nameof(maxHops), maxHops, "Hops must be 1 to 10.");
        return $"""
            MATCH (a:Entity {"{"}id: $from{"}"})
            MATCH (b:Entity {"{"}id: $to{"}"})
            MATCH p = shortestPath((a)-[*..{maxHops}]-(b))
            RETURN [n IN nodes(p) | properties(n)] AS nodes,
                   [r IN relationships(p) | r {"{"}from: startNode(r).id, type: type(r), to: endNode(r).id, {RelProjection}{"}"}] AS rels
            LIMIT 1
            """;
    }

    /// <summary>Cell types (all, or acting via <c>$mechanism</c> or a mechanism narrower than it), by id.</summary>
    public static string CellTypes { get; } = CellTypeRows("""
        MATCH (c:CellType)
        WHERE $mechanism IS NULL
           OR EXISTS { MATCH (c)-[:ACTS_VIA]->(:Mechanism)-[:BROADER*0..5]->(:Mechanism {id: $mechanism}) }
        """);

    /// <summary>One cell type by id, in the same shape as <see cref="CellTypes"/>.</summary>
    public static string CellType { get; } = CellTypeRows("MATCH (c:CellType {id: $id})");

    private static string CellTypeRows(string match) => match + $"""

        RETURN c.id AS id, c.name AS name,
               COLLECT {"{"} MATCH (c)-[:ACTS_VIA]->(m:Mechanism) RETURN DISTINCT m.id ORDER BY m.id {"}"} AS mechanisms,
               COUNT {"{"} (:Trial)-[:TESTS]->(c) {"}"} AS trialCount,
               COLLECT {"{"} MATCH (t:Trial)-[:TESTS]->(c) RETURN DISTINCT t.id ORDER BY t.id LIMIT $maxTrials {"}"} AS trials,
               COLLECT {"{"} MATCH (c)-[r:REPORTS_OUTCOME]->(o:Outcome) RETURN r {"{"}from: c.id, type: type(r), to: o.id, name: o.name, {RelProjection}{"}"} AS x ORDER BY o.id {"}"} AS outcomes
        ORDER BY c.id
        """;

    private const string MechanismTrials = """
        MATCH (t:Trial)
        WHERE EXISTS { MATCH (t)-[:TESTS]->(:CellType)-[:ACTS_VIA]->(:Mechanism)-[:BROADER*0..5]->(:Mechanism {id: $mechanism}) }
        """;

    /// <summary>Trials of a mechanism (as <see cref="Trials"/> filters them) counted per phase, without listing them.</summary>
    public static string MechanismTrialPhases { get; } = MechanismTrials + """

        RETURN coalesce(toString(t.phase), 'unknown') AS phase, count(t) AS trials
        ORDER BY phase
        """;

    /// <summary>The outcome edges of a mechanism's trials (one row each), for summing per outcome.</summary>
    public static string MechanismTrialOutcomes { get; } = MechanismTrials + $"""

        MATCH (t)-[r:REPORTS_OUTCOME]->(o:Outcome)
        RETURN r {"{"}from: t.id, type: type(r), to: o.id, name: o.name, {RelProjection}{"}"} AS x
        """;

    /// <summary>Trials after the cursor id matching every non-null filter; <c>$limit</c> is one more than a page.</summary>
    public static string Trials { get; } = $"""
        MATCH (t:Trial)
        WHERE ($after IS NULL OR t.id > $after)
          AND ($phase IS NULL OR toLower(toString(t.phase)) = toLower($phase))
          AND ($status IS NULL OR toLower(toString(t.status)) = toLower($status))
          AND ($cellType IS NULL OR EXISTS {"{"} MATCH (t)-[:TESTS]->(:CellType {"{"}id: $cellType{"}"}) {"}"})
          AND ($mechanism IS NULL
               OR EXISTS {"{"} MATCH (t)-[:TESTS]->(:CellType)-[:ACTS_VIA]->(:Mechanism)-[:BROADER*0..5]->(:Mechanism {"{"}id: $mechanism{"}"}) {"}"})
        WITH t
        ORDER BY t.id
        LIMIT $limit
        RETURN t.id AS id, t.name AS name, t.phase AS phase, t.status AS status,
               COLLECT {"{"} MATCH (t)-[:TESTS]->(c:CellType) RETURN DISTINCT c.id ORDER BY c.id {"}"} AS cellTypes,
               COLLECT {"{"} MATCH (t)-[:TESTS]->(:CellType)-[:ACTS_VIA]->(m:Mechanism) RETURN DISTINCT m.id ORDER BY m.id {"}"} AS mechanisms,
               COLLECT {"{"} MATCH (t)-[r:REPORTS_OUTCOME]->(o:Outcome) RETURN r {"{"}from: t.id, type: type(r), to: o.id, name: o.name, {RelProjection}{"}"} AS x ORDER BY o.id {"}"} AS outcomes
        ORDER BY id
        """;

    public static string Evidence { get; } = $"""
        MATCH (a:Entity {"{"}id: $from{"}"})-[r]->(b:Entity {"{"}id: $to{"}"})
        WHERE type(r) = $type
        RETURN r {"{"}from: a.id, type: type(r), to: b.id, {RelProjection}{"}"} AS rel
        LIMIT 1
        """;

    /// <summary>Nodes by id (those that exist), in id order.</summary>
    public static string GetNodes { get; } =
        "UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN properties(n) AS node ORDER BY n.id";

    /// <summary>Edges of the given types from the nodes in <c>$ids</c>, by (from, type, to).</summary>
    public static string EdgesFrom { get; } = $"""
        UNWIND $ids AS id
        MATCH (a:Entity {"{"}id: id{"}"})-[r]->(b:Entity)
        WHERE type(r) IN $types
        RETURN r {"{"}from: a.id, type: type(r), to: b.id, {RelProjection}{"}"} AS rel
        ORDER BY a.id, type(r), b.id
        """;

    /// <summary>Edges of the given types from the nodes in <c>$ids</c> that the documents <c>$docs</c> contribute to,
    /// with only those documents' entries of the contribution arrays.</summary>
    public static string EdgesFromDocuments { get; } = $"""
        UNWIND $ids AS id
        MATCH (a:Entity {"{"}id: id{"}"})-[r]->(b:Entity)
        WHERE type(r) IN $types AND any(d IN r.docIds WHERE d IN $docs)
        WITH a, r, b, [i IN range(0, size(r.docIds) - 1) WHERE r.docIds[i] IN $docs] AS keep
        RETURN {"{"}from: a.id, type: type(r), to: b.id, docIds: [i IN keep | r.docIds[i]], docAgents: [i IN keep | r.docAgents[i]],
                docPublications: [i IN keep | r.docPublications[i]], docEvidence: [i IN keep | r.docEvidence[i]],
                docProperties: [i IN keep | r.docProperties[i]]{"}"} AS rel
        ORDER BY a.id, type(r), b.id
        """;

    /// <summary>Edges of the given types to the nodes in <c>$ids</c>, by (from, type, to).</summary>
    public static string EdgesTo { get; } = $"""
        UNWIND $ids AS id
        MATCH (a:Entity)-[r]->(b:Entity {"{"}id: id{"}"})
        WHERE type(r) IN $types
        RETURN r {"{"}from: a.id, type: type(r), to: b.id, {RelProjection}{"}"} AS rel
        ORDER BY a.id, type(r), b.id
        """;

    /// <summary>Counts for every schema label and type (count-store lookups, zero when absent).</summary>
    public static string Counts { get; } = BuildCounts();

    public static string ExportNodes { get; } =
        "MATCH (n:Entity) WHERE $after IS NULL OR n.id > $after RETURN properties(n) AS node ORDER BY n.id LIMIT $limit";

    public static string ExportRelationships { get; } = $"""
        MATCH (a:Entity)
        WHERE ($after IS NULL OR a.id > $after) AND EXISTS {"{"} (a)-->(:Entity) {"}"}
        WITH a ORDER BY a.id LIMIT $limit
        MATCH (a)-[r]->(b:Entity)
        RETURN a.id AS from, r {"{"}from: a.id, type: type(r), to: b.id, {RelProjection}{"}"} AS rel
        """;

    public static string ExportBatches { get; } =
        "MATCH (d:KgDocument) WHERE d.id <> $vocabularyId AND ($after IS NULL OR d.id > $after) RETURN d.id AS id, d.batch AS batch ORDER BY d.id LIMIT $limit";

    public static string UpsertIngestion { get; } =
        "MERGE (i:KgIngestion {name: $name}) SET i = $record";

    public static string GetIngestion { get; } =
        "MATCH (i:KgIngestion {name: $name}) RETURN properties(i) AS record";

    /// <summary>Many ledger records in one request (a group of inputs): <c>$records</c> is a list of {name, record} maps.</summary>
    public static string UpsertIngestions { get; } =
        "UNWIND $records AS rec MERGE (i:KgIngestion {name: rec.name}) SET i = rec.record";

    /// <summary>The records of the names in <c>$names</c> that exist (one row each, by the unique name index).</summary>
    public static string GetIngestions { get; } =
        "UNWIND $names AS name MATCH (i:KgIngestion {name: name}) RETURN properties(i) AS record";

    public static string ListIngestions { get; } =
        "MATCH (i:KgIngestion) WHERE ($status IS NULL OR i.status = $status) AND ($after IS NULL OR i.name > $after) RETURN properties(i) AS record ORDER BY i.name LIMIT $limit";

    /// <summary>Records holding any of the papers. A label scan of the ledger (one node per input): Neo4j indexes no list elements.</summary>
    public static string FindIngestionsHolding { get; } =
        "MATCH (i:KgIngestion) WHERE i.status <> 'Deleted' AND any(d IN i.documentIds WHERE d IN $ids) RETURN properties(i) AS record ORDER BY i.name";

    /// <summary>Every statement the store can send, with example parameters (for the offline linter).</summary>
    public static IEnumerable<(string Name, string Text, IReadOnlyList<string> Parameters)> All()
    {
        yield return (nameof(UpsertDocuments), UpsertDocuments, ["docs"]);
        yield return (nameof(DeleteDocument), DeleteDocument, ["id"]);
        yield return (nameof(GetDocumentHash), GetDocumentHash, ["id"]);
        yield return (nameof(GetNode), GetNode, ["id"]);
        yield return (nameof(SearchNodes), SearchNodes, ["label", "q", "afterRank", "afterId", "limit"]);
        yield return (nameof(SearchNodesIndexed), SearchNodesIndexed, ["fulltext", "label", "q", "afterRank", "afterId", "limit"]);
        for (var d = 1; d <= MaxDepth; d++)
            yield return ($"{nameof(Neighbors)}({d})", Neighbors(d), ["id", "types", "more"]);
        for (var h = 1; h <= MaxPathHops; h++)
            yield return ($"{nameof(ShortestPath)}({h})", ShortestPath(h), ["from", "to"]);
        yield return (nameof(CellTypes), CellTypes, ["mechanism", "maxTrials"]);
        yield return (nameof(CellType), CellType, ["id", "maxTrials"]);
        yield return (nameof(MechanismTrialPhases), MechanismTrialPhases, ["mechanism"]);
        yield return (nameof(MechanismTrialOutcomes), MechanismTrialOutcomes, ["mechanism"]);
        yield return (nameof(Trials), Trials, ["after", "phase", "status", "cellType", "mechanism", "limit"]);
        yield return (nameof(Evidence), Evidence, ["from", "to", "type"]);
        yield return (nameof(Counts), Counts, []);
        yield return (nameof(GetNodes), GetNodes, ["ids"]);
        yield return (nameof(EdgesFrom), EdgesFrom, ["ids", "types"]);
        yield return (nameof(EdgesTo), EdgesTo, ["ids", "types"]);
        yield return (nameof(EdgesFromDocuments), EdgesFromDocuments, ["ids", "types", "docs"]);
        yield return (nameof(ExportNodes), ExportNodes, ["after", "limit"]);
        yield return (nameof(ExportRelationships), ExportRelationships, ["after", "limit"]);
        yield return (nameof(ExportBatches), ExportBatches, ["vocabularyId", "after", "limit"]);
        yield return (nameof(UpsertIngestion), UpsertIngestion, ["name", "record"]);
        yield return (nameof(GetIngestion), GetIngestion, ["name"]);
        yield return (nameof(UpsertIngestions), UpsertIngestions, ["records"]);
        yield return (nameof(GetIngestions), GetIngestions, ["names"]);
        yield return (nameof(ListIngestions), ListIngestions, ["status", "after", "limit"]);
        yield return (nameof(FindIngestionsHolding), FindIngestionsHolding, ["ids"]);
    }

    private static string BuildCounts()
    {
        var nodes = string.Join(", ", Labels.Select(l => $"{l}: COUNT {{ (:{l}) }}"));
        var rels = string.Join(", ", Types.Select(t => $"{t}: COUNT {{ ()-[:{t}]->() }}"));
        return $"RETURN {{{nodes}}} AS nodes, {{{rels}}} AS relationships";
    }

    private static string BuildUpsert()
    {
        var labelSets = string.Join("\n    ", Labels.Select(l =>
            $"FOREACH (_ IN CASE WHEN node.label = '{l}' THEN [1] ELSE [] END | SET n:{l})"));
        var edgeBranches = string.Join("\n      UNION ALL\n", Types.Select(AddContributions));
        return $$"""
            UNWIND $docs AS doc
            OPTIONAL MATCH (old:KgDocument {id: doc.id})
            WITH doc, old,
                 CASE WHEN old IS NULL THEN 'Added' WHEN old.contentHash = doc.hash THEN 'Unchanged' ELSE 'Replaced' END AS outcome
            WITH doc, old, outcome,
                 CASE WHEN outcome = 'Replaced' THEN old.nodeIds + old.edgeFrom + old.edgeTo ELSE [] END AS candidates
            CALL (doc, old, outcome) {
              WITH doc, old WHERE outcome = 'Replaced'
              WITH old, doc.id AS docId
              {{Indent(RemoveContributions("old", "docId"), 2)}}
            }
            CALL (doc, outcome) {
              WITH doc WHERE outcome <> 'Unchanged'
              MERGE (k:KgDocument {id: doc.id})
              SET k.contentHash = doc.hash, k.source = doc.source, k.batch = doc.batch, k.publications = doc.publications,
                  k.nodeIds = [x IN doc.nodes | x.id], k.edgeFrom = [e IN doc.edges | e.from],
                  k.edgeType = [e IN doc.edges | e.type], k.edgeTo = [e IN doc.edges | e.to]
            }
            CALL (doc, outcome) {
              WITH doc WHERE outcome <> 'Unchanged'
              UNWIND doc.nodes AS node
              OPTIONAL MATCH (existing:Entity {id: node.id})
              WITH node, existing IS NULL AS isNew
              MERGE (n:Entity {id: node.id})
              ON CREATE SET n = node.props
              FOREACH (_ IN CASE WHEN node.authoritative AND NOT isNew THEN [1] ELSE [] END | SET n = node.props)
              {{labelSets}}
              RETURN sum(CASE WHEN isNew THEN 1 ELSE 0 END) AS nodesCreated
            }
            CALL (doc, outcome) {
              CALL (doc, outcome) {
            {{edgeBranches}}
              }
              RETURN sum(created) AS relationshipsCreated, sum(evidence) AS evidenceAdded
            }
            CALL (outcome, candidates) {
              WITH candidates WHERE outcome = 'Replaced'
              {{Indent(CleanupOrphans("candidates"), 2)}}
            }
            RETURN doc.id AS id, outcome, nodesCreated, relationshipsCreated, evidenceAdded
            """;
    }

    /// <summary>One UNION branch: adds the document's contributions to edges of one (allow-listed) type.</summary>
    private static string AddContributions(string type) => $$"""
              WITH doc, outcome
              WITH doc WHERE outcome <> 'Unchanged'
              UNWIND [e IN doc.edges WHERE e.type = '{{GraphSchema.RequireRelationship(type)}}'] AS e
              MATCH (a:Entity {id: e.from})
              MATCH (b:Entity {id: e.to})
              OPTIONAL MATCH (a)-[existing:{{type}}]->(b)
              WITH doc, e, a, b, existing IS NULL AS isNew
              MERGE (a)-[r:{{type}}]->(b)
              SET r.docIds = coalesce(r.docIds, []) + [doc.id],
                  r.docAgents = coalesce(r.docAgents, []) + [e.agent],
                  r.docPublications = coalesce(r.docPublications, []) + [e.publications],
                  r.docEvidence = coalesce(r.docEvidence, []) + [e.evidence],
                  r.docProperties = coalesce(r.docProperties, []) + [e.properties],
                  r.docEvidenceCounts = coalesce(r.docEvidenceCounts, []) + [e.evidenceCount]
              {{Refresh("r")}}
              RETURN CASE WHEN isNew THEN 1 ELSE 0 END AS created, e.evidenceCount AS evidence
            """;

    /// <summary>
    /// Drops the document <paramref name="docId"/>'s entries from every edge listed on its KgDocument
    /// <paramref name="old"/>; deletes edges left without contributions and refreshes the others.
    /// </summary>
    private static string RemoveContributions(string old, string docId) => $$"""
        CALL ({{old}}, {{docId}}) {
          UNWIND range(0, size({{old}}.edgeFrom) - 1) AS i
          MATCH (a:Entity {id: {{old}}.edgeFrom[i]})-[r]->(b:Entity {id: {{old}}.edgeTo[i]})
          WHERE type(r) = {{old}}.edgeType[i] AND {{docId}} IN r.docIds
          WITH DISTINCT r, {{docId}} AS removed
          WITH r, [j IN range(0, size(r.docIds) - 1) WHERE r.docIds[j] <> removed] AS keep
          WITH r, keep, [j IN keep | r.docIds[j]] AS ids, [j IN keep | r.docAgents[j]] AS agents,
               [j IN keep | r.docPublications[j]] AS publications, [j IN keep | r.docEvidence[j]] AS evidence,
               [j IN keep | r.docProperties[j]] AS properties, [j IN keep | r.docEvidenceCounts[j]] AS counts
          SET r.docIds = ids, r.docAgents = agents, r.docPublications = publications,
              r.docEvidence = evidence, r.docProperties = properties, r.docEvidenceCounts = counts
          WITH r, size(keep) AS remaining
          CALL (r, remaining) {
            WITH r WHERE remaining = 0
            DELETE r
          }
          CALL (r, remaining) {
            WITH r WHERE remaining > 0
            {{Refresh("r")}}
          }
        }
        """;

    /// <summary>Deletes Trial/Paper nodes among <paramref name="candidates"/> left with no relationship and no own document.</summary>
    private static string CleanupOrphans(string candidates) => $$"""
        CALL ({{candidates}}) {
          UNWIND {{candidates}} AS cid
          WITH DISTINCT cid
          MATCH (n:Entity {id: cid})
          WHERE (n:Trial OR n:Paper) AND NOT EXISTS { (n)--() } AND NOT EXISTS { MATCH (d:KgDocument {id: n.id}) }
          DELETE n
        }
        """;

    /// <summary>Recomputes the Biolink summary properties from the contribution arrays (for Browser users).</summary>
    private static string Refresh(string r) => $$"""
        SET {{r}}.primarySources = {{r}}.docIds,
            {{r}}.paperCount = size([d IN {{r}}.docIds WHERE d <> '{{EdgeContribution.VocabularyDocumentId}}']),
            {{r}}.evidenceCount = reduce(total = 0, c IN {{r}}.docEvidenceCounts | total + c),
            {{r}}.agentType = CASE WHEN '{{GraphEdge.ManualAgent}}' IN {{r}}.docAgents THEN '{{GraphEdge.ManualAgent}}' ELSE '{{GraphEdge.TextMiningAgent}}' END,
            {{r}}.publications = COLLECT { MATCH (k:KgDocument) WHERE k.id IN {{r}}.docIds UNWIND k.publications AS p RETURN DISTINCT p ORDER BY p }
        """;

    private static string Indent(string text, int levels)
    {
        var pad = new string(' ', levels * 2);
        var sb = new StringBuilder();
        var first = true;
        foreach (var line in text.Split('\n'))
        {
            if (!first) sb.Append('\n').Append(pad);
            sb.Append(line);
            first = false;
        }
        return sb.ToString();
    }
}
