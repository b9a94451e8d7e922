namespace KnowledgeGraph.Sqlite;

/// <summary>
/// The search index, added beside the tables of <see cref="SqliteSchema"/> (everything IF NOT EXISTS, so it is purely
/// additive; a database from before gets it filled on its next start, see <see cref="BackfilledKey"/>).
/// <c>search_terms</c> holds one row per line of a node's search text (name, id, synonyms, title; lower case), so
/// exact and prefix matches are B-tree lookups on (term, label, node_id), covering, and <c>ix_search_terms_prefix</c>
/// (label, first <see cref="PrefixKeyLength"/> characters of the term, node_id, term; covering) reads the terms starting with a query of
/// at least that length in node id order within a label, so a page of prefix matches stops after the page (an expression
/// index: additive, built on the next start of an older file, and filled by the plain insert into the terms);
/// <c>search_pos_fts</c> is an FTS5 trigram index over
/// those terms, each behind its label in upper case between U+0001 marks (upper case: queries are lower-cased, so no trigram of a
/// query is one of the mark's; so a label filter is two more trigrams ANDed inside the index,
/// and a term dense in other labels costs nothing when one label is asked for), for substring matches (detail=full: with
/// each trigram's positions, so a short query matched as a phrase offers exactly the terms holding it, where trigrams
/// without positions offered every term holding them anywhere; columnsize=0: no per-row size table, which nothing reads;
/// candidates are still
/// checked with <c>instr</c>, so the index may over-approximate but never decides a result). The FTS table reads its
/// text from the view <c>search_terms_labelled</c> over <c>search_terms</c> (external content, keyed by its INTEGER PRIMARY KEY, which VACUUM keeps) and is kept in
/// step by triggers, inside whatever transaction writes the terms; deleting a node deletes its terms by trigger too.
/// <c>search_term_blocks</c> holds, per block of 2^<see cref="TermBlockShift"/> term rowids, a lower bound of the node ids
/// of the terms there (the least ever written; a delete leaves it, still a bound), kept by a trigger on the terms, so the
/// trigram candidates, which come in rowid order, can stop once no later term can belong to a node ordered before those
/// already found (terms are written in ingest order, which often follows the ids: PubMed ids, a corpus read in order).
/// </summary>
internal static class SqliteSearchSchema
{
    /// <summary>The meta key set once every node's terms are in the index.</summary>
    public const string BackfilledKey = "searchTermsVersion";

    /// <summary>The meta key set once the positional label-marked trigram index (<c>search_pos_fts</c>) is built from
    /// the terms; a file from before it had <c>search_label_fts</c> (the same text, trigrams without positions) or, older,
    /// <c>search_fts</c> without labels, which <see cref="Create"/> drops.</summary>
    public const string PositionalFtsKey = "searchPosFtsVersion";

    /// <summary>The meta key set once <c>search_term_blocks</c> holds the bounds of every term written before its trigger.</summary>
    public const string TermBlocksKey = "searchTermBlocksVersion";

    /// <summary>Term rowids per block of <c>search_term_blocks</c>, as a shift (1,024 terms, about 340 papers; 3,000 rows at a million papers): the
    /// table holds a row per block, read whole by a search that needs it; must match the literal in <see cref="Create"/>.</summary>
    public const int TermBlockShift = 10;

    /// <summary>Characters (code points, as SQLite's <c>substr</c> counts them) of a term's prefix key; must match the
    /// literal in <see cref="Create"/>. Queries shorter than this read prefix matches through the term range instead.</summary>
    public const int PrefixKeyLength = 4;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS search_terms (
            id INTEGER PRIMARY KEY,
            node_id TEXT NOT NULL,
            label TEXT NOT NULL,
            term TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_search_terms_term ON search_terms (term, label, node_id);
        CREATE INDEX IF NOT EXISTS ix_search_terms_node ON search_terms (node_id);
        CREATE INDEX IF NOT EXISTS ix_search_terms_prefix ON search_terms (label, substr(term, 1, 4), node_id, term);
        DROP TRIGGER IF EXISTS search_terms_fts_insert;
        DROP TRIGGER IF EXISTS search_terms_fts_delete;
        DROP TABLE IF EXISTS search_fts;
        DROP TRIGGER IF EXISTS search_terms_label_fts_insert;
        DROP TRIGGER IF EXISTS search_terms_label_fts_delete;
        DROP TABLE IF EXISTS search_label_fts;
        -- The dropped index's mark goes with it: a build from before trusts the mark, so on opening this file again it
        -- would recreate its index empty and search nothing; without the mark it rebuilds the index from the terms.
        DELETE FROM meta WHERE key = 'searchLabelFtsVersion';
        CREATE VIEW IF NOT EXISTS search_terms_labelled AS
            SELECT id, char(1) || upper(label) || char(1) || term AS term FROM search_terms;
        CREATE VIRTUAL TABLE IF NOT EXISTS search_pos_fts USING fts5 (
            term, content = 'search_terms_labelled', content_rowid = 'id', tokenize = 'trigram case_sensitive 1', detail = 'full', columnsize = 0);
        CREATE TRIGGER IF NOT EXISTS search_terms_pos_fts_insert AFTER INSERT ON search_terms BEGIN
            INSERT INTO search_pos_fts (rowid, term) VALUES (new.id, char(1) || upper(new.label) || char(1) || new.term);
        END;
        CREATE TRIGGER IF NOT EXISTS search_terms_pos_fts_delete AFTER DELETE ON search_terms BEGIN
            INSERT INTO search_pos_fts (search_pos_fts, rowid, term) VALUES ('delete', old.id, char(1) || upper(old.label) || char(1) || old.term);
        END;
        CREATE TABLE IF NOT EXISTS search_term_blocks (
            block INTEGER PRIMARY KEY,
            min_node_id TEXT NOT NULL
        );
        CREATE TRIGGER IF NOT EXISTS search_terms_block_insert AFTER INSERT ON search_terms BEGIN
            INSERT INTO search_term_blocks (block, min_node_id) VALUES (new.id >> 10, new.node_id)
                ON CONFLICT (block) DO UPDATE SET min_node_id = excluded.min_node_id WHERE excluded.min_node_id < min_node_id;
        END;
        CREATE TRIGGER IF NOT EXISTS nodes_search_terms_delete AFTER DELETE ON nodes BEGIN
            DELETE FROM search_terms WHERE node_id = old.id;
        END;
        """;
}
