// Neo4j schema for the KnowledgeGraph store. Idempotent: every statement is CREATE ... IF NOT EXISTS.
// Neo4jGraphStore.InitializeAsync applies it statement by statement (split on ';' at line ends).
// Keys: every graph node carries the common label :Entity with a unique `id`; bookkeeping nodes are
// :KgDocument (one per stored document) and :KgIngestion (the ingestion ledger).

CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT paper_id IF NOT EXISTS FOR (n:Paper) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT celltype_id IF NOT EXISTS FOR (n:CellType) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT mechanism_id IF NOT EXISTS FOR (n:Mechanism) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT trial_id IF NOT EXISTS FOR (n:Trial) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT outcome_id IF NOT EXISTS FOR (n:Outcome) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT condition_id IF NOT EXISTS FOR (n:Condition) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT product_id IF NOT EXISTS FOR (n:Product) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT cellsource_id IF NOT EXISTS FOR (n:CellSource) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT deliverysite_id IF NOT EXISTS FOR (n:DeliverySite) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT protection_id IF NOT EXISTS FOR (n:Protection) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT kgdocument_id IF NOT EXISTS FOR (d:KgDocument) REQUIRE d.id IS UNIQUE;
CREATE CONSTRAINT kgingestion_name IF NOT EXISTS FOR (i:KgIngestion) REQUIRE i.name IS UNIQUE;

// Full-text index for people searching in Browser (names and synonyms, analyzer-tokenised).
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.synonyms];

// Full-text index the store's search reads (SearchNodesIndexed via db.index.fulltext.queryNodes): name, id and
// synonyms, so a search reads the nodes that can contain the text instead of every node.
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.id, n.synonyms];

// Range indexes for the filters the named queries use.
CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
CREATE INDEX trial_phase IF NOT EXISTS FOR (t:Trial) ON (t.phase);
CREATE INDEX trial_status IF NOT EXISTS FOR (t:Trial) ON (t.status);
CREATE INDEX kgingestion_status IF NOT EXISTS FOR (i:KgIngestion) ON (i.status);
