namespace KnowledgeGraph.Sqlite;

/// <summary>
/// The search index, added beside the tables of <see cref="SqliteSchema"/> (everything IF NOT EXISTS, so it is purely
/// additive; a database from before gets it filled on its next start, see <see cref="BackfilledKey"/>).
/// <c>search_terms</c> holds one row per line of a node's search text (name, id, synonyms, title; lower case), so
/// exact and prefix matches are B-tree lookups on (term, label, node_id), covering, and <c>ix_search_terms_prefix</c>
/// (label, first <see cref="PrefixKeyLength"/> characters of the term, node_id, term; covering) reads the terms starting
/// with a query of at least that length in node id order within a label, so a page of prefix matches stops after the
/// page (an expression index: additive, built on the next start of an older file, and filled by the plain insert).
/// For substring matches, words: <c>search_word_fts</c> is an FTS5 index of the terms' words (the <c>ascii</c>
/// tokenizer with '-', '/' and '+' as word characters: a word is a maximal run of ASCII letters, digits, those three and
/// any non-ASCII character, which <see cref="SqliteGraphStore.Words"/> mirrors; detail=full: with each word's positions,
/// so a query's neighbouring runs match as a phrase; candidates are still checked with <c>instr</c>, so the index may
/// over-approximate but never decides a result; a one-character prefix index, so a
/// phrase ending in one letter's words, "no" + i*, reads one list and skips through it, where without it FTS5 merged
/// a million postings of the words starting with 'i' first; a file from before it has the index rebuilt on its next
/// start, see <see cref="PrefixIndexOption"/>), reading its text from
/// <c>search_terms</c> (external content) and kept in step by triggers inside whatever transaction writes the terms;
/// <c>search_words</c> is the vocabulary of every word ever written, with its reversal (the words ending with a run are
/// a range of it) and how many nodes held it when written (an upper bound, to weigh a query's parts), written by the
/// terms' writer once per transaction group (a word whose terms are gone stays, which only widens a query's expansion), with <c>search_words_fts</c>, a trigram index over it, so
/// the words containing or ending with a part of the query are found among the distinct words (a few hundred thousand)
/// rather than in every term. <c>search_word_pairs</c> holds every pair of words that stood next to each other in a
/// term (only separators between), written with the vocabulary and, like it, only growing: a query whose last run is a
/// short word start after a known word ('no i', 'no in') is narrowed to the words that really followed that word, where
/// the words starting with the run are hundreds of thousands of postings ('i': 1.1 million at a million papers).
/// The former trigram index over the terms themselves (<c>search_pos_fts</c>), whose lists
/// were read through for phrases of common trigrams, is dropped. Deleting a node deletes its terms by trigger too.
/// <c>search_term_blocks</c> holds, per block of 2^<see cref="TermBlockShift"/> term rowids, a lower bound of the node ids
/// of the terms there (the least ever written; a delete leaves it, still a bound), kept by a trigger on the terms, so the
/// word candidates, which come in rowid order, can stop once no later term can belong to a node ordered before those
/// already found (terms are written in ingest order, which often follows the ids: PubMed ids, a corpus read in order).
/// </summary>
internal static class SqliteSearchSchema
{
    /// <summary>The meta key set once every node's terms are in the index.</summary>
    public const string BackfilledKey = "searchTermsVersion";

    /// <summary>The meta key set once the word index (<c>search_word_fts</c>) and the vocabulary (<c>search_words</c>,
    /// <c>search_words_fts</c>) are built from the terms; a file from before them had a trigram index over the terms
    /// (<c>search_pos_fts</c>, or older <c>search_label_fts</c>, <c>search_fts</c>), which <see cref="Create"/> drops.</summary>
    public const string WordIndexKey = "searchWordsVersion";

    /// <summary>The meta key set once <c>search_word_pairs</c> holds the neighbouring words of every term written before
    /// the writer kept it (a file from before it has it filled from the terms on its next start).</summary>
    public const string WordPairsKey = "searchWordPairsVersion";

    /// <summary>What <c>search_word_fts</c>'s declaration holds once it has the one-character prefix index; a file whose
    /// declaration lacks it has the table dropped, declared again and rebuilt from the terms.</summary>
    public const string PrefixIndexOption = "prefix = '1'";

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
        DROP TRIGGER IF EXISTS search_terms_pos_fts_insert;
        DROP TRIGGER IF EXISTS search_terms_pos_fts_delete;
        DROP TABLE IF EXISTS search_pos_fts;
        DROP VIEW IF EXISTS search_terms_labelled;
        -- A dropped index's mark goes with it: a build from before trusts the mark, so on opening this file again it
        -- would recreate its index empty and search nothing; without the mark it rebuilds the index from the terms.
        DELETE FROM meta WHERE key IN ('searchLabelFtsVersion', 'searchPosFtsVersion');
        CREATE VIRTUAL TABLE IF NOT EXISTS search_word_fts USING fts5 (
            term, content = 'search_terms', content_rowid = 'id', tokenize = "ascii tokenchars '-/+'", detail = 'full', columnsize = 0, prefix = '1');
        CREATE TRIGGER IF NOT EXISTS search_terms_word_fts_insert AFTER INSERT ON search_terms BEGIN
            INSERT INTO search_word_fts (rowid, term) VALUES (new.id, new.term);
        END;
        CREATE TRIGGER IF NOT EXISTS search_terms_word_fts_delete AFTER DELETE ON search_terms BEGIN
            INSERT INTO search_word_fts (search_word_fts, rowid, term) VALUES ('delete', old.id, old.term);
        END;
        CREATE TABLE IF NOT EXISTS search_words (
            id INTEGER PRIMARY KEY,
            word TEXT NOT NULL UNIQUE,
            reversed TEXT NOT NULL,
            postings INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS ix_search_words_reversed ON search_words (reversed);
        CREATE VIRTUAL TABLE IF NOT EXISTS search_words_fts USING fts5 (
            word, content = 'search_words', content_rowid = 'id', tokenize = 'trigram case_sensitive 1', columnsize = 0);
        CREATE TRIGGER IF NOT EXISTS search_words_fts_insert AFTER INSERT ON search_words BEGIN
            INSERT INTO search_words_fts (rowid, word) VALUES (new.id, new.word);
        END;
        CREATE TABLE IF NOT EXISTS search_word_pairs (
            first TEXT NOT NULL,
            second TEXT NOT NULL,
            PRIMARY KEY (first, second)
        ) WITHOUT ROWID;
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
