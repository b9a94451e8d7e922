using KnowledgeGraph.Conformance;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;
using KnowledgeGraph.Core.Vocabulary;
using Microsoft.Data.Sqlite;

namespace KnowledgeGraph.Sqlite.Tests;

/// <summary>
/// Search through the index (FTS5 words + term B-tree) must return exactly what the former full scan returned, in
/// both of its regimes (few candidates: sorted; many: rank by rank in id order), and the index must follow every write.
/// </summary>
public sealed class SearchIndexTests : TempDatabaseFolder
{
    [Fact]
    public async Task Index_search_returns_what_the_full_scan_returned_in_both_regimes()
    {
        await using var store = new SqliteGraphStore(Path.Combine(Dir, "graph.db"));
        await store.UpsertAsync(ConformanceGraph.All);
        await store.UpsertAsync(Corpus(1200, 40));
        var queries = Queries(new Random(7)).ToList();
        string?[] labels = [null, "Paper", "CellType", "Trial", "Outcome"];
        var compared = 0;
        // 4000: most queries answered from candidates; 25 and 1: nearly every query rank by rank in id order; null: as chosen for the graph.
        foreach (var (small, sparse) in SmallLabelRegimes(new int?[] { 4000, 25, 1, null }))
        {
            store.SmallLabelNodesOverride = small;
            store.SparseCandidatesOverride = sparse;
            foreach (var q in queries)
                foreach (var label in labels)
                {
                    foreach (var (offset, limit) in new[] { (0, 50), (30, 20) })
                    {
                        await AssertPageMatchesScanAsync(store, q, label, offset, limit, $"sparse {sparse}, small {small}");
                        compared++;
                    }
                }
        }
        Assert.True(compared > 3000);
    }

    [Fact]
    public async Task Substring_rank_weighed_from_tiny_walk_samples_returns_what_the_full_scan_returned()
    {
        // Walk rounds of 1 to 5 rows on a 900-paper graph, each followed by a candidate: either side may answer (dense
        // queries: the walk; rare ones and over-approximated word matches: the candidates, to the index's end or a block bound).
        await using var store = new SqliteGraphStore(Path.Combine(Dir, "graph.db"));
        await store.UpsertAsync(ConformanceGraph.All);
        await store.UpsertAsync(Corpus(900, 60));
        store.SparseCandidatesOverride = 1;
        var queries = Queries(new Random(11)).Concat(["fore", "for", "ell", "ll", "tion", "ation", "cells", "diabetes", "insulin-independent"]).ToList();
        string?[] labels = [null, "Paper", "Trial", "Outcome"];
        var compared = 0;
        foreach (var (small, sample) in new[] { (0L, 1), (0L, 2), (0L, 5), (100L, 1), (100L, 5) })
        {
            store.SmallLabelNodesOverride = small;
            store.WalkSampleOverride = sample;
            foreach (var q in queries)
                foreach (var label in labels)
                    foreach (var (offset, limit) in new[] { (0, 50), (45, 30) })
                    {
                        await AssertPageMatchesScanAsync(store, q, label, offset, limit, $"walk sample {sample}, small {small}");
                        compared++;
                    }
        }
        Assert.True(compared > 1000);
    }

    [Theory]
    [InlineData("in id order")]
    [InlineData("reversed")]
    [InlineData("shuffled")]
    public async Task Substring_rank_from_candidates_alone_returns_what_the_full_scan_returned_whatever_the_write_order(string order)
    {
        // The walk reads nothing (sample 0): the word index's candidates answer rank 2, in term rowid order, stopping once the
        // block bounds prove no later term can come first. Papers written in id order let it stop early; reversed, the
        // bounds stay low and the candidates are read to the end; shuffled, in between. All must equal the scan.
        await using var store = new SqliteGraphStore(Path.Combine(Dir, "graph.db")) { SparseCandidatesOverride = 1, WalkSampleOverride = 0 };
        await store.UpsertAsync(ConformanceGraph.All);
        var corpus = Corpus(1500, 40).ToList();
        var shuffle = new Random(3);
        IEnumerable<GraphBatch> written = order switch
        {
            "reversed" => Enumerable.Reverse(corpus),
            "shuffled" => corpus.OrderBy(_ => shuffle.Next()),
            _ => corpus.OrderBy(b => b.Nodes[0].Id, StringComparer.Ordinal),
        };
        foreach (var chunk in written.Chunk(100)) await store.UpsertAsync(chunk);
        var queries = Queries(new Random(5)).Concat(["fore", "ell", "tion", "ation", "cells", "diabetes", "insulin-independent", "pmid:3000", "nct0"]).ToList();
        string?[] labels = [null, "Paper", "Trial"];
        var compared = 0;
        foreach (var small in new long?[] { 0, null })
        {
            store.SmallLabelNodesOverride = small;
            foreach (var q in queries)
                foreach (var label in labels)
                    foreach (var (offset, limit) in new[] { (0, 50), (0, 5), (40, 30) })
                    {
                        await AssertPageMatchesScanAsync(store, q, label, offset, limit, $"{order}, small {small}");
                        compared++;
                    }
        }
        Assert.True(compared > 1000);
        await AssertIndexMatchesNodesAsync(store);
    }

    [Fact]
    public async Task Label_filtered_search_pages_through_every_match_in_the_full_scan_order()
    {
        await using var store = new SqliteGraphStore(Path.Combine(Dir, "graph.db"));
        await store.UpsertAsync(ConformanceGraph.All);
        await store.UpsertAsync(Corpus(600, 120));
        // Dense in one label and absent or rare in another (trial ids, paper ids), shared words, 4-letter prefixes
        // (the prefix key's length) and longer ones, and a prefix that is also a whole term of some nodes.
        string[] queries = ["nct0400", "trial:nct", "pmid:3000", "phase", "stud", "stem", "islet", "insulin", "beta", "cell", "paper:doi"];
        string?[] labels = [null, "Paper", "Trial", "CellType"];
        var pages = 0;
        foreach (var (small, sparse) in SmallLabelRegimes(new int?[] { 1, 25, null }))
        {
            store.SmallLabelNodesOverride = small;
            store.SparseCandidatesOverride = sparse;
            foreach (var q in queries)
                foreach (var label in labels)
                {
                    var scan = await store.ScanSearchAsync(q, label, int.MaxValue);
                    var walked = new List<string>();
                    string? cursor = null;
                    do
                    {
                        var page = await store.SearchNodesAsync(q, label, 17, cursor);
                        walked.AddRange(page.Items.Select(n => n.Id));
                        cursor = page.NextCursor;
                        pages++;
                        Assert.True(walked.Count <= scan.Count + 17, $"'{q}' label {label ?? "any"}: paging does not end");
                    }
                    while (cursor is not null);
                    Assert.True(scan.SequenceEqual(walked), $"'{q}' label {label ?? "any"} (sparse {sparse}, small {small}): pages differ from the scan");
                }
        }
        Assert.True(pages > 900);
    }

    [Fact]
    public async Task Replacing_and_deleting_papers_keeps_the_search_index_in_step()
    {
        // Every label through the index (a graph this small would otherwise be read whole).
        await using var store = new SqliteGraphStore(Path.Combine(Dir, "graph.db")) { SmallLabelNodesOverride = 0 };
        await store.UpsertAsync([Paper("paper:pmid:1", "h1", "Zephyrine cells in mice")]);
        Assert.Equal(["paper:pmid:1"], await IdsAsync(store, "zephyrine"));

        await store.UpsertAsync([Paper("paper:pmid:1", "h2", "Quillwort islets in mice")]);
        Assert.Empty(await IdsAsync(store, "zephyrine"));
        Assert.Equal(["paper:pmid:1"], await IdsAsync(store, "quillwort islets"));
        await AssertIndexMatchesNodesAsync(store);

        Assert.True(await store.DeleteDocumentAsync("paper:pmid:1"));
        Assert.Empty(await IdsAsync(store, "quillwort"));
        Assert.Empty(await IdsAsync(store, "paper:pmid:1"));
        await AssertIndexMatchesNodesAsync(store);
    }

    [Fact]
    public async Task A_database_without_the_search_index_gets_it_on_its_next_start()
    {
        var path = Path.Combine(Dir, "graph.db");
        List<string> before;
        await using (var store = new SqliteGraphStore(path))
        {
            await store.UpsertAsync(ConformanceGraph.All);
            await store.UpsertAsync(Corpus(200, 10));
            before = await IdsAsync(store, "regulatory");
            Assert.NotEmpty(before);
        }
        // As a file from before the index: no terms and no mark that they were filled.
        await AlterFileAsync(path, "DELETE FROM search_terms; DELETE FROM meta WHERE key = 'searchTermsVersion'");

        await using var reopened = new SqliteGraphStore(path) { SmallLabelNodesOverride = 0 };
        Assert.Equal(before, await IdsAsync(reopened, "regulatory"));
        await AssertIndexMatchesNodesAsync(reopened);
    }

    [Fact]
    public async Task A_database_without_the_term_block_bounds_gets_them_on_its_next_start()
    {
        var path = Path.Combine(Dir, "graph.db");
        await using (var store = new SqliteGraphStore(path))
        {
            await store.UpsertAsync(ConformanceGraph.All);
            await store.UpsertAsync(Corpus(1200, 20));
        }
        // As a file from before the bounds: no table, no trigger, no mark; then terms written without them.
        await AlterFileAsync(path, "DROP TRIGGER search_terms_block_insert; DROP TABLE search_term_blocks; DELETE FROM meta WHERE key = 'searchTermBlocksVersion'");

        await using var reopened = new SqliteGraphStore(path) { SmallLabelNodesOverride = 0, SparseCandidatesOverride = 1, WalkSampleOverride = 0 };
        await reopened.UpsertAsync([Paper("paper:aaa:1", "h", "Late paper on regulatory islets, written after the bounds")]);
        await AssertIndexMatchesNodesAsync(reopened);
        foreach (var q in new[] { "regulatory", "islet", "ell", "tion", "insulin-independent" })
        {
            var page = await reopened.SearchNodesAsync(q, null, 50, null);
            Assert.Equal(await reopened.ScanSearchAsync(q, null, 50), page.Items.Select(n => n.Id));
        }
        await using var check = new SqliteConnection($"Data Source={path}");
        await check.OpenAsync();
        await using var count = check.CreateCommand();
        count.CommandText = "SELECT count(*) FROM search_term_blocks";
        Assert.True((long)(await count.ExecuteScalarAsync())! > 3);
    }

    [Fact]
    public async Task Word_match_offers_every_term_holding_the_query_and_none_only_when_no_term_does()
    {
        // The index may offer more than hold the query (instr decides), never fewer; a run with no word means no term.
        await using var store = new SqliteGraphStore(Path.Combine(Dir, "graph.db"));
        await store.UpsertAsync(ConformanceGraph.All);
        await store.UpsertAsync(Corpus(400, 30));
        await store.UpsertAsync(OddTitles(new Random(9), 150));
        await using var connection = new SqliteConnection($"Data Source={store.Path}");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        int matched = 0, none = 0, phrases = 0;
        var queries = Queries(new Random(3)).Concat(OddQueries(new Random(4), 300))
            .Concat(["fore", "ore", "a ph", "nct0400", "s.1", "islet transplantation", "gene edited", "beta cell replacement", "no i", "-cell", "cell-", " cell ", "zzq cell",
                "cell t", "for t", "a phase 1", "of i", "cells, i", "cell z", "ll t", "l t",
                // A run too long to look up, inside a query and alone: left to instr.
                "stem " + new string('q', 250) + " cell", new string('a', 300)])
            .Select(q => q.Trim().ToLowerInvariant()).Where(q => q.Length > 0).Distinct();
        // With the one-letter phrase for any run before it (0) and as chosen by default.
        foreach (var (q, bound) in queries.SelectMany(q => new[] { (q, 0L), (q, 8192L) }))
        {
            var words = await SqliteGraphStore.WordMatchAsync(connection, q, default, bound);
            cmd.CommandText = "SELECT count(*) FROM search_terms WHERE instr(term, $q) > 0";
            cmd.Parameters.Clear();
            cmd.Parameters.AddWithValue("$q", q);
            var holding = (long)(await cmd.ExecuteScalarAsync())!;
            if (words.None)
            {
                Assert.True(holding == 0, $"'{q}': no word matches a run, yet {holding} terms hold it");
                none++;
                continue;
            }
            if (words.Match is not { } match) continue;
            cmd.CommandText = "SELECT count(*) FROM search_terms t WHERE instr(t.term, $q) > 0 AND t.id NOT IN (SELECT rowid FROM search_word_fts WHERE search_word_fts MATCH $m)";
            cmd.Parameters.AddWithValue("$m", match);
            var missed = (long)(await cmd.ExecuteScalarAsync())!;
            Assert.True(missed == 0, $"'{q}' ({match}): {missed} terms holding it not offered");
            matched++;
            if (match.Contains(' ') && !match.Contains(" OR ") && !match.Contains(" AND ")) phrases++;
        }
        Assert.True(matched > 100, $"{matched} matched");
        Assert.True(none > 10, $"{none} without a word");
        Assert.True(phrases > 10, $"{phrases} phrases");
    }

    [Fact]
    public async Task Titles_of_mixed_words_separators_digits_and_letters_beyond_ascii_search_as_the_full_scan_does()
    {
        // A seeded random differential: titles of words of ASCII and non-ASCII letters, digits, and separators kept
        // inside words ('-', '/', '+') or not, and queries cut from them anywhere (so starting or ending inside a word
        // or on a separator), whole runs of words, and runs that no title holds; every regime of the index.
        await using var store = new SqliteGraphStore(Path.Combine(Dir, "graph.db"));
        await store.UpsertAsync(ConformanceGraph.All);
        await store.UpsertAsync(Corpus(300, 10));
        await store.UpsertAsync(OddTitles(new Random(21), 700));
        var queries = OddQueries(new Random(22), 160).ToList();
        var compared = 0;
        foreach (var (small, sparse, sample) in new (long?, int?, int?)[] { (0, 4000, null), (0, 1, null), (0, 1, 0), (0, 1, 3), (100, null, null), (null, null, null) })
        {
            store.SmallLabelNodesOverride = small;
            store.SparseCandidatesOverride = sparse;
            store.WalkSampleOverride = sample;
            foreach (var q in queries)
                foreach (var label in new string?[] { null, "Paper" })
                {
                    await AssertPageMatchesScanAsync(store, q, label, 0, 20, $"sparse {sparse}, small {small}, walk {sample}");
                    compared++;
                }
        }
        Assert.True(compared > 1500);
        await AssertIndexMatchesNodesAsync(store);
    }

    /// <summary>The trigram indexes of files from before: without label marks (<c>search_fts</c>), with them but
    /// without positions (<c>search_label_fts</c>, detail none), and with positions (<c>search_pos_fts</c>), each kept
    /// by its own triggers.</summary>
    public static TheoryData<string> FormerTrigramIndexes => new()
    {
        """
        CREATE VIRTUAL TABLE search_fts USING fts5 (
            term, content = 'search_terms', content_rowid = 'id', tokenize = 'trigram case_sensitive 1', detail = 'none');
        CREATE TRIGGER search_terms_fts_insert AFTER INSERT ON search_terms BEGIN
            INSERT INTO search_fts (rowid, term) VALUES (new.id, new.term);
        END;
        CREATE TRIGGER search_terms_fts_delete AFTER DELETE ON search_terms BEGIN
            INSERT INTO search_fts (search_fts, rowid, term) VALUES ('delete', old.id, old.term);
        END;
        INSERT INTO search_fts (search_fts) VALUES ('rebuild');
        DELETE FROM meta WHERE key = 'searchLabelFtsVersion';
        """,
        """
        CREATE VIEW search_terms_labelled AS SELECT id, char(1) || upper(label) || char(1) || term AS term FROM search_terms;
        CREATE VIRTUAL TABLE search_label_fts USING fts5 (
            term, content = 'search_terms_labelled', content_rowid = 'id', tokenize = 'trigram case_sensitive 1', detail = 'none');
        CREATE TRIGGER search_terms_label_fts_insert AFTER INSERT ON search_terms BEGIN
            INSERT INTO search_label_fts (rowid, term) VALUES (new.id, char(1) || upper(new.label) || char(1) || new.term);
        END;
        CREATE TRIGGER search_terms_label_fts_delete AFTER DELETE ON search_terms BEGIN
            INSERT INTO search_label_fts (search_label_fts, rowid, term) VALUES ('delete', old.id, char(1) || upper(old.label) || char(1) || old.term);
        END;
        INSERT INTO search_label_fts (search_label_fts) VALUES ('rebuild');
        INSERT INTO meta (key, value) VALUES ('searchLabelFtsVersion', '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value;
        """,
        """
        CREATE VIEW search_terms_labelled AS SELECT id, char(1) || upper(label) || char(1) || term AS term FROM search_terms;
        CREATE VIRTUAL TABLE search_pos_fts USING fts5 (
            term, content = 'search_terms_labelled', content_rowid = 'id', tokenize = 'trigram case_sensitive 1', detail = 'full', columnsize = 0);
        CREATE TRIGGER search_terms_pos_fts_insert AFTER INSERT ON search_terms BEGIN
            INSERT INTO search_pos_fts (rowid, term) VALUES (new.id, char(1) || upper(new.label) || char(1) || new.term);
        END;
        CREATE TRIGGER search_terms_pos_fts_delete AFTER DELETE ON search_terms BEGIN
            INSERT INTO search_pos_fts (search_pos_fts, rowid, term) VALUES ('delete', old.id, char(1) || upper(old.label) || char(1) || old.term);
        END;
        INSERT INTO search_pos_fts (search_pos_fts) VALUES ('rebuild');
        INSERT INTO meta (key, value) VALUES ('searchPosFtsVersion', '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value;
        """,
    };

    [Theory]
    [MemberData(nameof(FormerTrigramIndexes))]
    public async Task A_database_with_a_former_trigram_index_gets_the_word_index_on_its_next_start(string former)
    {
        var path = Path.Combine(Dir, "graph.db");
        string[] queries = ["nct0400", "phase", "islet", "regulatory", "fore", "beta cell replacement"];
        string?[] labels = [null, "Paper", "Trial"];
        var before = new List<List<string>>();
        await using (var store = new SqliteGraphStore(path))
        {
            await store.UpsertAsync(ConformanceGraph.All);
            await store.UpsertAsync(Corpus(200, 30));
            foreach (var q in queries)
                foreach (var label in labels)
                    before.Add(await store.ScanSearchAsync(q, label, int.MaxValue));
        }
        // As a file from before the word index: the former FTS table in its place, no vocabulary, and no mark.
        await AlterFileAsync(path, """
            DROP TRIGGER search_terms_word_fts_insert; DROP TRIGGER search_terms_word_fts_delete; DROP TABLE search_word_fts;
            DROP TRIGGER search_words_fts_insert; DROP TABLE search_words_fts; DROP TABLE search_words;
            DELETE FROM meta WHERE key = 'searchWordsVersion';
            """ + former);

        await using var reopened = new SqliteGraphStore(path) { SmallLabelNodesOverride = 0 };
        foreach (var sparse in new int?[] { 4000, null })
        {
            reopened.SparseCandidatesOverride = sparse;
            var k = 0;
            foreach (var q in queries)
                foreach (var label in labels)
                    Assert.Equal(before[k++], [.. (await reopened.SearchNodesAsync(q, label, 1000, null)).Items.Select(n => n.Id)]);
        }
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = """
                SELECT count(*) FROM sqlite_master WHERE name IN ('search_fts', 'search_label_fts', 'search_pos_fts', 'search_terms_labelled',
                    'search_terms_fts_insert', 'search_terms_label_fts_insert', 'search_terms_pos_fts_insert', 'search_terms_pos_fts_delete')
                """;
            Assert.Equal(0L, await cmd.ExecuteScalarAsync());
            // The former index's mark goes with it: a build from before trusts that mark, so a file opened by it again
            // rebuilds that build's index instead of searching an empty one.
            cmd.CommandText = "SELECT count(*) FROM meta WHERE key IN ('searchLabelFtsVersion', 'searchPosFtsVersion')";
            Assert.Equal(0L, await cmd.ExecuteScalarAsync());
        }
        await reopened.UpsertAsync([Paper("paper:pmid:1", "h1", "Zephyrine cells in mice")]);
        Assert.Equal(["paper:pmid:1"], await IdsAsync(reopened, "zephyrine"));
        await AssertIndexMatchesNodesAsync(reopened);
    }

    [Fact]
    public async Task A_phrase_ending_in_one_letter_of_too_many_words_searches_as_the_full_scan_does()
    {
        // More than 4,096 words start with 'i' (too many to name, too many postings to merge): a query whose last run
        // is that one letter ('no i') is matched as the phrase ending in the prefix index's list, which must offer
        // every term holding it, and rank as the scan ranks, in every regime.
        await using var store = new SqliteGraphStore(Path.Combine(Dir, "graph.db"));
        await store.UpsertAsync(ConformanceGraph.All);
        var rng = new Random(31);
        string Word(char first) => first + new string([.. Enumerable.Range(0, rng.Next(3, 8)).Select(_ => (char)('a' + rng.Next(26)))]);
        string[] leads = ["no", "ano", "xno", "iv", "type", "phase", "of", "a"];
        // Lead words followed by few i-words (so the pairs of neighbouring words name them), some only after a comma.
        string[] rare = ["nov insulin", "nov islet", "nov, insulin", "nova immune", "ov, in", "nov in"];
        var papers = new List<GraphBatch>();
        for (var n = 0; n < 800; n++)
        {
            // Eight or so i-words a title (5,000 or more distinct ones), some after a lead word, others after anything.
            var words = Enumerable.Range(0, 8).Select(_ => rng.Next(3) == 0 ? leads[rng.Next(leads.Length)] + " " + Word('i') : Word('i'))
                .Append(rng.Next(4) == 0 ? "no" : Word('b')).Append(rng.Next(5) == 0 ? "i" : Word('c')).Append(rng.Next(6) == 0 ? rare[rng.Next(rare.Length)] : Word('d'));
            papers.Add(Paper($"paper:pmid:{7000 + n}", $"h{n}", string.Join(rng.Next(2) == 0 ? " " : ", ", words)));
        }
        await store.UpsertAsync(papers);
        string[] queries = ["no i", "ano i", "o i", "xno i", "iv i", "type i", "phase i", "of i", "a i", "zzz i", "no b", "no i" + "q", "nothing i",
            "nov i", "nov in", "nov ins", "nov, i", "ov i", "ov, i", "ova i", "nova i", "nov im", "no in", "no iz", "nov z"];
        await using (var connection = new SqliteConnection($"Data Source={store.Path}"))
        {
            await connection.OpenAsync();
            var match = (await SqliteGraphStore.WordMatchAsync(connection, "no i", default, oneLetterPostings: 0)).Match;
            Assert.True(match is not null && match.Contains("\"no i\" *", StringComparison.Ordinal), match);
            // Under the default bound the run before is few enough terms to be the match alone.
            Assert.DoesNotContain("*", (await SqliteGraphStore.WordMatchAsync(connection, "no i", default)).Match ?? "");
            // A run before with few followers starting with the letter: the phrases of those pairs, however many words start with it.
            Assert.Equal("\"nov in\" OR \"nov insulin\" OR \"nov islet\"", (await SqliteGraphStore.WordMatchAsync(connection, "nov i", default, oneLetterPostings: 0)).Match);
            Assert.Equal("\"nov in\" OR \"nov insulin\"", (await SqliteGraphStore.WordMatchAsync(connection, "nov in", default)).Match);
            Assert.True((await SqliteGraphStore.WordMatchAsync(connection, "nov z", default)).None);
        }
        var compared = 0;
        store.OneLetterPostingsOverride = 0;
        foreach (var (small, sparse, sample) in new (long?, int?, int?)[] { (0, 4000, null), (0, 1, null), (0, 1, 0), (0, 1, 3), (100, null, null), (null, null, null) })
        {
            store.SmallLabelNodesOverride = small;
            store.SparseCandidatesOverride = sparse;
            store.WalkSampleOverride = sample;
            foreach (var q in queries)
                foreach (var label in new string?[] { null, "Paper" })
                    foreach (var (offset, limit) in new[] { (0, 50), (20, 10) })
                    {
                        await AssertPageMatchesScanAsync(store, q, label, offset, limit, $"sparse {sparse}, small {small}, walk {sample}");
                        compared++;
                    }
        }
        Assert.True(compared > 300);
        await AssertIndexMatchesNodesAsync(store);
    }

    [Fact]
    public async Task A_database_whose_word_index_has_no_prefix_index_gets_it_on_its_next_start()
    {
        var path = Path.Combine(Dir, "graph.db");
        string[] queries = ["no i", "islet", "beta cell replacement", "fore", "phase i"];
        var before = new List<List<string>>();
        await using (var store = new SqliteGraphStore(path))
        {
            await store.UpsertAsync(ConformanceGraph.All);
            await store.UpsertAsync(Corpus(200, 30));
            foreach (var q in queries) before.Add(await store.ScanSearchAsync(q, null, int.MaxValue));
        }
        // As a file of the build before: the same word index declared without its prefix index, its mark set.
        await AlterFileAsync(path, """
            DROP TABLE search_word_fts;
            CREATE VIRTUAL TABLE search_word_fts USING fts5 (
                term, content = 'search_terms', content_rowid = 'id', tokenize = "ascii tokenchars '-/+'", detail = 'full', columnsize = 0);
            INSERT INTO search_word_fts (search_word_fts) VALUES ('rebuild');
            """);

        await using var reopened = new SqliteGraphStore(path) { SmallLabelNodesOverride = 0, SparseCandidatesOverride = 1 };
        var k = 0;
        foreach (var q in queries)
            Assert.Equal(before[k++], [.. (await reopened.SearchNodesAsync(q, null, 1000, null)).Items.Select(n => n.Id)]);
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT sql FROM sqlite_master WHERE name = 'search_word_fts'";
            Assert.Contains("prefix = '1'", (string)(await cmd.ExecuteScalarAsync())!);
        }
        // The triggers write into the new index.
        await reopened.UpsertAsync([Paper("paper:pmid:1", "h1", "Zephyrine cells in mice")]);
        Assert.Equal(["paper:pmid:1"], await IdsAsync(reopened, "zephyrine"));
        Assert.Equal(["paper:pmid:1"], await IdsAsync(reopened, "zephyrine c"));
        await AssertIndexMatchesNodesAsync(reopened);
    }

    [Fact]
    public async Task A_database_without_the_word_pairs_gets_them_on_its_next_start()
    {
        var path = Path.Combine(Dir, "graph.db");
        string[] queries = ["no i", "cell t", "beta cell r", "islet tr", "for t", "phase 1", "regulatory t cells", "nct0400"];
        var before = new List<List<string>>();
        await using (var store = new SqliteGraphStore(path))
        {
            await store.UpsertAsync(ConformanceGraph.All);
            await store.UpsertAsync(Corpus(300, 30));
            foreach (var q in queries) before.Add(await store.ScanSearchAsync(q, null, int.MaxValue));
        }
        Assert.True(before.Count(b => b.Count > 0) >= 5);
        // As a file of the build before: no pairs table and no mark.
        await AlterFileAsync(path, "DROP TABLE search_word_pairs; DELETE FROM meta WHERE key = 'searchWordPairsVersion'");

        await using var reopened = new SqliteGraphStore(path) { SmallLabelNodesOverride = 0, SparseCandidatesOverride = 1 };
        var k = 0;
        foreach (var q in queries)
            Assert.Equal(before[k++], [.. (await reopened.SearchNodesAsync(q, null, 1000, null)).Items.Select(n => n.Id)]);
        await AssertIndexMatchesNodesAsync(reopened);
        // The writer keeps them from then on.
        await reopened.UpsertAsync([Paper("paper:pmid:1", "h1", "Zephyrine cells in mice")]);
        Assert.Equal(["paper:pmid:1"], await IdsAsync(reopened, "zephyrine c"));
        await AssertIndexMatchesNodesAsync(reopened);
    }

    [Fact]
    public void A_query_splits_into_runs_held_by_words_as_its_ends_allow()
    {
        // Words as FTS5's ascii tokenizer with '-', '/', '+' as word characters cuts them: ASCII letters and digits,
        // those three, and every non-ASCII character.
        Assert.Equal(["β-cell", "replacement", "cd34+", "1/2", "naïve", "𝛃x"], SqliteGraphStore.Words("β-cell replacement (cd34+), 1/2: naïve 𝛃x."));
        Assert.Empty(SqliteGraphStore.Words(" ,.:()"));
        Assert.Equal([("islet", SqliteGraphStore.RunKind.Infix)], SqliteGraphStore.QueryRuns("islet"));
        Assert.Equal([("beta", SqliteGraphStore.RunKind.Suffix), ("cell", SqliteGraphStore.RunKind.Equal), ("repl", SqliteGraphStore.RunKind.Prefix)],
            SqliteGraphStore.QueryRuns("beta cell repl"));
        // A separator at an end closes the run there.
        Assert.Equal([("cell", SqliteGraphStore.RunKind.Prefix)], SqliteGraphStore.QueryRuns(" cell"));
        Assert.Equal([("cell", SqliteGraphStore.RunKind.Suffix)], SqliteGraphStore.QueryRuns("cell,"));
        Assert.Equal([("cell", SqliteGraphStore.RunKind.Equal)], SqliteGraphStore.QueryRuns("(cell)"));
        Assert.Empty(SqliteGraphStore.QueryRuns(": ("));
        Assert.Equal("llec-β", SqliteGraphStore.Reversed("β-cell"));
        Assert.Equal("x𝛃", SqliteGraphStore.Reversed("𝛃x"));
        Assert.Equal("abd", SqliteGraphStore.PrefixUpperBound("abc"));
        Assert.Equal("b", SqliteGraphStore.PrefixUpperBound("a\U0010FFFF"));
        Assert.Null(SqliteGraphStore.PrefixUpperBound("\U0010FFFF"));
    }

    /// <summary>Each candidate setting with no label small (the index answers for every label), with the test graphs'
    /// trials and vocabulary labels small but not their papers (a labelled search in a small label reads it; one without
    /// merges the small labels read whole with the index's page of the papers), and once with the default threshold,
    /// under which every label of a test graph is small.</summary>
    private static IEnumerable<(long? Small, int? Sparse)> SmallLabelRegimes(int?[] sparse) =>
        sparse.Select(s => ((long?)0, s)).Concat(sparse.Select(s => ((long?)100, s))).Append((null, null));

    private static async Task<List<string>> IdsAsync(IGraphStore store, string q) =>
        [.. (await store.SearchNodesAsync(q, null, 100, null)).Items.Select(n => n.Id)];

    /// <summary>Every node's lines are its terms, and the FTS index agrees with the terms table (FTS5's own check).</summary>
    private static async Task AssertIndexMatchesNodesAsync(SqliteGraphStore store)
    {
        await using var connection = new SqliteConnection($"Data Source={store.Path}");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = """
            SELECT (SELECT count(*) FROM search_terms t WHERE NOT EXISTS (SELECT 1 FROM nodes n WHERE n.id = t.node_id AND n.label = t.label
                        AND instr(char(10) || n.search || char(10), char(10) || t.term || char(10)) > 0)),
                   (SELECT count(*) FROM nodes n WHERE NOT EXISTS (SELECT 1 FROM search_terms t WHERE t.node_id = n.id)),
                   (SELECT count(*) FROM search_terms t WHERE NOT EXISTS (SELECT 1 FROM search_term_blocks b WHERE b.block = t.id >> 10 AND b.min_node_id <= t.node_id))
            """;
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            Assert.True(await r.ReadAsync());
            Assert.Equal(0, r.GetInt64(0));
            Assert.Equal(0, r.GetInt64(1));
            // Every term's block bounds its node id from below (what lets the candidates stop early).
            Assert.Equal(0, r.GetInt64(2));
        }
        cmd.CommandText = """
            INSERT INTO search_word_fts (search_word_fts, rank) VALUES ('integrity-check', 1);
            INSERT INTO search_words_fts (search_words_fts, rank) VALUES ('integrity-check', 1);
            """;
        await cmd.ExecuteNonQueryAsync();
        // The vocabulary holds every word of every term (what lets a query expand its runs through it), and each word's reversal.
        var vocabulary = new Dictionary<string, string>(StringComparer.Ordinal);
        cmd.CommandText = "SELECT word, reversed FROM search_words";
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) vocabulary[r.GetString(0)] = r.GetString(1);
        // And every pair of neighbouring words (what lets a last run be narrowed to the words that followed the run before).
        var pairs = new HashSet<(string, string)>();
        cmd.CommandText = "SELECT first, second FROM search_word_pairs";
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) pairs.Add((r.GetString(0), r.GetString(1)));
        cmd.CommandText = "SELECT term FROM search_terms";
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync())
            {
                var words = SqliteGraphStore.Words(r.GetString(0)).ToList();
                foreach (var word in words)
                    Assert.True(vocabulary.TryGetValue(word, out var reversed) && reversed == SqliteGraphStore.Reversed(word), $"word '{word}' not in the vocabulary");
                for (var i = 1; i < words.Count; i++)
                    Assert.True(pairs.Contains((words[i - 1], words[i])), $"pair '{words[i - 1]} {words[i]}' not in the word pairs");
            }
    }

    /// <summary>Paper titles of random words: ASCII and non-ASCII letters (one outside the BMP), digits, and separators
    /// kept inside words or not, so words repeat across titles in many combinations.</summary>
    private static IReadOnlyList<GraphBatch> OddTitles(Random rng, int count)
    {
        var batches = new List<GraphBatch>();
        string[] syllables = ["be", "ta", "cel", "l", "is", "let", "β", "ï", "𝛃", "ø", "7", "42", "x", "q", "an", "ti"];
        string[] separators = [" ", " ", " ", "-", "/", "+", ", ", ": ", " (", ") ", ".", " - "];
        string Word() => string.Concat(Enumerable.Range(0, rng.Next(1, 4)).Select(_ => syllables[rng.Next(syllables.Length)]));
        for (var i = 0; i < count; i++)
        {
            var title = new System.Text.StringBuilder(Word());
            for (var w = rng.Next(1, 7); w > 0; w--) title.Append(separators[rng.Next(separators.Length)]).Append(Word());
            batches.Add(Paper($"paper:odd:{rng.Next(100000):D5}.{i}", "h", title.ToString()));
        }
        return batches;
    }

    /// <summary>Queries cut from odd titles anywhere (so starting or ending inside a word or on a separator), whole
    /// titles, and changed ones that no title holds.</summary>
    private static IEnumerable<string> OddQueries(Random rng, int count)
    {
        var titles = OddTitles(rng, 200).Select(b => b.Nodes[0].Name.ToLowerInvariant()).ToArray();
        for (var i = 0; i < count; i++)
        {
            var t = titles[rng.Next(titles.Length)];
            var start = rng.Next(t.Length);
            var piece = t.Substring(start, Math.Min(t.Length - start, rng.Next(1, 16)));
            // Cut only between whole code points.
            if (piece.Length > 0 && char.IsLowSurrogate(piece[0])) piece = piece[1..];
            if (piece.Length > 0 && char.IsHighSurrogate(piece[^1])) piece = piece[..^1];
            yield return rng.Next(8) switch
            {
                0 => t,
                1 => piece + "zz",
                2 => "q" + piece,
                _ => piece,
            };
        }
    }

    private static GraphBatch Paper(string id, string hash, string title) => new(id, hash, id + ".json", [],
        [new GraphNode(id, "Paper", title, new Dictionary<string, object?> { ["title"] = title }) { Authoritative = true }], []);

    /// <summary>Papers whose titles are made of vocabulary phrases (so many share words, as in the literature) and
    /// trials with registry-style ids, under pmid and doi ids.</summary>
    /// <summary>One page of the index search equals the same stretch of the full scan, and has a next cursor exactly
    /// when the scan has more.</summary>
    private static async Task AssertPageMatchesScanAsync(SqliteGraphStore store, string q, string? label, int offset, int limit, string regime)
    {
        var page = await store.SearchNodesAsync(q, label, limit, offset == 0 ? null : PageCursor.EncodeOffset(offset));
        var scan = await store.ScanSearchAsync(q, label, offset + limit + 1);
        Assert.True(scan.Skip(offset).Take(limit).SequenceEqual(page.Items.Select(n => n.Id)),
            $"'{q}' label {label ?? "any"} offset {offset} limit {limit} ({regime}): index [{string.Join(", ", page.Items.Select(n => n.Id))}] scan [{string.Join(", ", scan.Skip(offset).Take(limit))}]");
        Assert.Equal(scan.Count > offset + limit, page.NextCursor is not null);
    }

    private static IReadOnlyList<GraphBatch> Corpus(int papers, int trials)
    {
        var rng = new Random(42);
        var concepts = ConceptVocabulary.Default.Concepts.ToArray();
        string Phrase() { var c = concepts[rng.Next(concepts.Length)]; var i = rng.Next(c.Synonyms.Count + 1); return i == c.Synonyms.Count ? c.Name : c.Synonyms[i]; }
        var batches = new List<GraphBatch>();
        for (var i = 0; i < papers; i++)
        {
            var id = i % 5 == 0 ? $"paper:doi:10.5555/s.{i}" : $"paper:pmid:{30000000 + i * 7}";
            batches.Add(Paper(id, "h", rng.Next(6) == 0 ? Phrase() : $"{Phrase()} for {Phrase()}: a phase {rng.Next(1, 4)} study of {Phrase()}"));
        }
        for (var k = 0; k < trials; k++)
        {
            var id = $"trial:NCT{4000000 + k * 37:D8}";
            batches.Add(new GraphBatch("registry:" + id, "h", id + ".json", [],
                [new GraphNode(id, "Trial", id[6..], new Dictionary<string, object?> { ["title"] = $"{Phrase()} in {Phrase()}" }) { Authoritative = true }], []));
        }
        return batches;
    }

    private static string Piece(Random rng, string p)
    {
        if (p.Length < 3) return p;
        var start = rng.Next(p.Length - 2);
        return p.Substring(start, Math.Min(p.Length - start, rng.Next(2, 9)));
    }

    /// <summary>Whole phrases, their prefixes and inner pieces of every length from 1, ids, words shared by many titles,
    /// FTS syntax and no-match strings.</summary>
    private static IEnumerable<string> Queries(Random rng)
    {
        var phrases = ConceptVocabulary.Default.Concepts.SelectMany(c => c.Synonyms.Append(c.Name)).Select(s => s.ToLowerInvariant()).Distinct().ToArray();
        foreach (var q in new[] { "a", "e", "t1", "zq", "ce", "phase", "study", "for", "nct0400", "paper:", "pmid:3000", "doi:10.5555/s.1", "trial:nct",
                     "treg", "islet", "β-cell", "\"", "a\"b", "cell AND islet", "islet*", "NEAR(a b)", "c-peptide", "insulin independence", "zzzq", "no such thing" })
            yield return q;
        for (var i = 0; i < 60; i++)
        {
            var p = phrases[rng.Next(phrases.Length)];
            yield return rng.Next(3) switch
            {
                0 => p,
                1 => p[..Math.Min(p.Length, rng.Next(1, 6))],
                _ => Piece(rng, p),
            };
        }
    }

    /// <summary>Changes the closed database file at <paramref name="path"/> with <paramref name="sql"/> (to make it a file of
    /// an earlier build), then drops pooled connections so the next store opens it afresh.</summary>
    private static async Task AlterFileAsync(string path, string sql)
    {
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            await cmd.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();
    }
}
