// Starter queries for Neo4j Browser. Paste one at a time (each ends with ';').
// Relationship provenance: r.evidenceCount, r.paperCount, r.publications, r.primarySources, r.agentType;
// per-document evidence sentences are JSON strings in r.docEvidence (one per document in r.docIds).

// 1. All trials testing regulatory T cells, with the outcomes they report.
MATCH (t:Trial)-[:TESTS]->(c:CellType)
WHERE c.id = 'celltype:treg' OR EXISTS { (c)-[:BROADER*1..3]->(:CellType {id: 'celltype:treg'}) }
OPTIONAL MATCH (t)-[o:REPORTS_OUTCOME]->(outcome:Outcome)
RETURN t.id AS trial, t.name AS name, t.phase AS phase, t.status AS status,
       collect(DISTINCT outcome.name) AS outcomes
ORDER BY trial;

// 2. Replacement vs immunomodulation: cell types, trials and phases on each side.
MATCH (side:Mechanism)
WHERE side.id IN ['mechanism:replacement', 'mechanism:immunomodulation']
MATCH (c:CellType)-[:ACTS_VIA]->(:Mechanism)-[:BROADER*0..3]->(side)
OPTIONAL MATCH (t:Trial)-[:TESTS]->(c)
RETURN side.name AS strategy, count(DISTINCT c) AS cellTypes, count(DISTINCT t) AS trials,
       collect(DISTINCT t.phase) AS phases
ORDER BY strategy;

// 3. The path from mesenchymal stromal cells to C-peptide (any direction, at most 4 hops).
MATCH (a:Entity {id: 'celltype:msc'}), (b:Entity {id: 'outcome:c-peptide'})
MATCH p = shortestPath((a)-[*..4]-(b))
RETURN p;

// 4. Evidence sentences for one edge (stored per document as JSON text).
MATCH (c:CellType {id: 'celltype:sc-islet'})-[r:REPORTS_OUTCOME]->(o:Outcome {id: 'outcome:insulin-independence'})
UNWIND range(0, size(r.docIds) - 1) AS i
RETURN r.docIds[i] AS document, r.docEvidence[i] AS evidenceJson, r.evidenceCount AS evidenceCount;

// 5. Which cell types reached which trial phase, per mechanism.
MATCH (t:Trial)-[:TESTS]->(c:CellType)-[:ACTS_VIA]->(m:Mechanism)
RETURN m.name AS mechanism, c.name AS cellType, collect(DISTINCT t.phase) AS phases, count(DISTINCT t) AS trials
ORDER BY mechanism, cellType;

// 6. Everything within two hops of a trial (replace the id).
MATCH p = (t:Trial {id: 'trial:NCT04786262'})-[*1..2]-(:Entity)
RETURN p
LIMIT 100;

// 7. Outcomes reported for stem cell-derived islets, strongest evidence first.
MATCH (c:CellType {id: 'celltype:sc-islet'})-[r:REPORTS_OUTCOME]->(o:Outcome)
RETURN o.name AS outcome, r.evidenceCount AS sentences, r.paperCount AS papers, r.publications AS publications
ORDER BY sentences DESC;

// 8. Papers that mention a cell type most often.
MATCH (p:Paper)-[m:MENTIONS]->(c:CellType)
RETURN c.name AS cellType, count(p) AS papers
ORDER BY papers DESC
LIMIT 20;

// 9. Full-text search on names and synonyms (index from schema.cypher).
CALL db.index.fulltext.queryNodes('entity_names', 'islet*') YIELD node, score
RETURN node.id AS id, node.name AS name, labels(node) AS labels, score
ORDER BY score DESC
LIMIT 20;

// 10. Where did an edge come from: documents, publications and curation kind.
MATCH (a:Entity)-[r]->(b:Entity)
WHERE a.id = 'trial:NCT04786262' AND type(r) = 'TESTS'
RETURN a.id AS from, type(r) AS type, b.id AS to, r.agentType AS agentType,
       r.primarySources AS documents, r.publications AS publications, r.paperCount AS papers;

// 11. The mechanism hierarchy and the cell types acting via each mechanism.
MATCH (m:Mechanism)
OPTIONAL MATCH (m)-[:BROADER]->(parent:Mechanism)
OPTIONAL MATCH (c:CellType)-[:ACTS_VIA]->(m)
RETURN m.name AS mechanism, parent.name AS broader, collect(c.name) AS cellTypes
ORDER BY broader, mechanism;

// 12. The review's table in Browser: each trial with its product, cell source, delivery site, protection and registry facts.
MATCH (t:Trial)
OPTIONAL MATCH (t)-[:USES_PRODUCT]->(p:Product)
OPTIONAL MATCH (t)-[:SOURCED_FROM]->(s:CellSource)
OPTIONAL MATCH (t)-[:DELIVERED_VIA]->(d:DeliverySite)
OPTIONAL MATCH (t)-[:PROTECTED_BY]->(x:Protection)
RETURN t.id AS trial, t.phase AS phase, t.status AS status, t.enrollment AS enrollment, t.enrollmentType AS enrollmentType,
       collect(DISTINCT p.name) AS products, collect(DISTINCT s.name) AS sources, collect(DISTINCT d.name) AS sites,
       collect(DISTINCT x.name) AS protection
ORDER BY trial;

// 13. Replacement trials that used no immunosuppression, and the papers reporting on them.
MATCH (t:Trial)-[:PROTECTED_BY]->(:Protection {id: 'protection:none'})
OPTIONAL MATCH (paper:Paper)-[:REPORTS_ON]->(t)
RETURN t.id AS trial, t.status AS status, t.hasResults AS hasResults, collect(paper.id) AS papers;
