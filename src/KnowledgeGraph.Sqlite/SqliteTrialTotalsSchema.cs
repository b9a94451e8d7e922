namespace KnowledgeGraph.Sqlite;

/// <summary>
/// Running totals behind the mechanism comparison (issue 18): trials per phase and outcome evidence sums, kept per
/// <em>mechanism set</em> (the mechanisms the trial's tested cell types act via directly, ACTS_VIA) by triggers inside
/// whatever transaction writes a trial's TESTS edges, its node, the totals of its outcome edges or a cell type's ACTS_VIA
/// edges (group writes, replacements, deletions, orphan collection: every path, with no code in the write path). A
/// mechanism's totals then sum the rows whose set meets the mechanism or a narrower one: at most a row per subset of the
/// vocabulary's mechanisms and phase or outcome, whatever the number of trials, and each trial is in one set, so a trial
/// testing two of its cell types counts once, exactly as the distinct-trial query over every TESTS edge counted it. That
/// query was linear in trials (about half a second per side at 25,000 trials); keying by cell-type set instead of
/// mechanism set was tried too: a thousand sets of 10 cell types, 3,000 rows and 10-20 ms a read at 200,000 papers.
/// <list type="bullet">
/// <item><c>trial_sets</c>: each Trial node whose tested cell types act via some mechanism, that set (mechanism ids
/// joined by a line feed, in id order) and its phase as the trial listing reads it (text, else "unknown").</item>
/// <item><c>trial_set_phases</c>: trials per (mechanism set, phase).</item>
/// <item><c>trial_set_outcomes</c>: per (mechanism set, outcome), the REPORTS_OUTCOME/MEASURES edges of those trials that
/// have totals and their evidence, positive and negative sums (a row exists while one such edge does).</item>
/// </list>
/// A trial's set or phase changing moves its whole contribution (<c>trial_refresh</c>); its outcome totals changing adds the
/// difference. <c>celltype_trial_counts</c> holds each cell type's TESTS edges (its trials, as a cell type summary counts
/// them: a COUNT over the index range read 20,000 entries per cell type at a million papers). Additive (IF NOT EXISTS); a database from before is summed once on its next start (<see cref="BackfilledKey"/>).
/// </summary>
internal static class SqliteTrialTotalsSchema
{
    /// <summary>The meta key set once the totals hold every trial.</summary>
    public const string BackfilledKey = "trialTotalsVersion";

    /// <summary>The phase of a trial node <c>n</c> as the trial listing groups it.</summary>
    /// (Unqualified props: the only table in the scope that reads it is <c>nodes n</c>.)
    private const string PhaseOf = $"CASE WHEN typeof({SqliteQuerySchema.Phase}) = 'text' THEN {SqliteQuerySchema.Phase} ELSE 'unknown' END";

    /// <summary>The mechanism set of trial <c>n</c>: what its TESTS targets act via, one per line, in id order so equal sets
    /// are one row; null when they act via none. (Not <c>group_concat(... ORDER BY ...)</c>: SQLite before 3.44, e.g. a
    /// 3.40 sqlite3 shell, could then not read the file's schema at all.) Correctness does not rest on the order: a
    /// trial's contribution is taken out under the set text it was put in with, and every row is read on its own.</summary>
    private const string SetOf = """
        (SELECT group_concat(dst, char(10)) FROM (SELECT DISTINCT a.dst FROM edges t JOIN edges a ON a.src = t.dst AND a.type = 'ACTS_VIA'
            WHERE t.src = n.id AND t.type = 'TESTS' ORDER BY a.dst))
        """;

    private const string OutcomeTypes = "('REPORTS_OUTCOME', 'MEASURES')";

    public const string Create = $"""
        CREATE TABLE IF NOT EXISTS trial_sets (
            trial TEXT PRIMARY KEY,
            mechanisms TEXT NOT NULL,
            phase TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS trial_set_phases (
            mechanisms TEXT NOT NULL,
            phase TEXT NOT NULL,
            trials INTEGER NOT NULL,
            PRIMARY KEY (mechanisms, phase)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS trial_set_outcomes (
            mechanisms TEXT NOT NULL,
            outcome TEXT NOT NULL,
            edges INTEGER NOT NULL,
            evidence INTEGER NOT NULL,
            positive INTEGER NOT NULL,
            negative INTEGER NOT NULL,
            PRIMARY KEY (mechanisms, outcome)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS celltype_trial_counts (
            cell_type TEXT PRIMARY KEY,
            trials INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE VIEW IF NOT EXISTS trial_refresh (trial) AS SELECT NULL WHERE 0;

        -- Moves one trial's contribution from its old set and phase (if any) to its current ones (if it still has any).
        CREATE TRIGGER IF NOT EXISTS trial_refresh_run INSTEAD OF INSERT ON trial_refresh BEGIN
            UPDATE trial_set_phases SET trials = trials - 1
                WHERE (mechanisms, phase) = (SELECT mechanisms, phase FROM trial_sets WHERE trial = new.trial);
            INSERT INTO trial_set_outcomes (mechanisms, outcome, edges, evidence, positive, negative)
                SELECT ts.mechanisms, e.dst, -COUNT(*), -SUM(s.evidence), -SUM(s.positive), -SUM(s.negative)
                FROM trial_sets ts JOIN edges e ON e.src = ts.trial AND e.type IN {OutcomeTypes} JOIN edge_stats s ON s.edge_id = e.id
                WHERE ts.trial = new.trial GROUP BY e.dst
                ON CONFLICT (mechanisms, outcome) DO UPDATE SET edges = edges + excluded.edges, evidence = evidence + excluded.evidence,
                    positive = positive + excluded.positive, negative = negative + excluded.negative;
            DELETE FROM trial_sets WHERE trial = new.trial;
            INSERT INTO trial_sets (trial, mechanisms, phase)
                SELECT n.id, {SetOf}, {PhaseOf} FROM nodes n
                WHERE n.id = new.trial AND n.label = 'Trial' AND {SetOf} IS NOT NULL;
            INSERT INTO trial_set_phases (mechanisms, phase, trials)
                SELECT mechanisms, phase, 1 FROM trial_sets WHERE trial = new.trial
                ON CONFLICT (mechanisms, phase) DO UPDATE SET trials = trials + 1;
            INSERT INTO trial_set_outcomes (mechanisms, outcome, edges, evidence, positive, negative)
                SELECT ts.mechanisms, e.dst, COUNT(*), SUM(s.evidence), SUM(s.positive), SUM(s.negative)
                FROM trial_sets ts JOIN edges e ON e.src = ts.trial AND e.type IN {OutcomeTypes} JOIN edge_stats s ON s.edge_id = e.id
                WHERE ts.trial = new.trial GROUP BY e.dst
                ON CONFLICT (mechanisms, outcome) DO UPDATE SET edges = edges + excluded.edges, evidence = evidence + excluded.evidence,
                    positive = positive + excluded.positive, negative = negative + excluded.negative;
            DELETE FROM trial_set_phases WHERE trials = 0;
            DELETE FROM trial_set_outcomes WHERE edges = 0;
        END;

        CREATE TRIGGER IF NOT EXISTS trial_tests_insert AFTER INSERT ON edges WHEN new.type = 'TESTS' BEGIN
            INSERT INTO celltype_trial_counts (cell_type, trials) VALUES (new.dst, 1) ON CONFLICT (cell_type) DO UPDATE SET trials = trials + 1;
            INSERT INTO trial_refresh (trial) VALUES (new.src);
        END;
        CREATE TRIGGER IF NOT EXISTS trial_tests_delete AFTER DELETE ON edges WHEN old.type = 'TESTS' BEGIN
            UPDATE celltype_trial_counts SET trials = trials - 1 WHERE cell_type = old.dst;
            INSERT INTO trial_refresh (trial) VALUES (old.src);
        END;
        -- A cell type acting via another mechanism (a new vocabulary) moves every trial that tests it. Dropped and made
        -- again on open: the type <> 'MENTIONS' term (the partial index's condition, SqliteSchema.NotMentions) came later.
        DROP TRIGGER IF EXISTS trial_acts_via_insert;
        CREATE TRIGGER trial_acts_via_insert AFTER INSERT ON edges WHEN new.type = 'ACTS_VIA' BEGIN
            INSERT INTO trial_refresh (trial) SELECT src FROM edges WHERE dst = new.src AND type = 'TESTS' AND {SqliteSchema.NotMentions};
        END;
        DROP TRIGGER IF EXISTS trial_acts_via_delete;
        CREATE TRIGGER trial_acts_via_delete AFTER DELETE ON edges WHEN old.type = 'ACTS_VIA' BEGIN
            INSERT INTO trial_refresh (trial) SELECT src FROM edges WHERE dst = old.src AND type = 'TESTS' AND {SqliteSchema.NotMentions};
        END;
        CREATE TRIGGER IF NOT EXISTS trial_node_update AFTER UPDATE OF label, props ON nodes
            WHEN new.label = 'Trial' OR old.label = 'Trial' BEGIN
            INSERT INTO trial_refresh (trial) VALUES (new.id);
        END;

        -- An outcome edge of a counted trial: its totals are added as they are written and changed.
        CREATE TRIGGER IF NOT EXISTS trial_outcome_stats_insert AFTER INSERT ON edge_stats
            WHEN EXISTS (SELECT 1 FROM edges e JOIN trial_sets ts ON ts.trial = e.src WHERE e.id = new.edge_id AND e.type IN {OutcomeTypes}) BEGIN
            INSERT INTO trial_set_outcomes (mechanisms, outcome, edges, evidence, positive, negative)
                SELECT ts.mechanisms, e.dst, 1, new.evidence, new.positive, new.negative
                FROM edges e JOIN trial_sets ts ON ts.trial = e.src WHERE e.id = new.edge_id
                ON CONFLICT (mechanisms, outcome) DO UPDATE SET edges = edges + 1, evidence = evidence + excluded.evidence,
                    positive = positive + excluded.positive, negative = negative + excluded.negative;
        END;
        CREATE TRIGGER IF NOT EXISTS trial_outcome_stats_update AFTER UPDATE OF evidence, positive, negative ON edge_stats
            WHEN (old.evidence <> new.evidence OR old.positive <> new.positive OR old.negative <> new.negative)
             AND EXISTS (SELECT 1 FROM edges e JOIN trial_sets ts ON ts.trial = e.src WHERE e.id = new.edge_id AND e.type IN {OutcomeTypes}) BEGIN
            UPDATE trial_set_outcomes SET evidence = evidence + new.evidence - old.evidence,
                positive = positive + new.positive - old.positive, negative = negative + new.negative - old.negative
                WHERE (mechanisms, outcome) = (SELECT ts.mechanisms, e.dst FROM edges e JOIN trial_sets ts ON ts.trial = e.src WHERE e.id = new.edge_id);
        END;
        -- Before the edge goes: its totals row goes with it (foreign key cascade) and could not be read after.
        CREATE TRIGGER IF NOT EXISTS trial_outcome_edge_delete BEFORE DELETE ON edges
            WHEN old.type IN {OutcomeTypes} AND EXISTS (SELECT 1 FROM trial_sets WHERE trial = old.src)
             AND EXISTS (SELECT 1 FROM edge_stats WHERE edge_id = old.id) BEGIN
            UPDATE trial_set_outcomes SET edges = edges - 1,
                evidence = evidence - (SELECT evidence FROM edge_stats WHERE edge_id = old.id),
                positive = positive - (SELECT positive FROM edge_stats WHERE edge_id = old.id),
                negative = negative - (SELECT negative FROM edge_stats WHERE edge_id = old.id)
                WHERE mechanisms = (SELECT mechanisms FROM trial_sets WHERE trial = old.src) AND outcome = old.dst;
            DELETE FROM trial_set_outcomes WHERE edges = 0;
        END;
        """;

    /// <summary>Sums every trial once (inside the caller's transaction).</summary>
    public const string Backfill = $"""
        DELETE FROM trial_sets;
        DELETE FROM trial_set_phases;
        DELETE FROM trial_set_outcomes;
        DELETE FROM celltype_trial_counts;
        INSERT INTO celltype_trial_counts (cell_type, trials) SELECT dst, COUNT(*) FROM edges WHERE type = 'TESTS' AND {SqliteSchema.NotMentions} GROUP BY dst;
        INSERT INTO trial_sets (trial, mechanisms, phase)
            SELECT n.id, {SetOf}, {PhaseOf} FROM nodes n
            WHERE n.label = 'Trial' AND n.id IN (SELECT src FROM edges WHERE type = 'TESTS' AND {SqliteSchema.NotMentions}) AND {SetOf} IS NOT NULL;
        INSERT INTO trial_set_phases (mechanisms, phase, trials) SELECT mechanisms, phase, COUNT(*) FROM trial_sets GROUP BY mechanisms, phase;
        INSERT INTO trial_set_outcomes (mechanisms, outcome, edges, evidence, positive, negative)
            SELECT ts.mechanisms, e.dst, COUNT(*), SUM(s.evidence), SUM(s.positive), SUM(s.negative)
            FROM trial_sets ts CROSS JOIN edges e ON e.src = ts.trial AND e.type IN {OutcomeTypes} JOIN edge_stats s ON s.edge_id = e.id
            GROUP BY ts.mechanisms, e.dst;
        """;

    /// <summary>What a mechanism's totals read: trials per mechanism set and phase.</summary>
    public const string ReadPhases = "SELECT mechanisms, phase, trials FROM trial_set_phases";

    /// <summary>What a mechanism's totals read: outcome sums per mechanism set, with the outcome's name.</summary>
    public const string ReadOutcomes = """
        SELECT s.mechanisms, s.outcome, o.name, s.evidence, s.positive, s.negative
        FROM trial_set_outcomes s JOIN nodes o ON o.id = s.outcome
        """;
}
