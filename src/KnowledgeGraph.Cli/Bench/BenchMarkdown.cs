using System.Globalization;
using System.Text;

namespace KnowledgeGraph.Cli.Bench;

/// <summary>Writes a run as bench/RESULTS.md: machine, date, the cost curve over corpus sizes, every figure of the largest
/// size against its target, how to reproduce.</summary>
public static class BenchMarkdown
{
    public static string Write(BenchResults r, string command)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        void L(string s = "") => sb.Append(s).Append('\n');
        string F(double v, string fmt = "0.0") => v.ToString(fmt, ci);
        static string Verdict(bool pass) => pass ? "PASS" : "MISS";
        string Mb(long b) => F(b / 1048576.0, "0") + " MiB";
        string Ratio(double big, double small) => small > 0 ? F(big / small, "0.00") + "x" : "-";

        var m = r.Machine;
        var first = r.Scale[0];
        var last = r.Scale[^1];
        L("# Benchmark results");
        L();
        L($"Measured by `kg bench` on {m.StartedUtc.ToString("yyyy-MM-dd HH:mm", ci)} UTC in {F(r.TotalSeconds / 60, "0")} min.");
        L();
        L("| machine | |");
        L("|---|---|");
        L($"| OS | {m.Os} |");
        L($"| CPU | {m.Cpu} |");
        L($"| cores | {m.Cores} |");
        L($"| memory | {F(m.MemoryBytes / 1073741824.0)} GiB |");
        L($"| runtime | {m.Runtime} ({m.Configuration} build) |");
        L($"| load average at start (1 min) | {F(m.LoadAverage, "0.00")}; at the start of each size: {string.Join(", ", r.Scale.Select(p => $"{p.Papers:N0}: {F(p.LoadAverage, "0.00")}"))} |");
        L();
        var s = r.Settings;
        L($"Corpus: synthetic abstracts at {string.Join(", ", s.Sizes.Select(n => n.ToString("N0", ci)))} papers, plus one ClinicalTrials.gov record per 40 papers, seed {s.Seed} " +
          "(`SyntheticCorpus`: vocabulary synonyms in abstract-shaped sentence templates, one JSON file each, 1,000 per folder). " +
          $"Ingest groups: {s.GroupSize} files (`KG:Ingestion:GroupSize`). Queries: {s.QueryRuns:N0} runs each. Cold start: {s.ColdStartRuns} runs.");
        L();

        if (r.Scale.Count < s.Sizes.Count)
        {
            L($"**Partial:** {r.Scale.Count} of the {s.Sizes.Count} sizes measured so far ({string.Join(", ", s.Sizes.Skip(r.Scale.Count).Select(n => n.ToString("N0", ci)))} papers not yet); " +
              "this report is rewritten after every size, and the run that wrote it had not finished.");
            L();
        }
        L($"## Summary against the targets (at {last.Papers:N0} papers)");
        L();
        L("| figure | measured | target | verdict |");
        L("|---|---|---|---|");
        var e = r.Extraction;
        L($"| extraction, compiled matcher, one core | {F(e.MatcherMBps)} MB/s | >= {BenchTargets.MatcherMBps} MB/s | {Verdict(e.MatcherMBps >= BenchTargets.MatcherMBps)} |");
        L($"| matcher vs naive IndexOf baseline | {F(e.Ratio)}x | >= {BenchTargets.Ratio}x | {Verdict(e.Ratio >= BenchTargets.Ratio)} |");
        L($"| full extraction (`ConceptExtractor`), one core | {F(e.FullExtractionMBps)} MB/s | >= {BenchTargets.MatcherMBps} MB/s | {Verdict(e.FullExtractionMBps >= BenchTargets.MatcherMBps)} |");
        L($"| full extraction vs naive baseline | {F(e.FullRatio)}x | >= {BenchTargets.Ratio}x | {Verdict(e.FullRatio >= BenchTargets.Ratio)} |");
        var i = last.Ingest;
        L($"| ingest of {i.Papers:N0} papers into SQLite | {F(i.PapersPerSecond, "0")} papers/s ({F(i.Seconds / 60, "0.0")} min) | >= {BenchTargets.IngestPapersPerSecond:0} papers/s | {Verdict(i.PapersPerSecond >= BenchTargets.IngestPapersPerSecond)} |");
        L($"| ingest peak working set | {Mb(i.PeakWorkingSetBytes)} | < {Mb(BenchTargets.IngestBytes)} | {Verdict(i.PeakWorkingSetBytes < BenchTargets.IngestBytes)} |");
        foreach (var q in last.Queries)
            L($"| query `{q.Name}` p99 | {F(q.P99Ms, "0.00")} ms | < {BenchTargets.QueryP99Ms} ms | {Verdict(q.P99Ms < BenchTargets.QueryP99Ms)} |");
        if (r.Scale.Count > 1 && first.Query("search") is { } s0 && last.Query("search") is { } s1)
            L($"| query `search` p99 at {last.Papers:N0} vs {first.Papers:N0} papers | {Ratio(s1.P99Ms, s0.P99Ms)} ({F(s1.P99Ms, "0.00")} / {F(s0.P99Ms, "0.00")} ms) | <= {BenchTargets.SearchGrowth:0}x | {Verdict(s1.P99Ms <= BenchTargets.SearchGrowth * s0.P99Ms)} |");
        L($"| `kg serve` cold start to first `/api/health` 200 (median) | {F(last.ColdStart.MedianMs, "0")} ms | < {BenchTargets.ColdStartMs} ms | {Verdict(last.ColdStart.MedianMs < BenchTargets.ColdStartMs)} |");
        L();

        L("## 1. The cost curve");
        L();
        L("One row per corpus size; each query cell is p50 / p99 in ms. The last row divides the largest size's figure by the smallest's " +
          "(for a cost that grows with the work, ingest time and database size grow with the papers and the rest stays near 1x). " +
          "Ingest: a fresh database, a child process, `kg ingest`'s path (`FileIngestion`, ledger included). Re-run: the same files again, " +
          "every one answered from the ledger without a graph write, which is what resuming a killed run costs for the part already done. " +
          "Papers per CPU-second divides by the ingest process's processor time (both cores): on a machine shared with other work, " +
          "wall time also counts the turns given to other processes, so this is the figure to compare between runs.");
        L();
        var names = last.Queries.Select(q => q.Name).ToList();
        L("| papers | ingest s | papers/s | papers per CPU-second | load at ingest end | peak working set MiB | database bytes/paper | re-run s | cold start ms | " + string.Join(" | ", names) + " |");
        L("|---" + string.Concat(Enumerable.Repeat("|---", 8 + names.Count)) + "|");
        string Cell(ScalePoint p, string n) => p.Query(n) is { } q ? $"{F(q.P50Ms, "0.00")} / {F(q.P99Ms, "0.00")}" : "-";
        foreach (var p in r.Scale)
            L($"| {p.Papers:N0} | {F(p.Ingest.Seconds)} | {F(p.Ingest.PapersPerSecond, "0")} | {F(p.Ingest.PapersPerCpuSecond, "0")} | {F(p.Ingest.LoadAverage, "0.0")} | {F(p.Ingest.PeakWorkingSetBytes / 1048576.0, "0")} | {F(p.DatabaseBytesPerPaper, "0")} | {F(p.ResumeSeconds)} | {F(p.ColdStart.MedianMs, "0")} | " +
              string.Join(" | ", names.Select(n => Cell(p, n))) + " |");
        if (r.Scale.Count > 1)
        {
            string QRatio(string n) => first.Query(n) is { } a && last.Query(n) is { } b ? $"{Ratio(b.P50Ms, a.P50Ms)} / {Ratio(b.P99Ms, a.P99Ms)}" : "-";
            L($"| ratio {last.Papers:N0} / {first.Papers:N0} ({Ratio(last.Papers, first.Papers)} the papers) | {Ratio(last.Ingest.Seconds, first.Ingest.Seconds)} | {Ratio(last.Ingest.PapersPerSecond, first.Ingest.PapersPerSecond)} | " +
              $"{Ratio(last.Ingest.PapersPerCpuSecond, first.Ingest.PapersPerCpuSecond)} | - | " +
              $"{Ratio(last.Ingest.PeakWorkingSetBytes, first.Ingest.PeakWorkingSetBytes)} | {Ratio(last.DatabaseBytesPerPaper, first.DatabaseBytesPerPaper)} | {Ratio(last.ResumeSeconds, first.ResumeSeconds)} | " +
              $"{Ratio(last.ColdStart.MedianMs, first.ColdStart.MedianMs)} | " + string.Join(" | ", names.Select(QRatio)) + " |");
        }
        L();

        L("## 2. Extraction throughput (single thread)");
        L();
        L($"The same {e.Documents:N0} abstracts ({F(e.TextBytes / 1e6, "0.00")} MB of UTF-8 section text) per pass, in a child process that tiers hot methods up at once (`DOTNET_TC_CallCountingDelayMs=0`, so the figure does not depend on when a busy machine lets the JIT promote them) and collects garbage on the measuring thread (`DOTNET_gcServer=0`, `DOTNET_gcConcurrent=0`: one core, GC included); warm-up passes for at least 3 s and until a pass is no faster than the one before, then whole passes for at least 1 s. MB = 10^6 bytes.");
        L();
        L("| extractor | MB/s | vs naive |");
        L("|---|---|---|");
        L($"| naive: `IndexOf(OrdinalIgnoreCase)` per synonym ({e.NaivePhrases} phrases) | {F(e.NaiveMBps, "0.00")} | 1.0x |");
        L($"| compiled `LexiconMatcher` ({e.MatcherPhrases} folded phrases, one pass) | {F(e.MatcherMBps)} | {F(e.Ratio)}x |");
        L($"| full `ConceptExtractor.Extract` (sentences, matcher, trial ids, paraphrases, rules, negation, relations) | {F(e.FullExtractionMBps)} | {F(e.FullRatio)}x |");
        if (e.FullExtractionThreadCpuMBps > 0)
            L($"| the same, per second of the measuring thread's CPU, least time of each 25-document chunk (steady on a busy machine) | {F(e.FullExtractionThreadCpuMBps)} | {F(e.NaiveMBps > 0 ? e.FullExtractionThreadCpuMBps / e.NaiveMBps : 0)}x |");
        L();
        L("The naive matcher finds substrings only (no word boundaries, folding or rules), so it does less work than either of the others. " +
          "Every project sets `InvariantGlobalization`, under which `IndexOf(..., OrdinalIgnoreCase)` takes a slower per-character path: " +
          "during development the same naive matcher ran about 7x faster with ICU (5.7 MB/s on this machine), so the baseline ratio is " +
          "inflated by that factor; the compiled matcher stays above 20x either way (about 45x with ICU).");
        L();

        L($"## 3. End-to-end ingest into SQLite ({i.Papers:N0} papers)");
        L();
        L($"`{i.Files:N0}` files ({F(i.CorpusBytes / 1e6)} MB) written to a temporary folder, then ingested by a child process " +
          "(`kg bench ingest-worker`, the same `FileIngestion` as `kg ingest`, ledger included, results counted and not kept) into a fresh database.");
        L();
        L("| | |");
        L("|---|---|");
        L($"| papers (documents) | {i.Papers:N0} |");
        L($"| failed inputs | {i.Failed} |");
        L($"| wall time | {F(i.Seconds, "0.00")} s |");
        L($"| throughput | {F(i.PapersPerSecond, "0")} papers/s |");
        L($"| processor time | {F(i.CpuSeconds, "0")} s ({F(i.PapersPerCpuSecond, "0")} papers per CPU-second; 1-minute load average {F(i.LoadAverage, "0.0")} when the ingest ended) |");
        if (i.WriterSeconds > 0)
            L($"| the SQLite writer (one at a time) | lock held {F(i.WriterSeconds, "0.0")} s of the wall time; {F(i.WriterCpuSeconds, "0.0")} s of processor time in graph transactions " +
              $"({F(i.WriterCpuSeconds > 0 ? i.Papers / i.WriterCpuSeconds : 0, "0")} papers per writer CPU-second: the most any number of cores could give) |");
        L($"| peak working set of the process | {Mb(i.PeakWorkingSetBytes)} |");
        L($"| peak managed heap (sampled every 10 ms) | {Mb(i.PeakGcHeapBytes)} |");
        L($"| database | {F(last.DatabaseBytes / 1e9, "0.00")} GB, {F(last.DatabaseBytesPerPaper, "0")} bytes per paper |");
        L($"| the same files again (all unchanged, from the ledger) | {F(last.ResumeSeconds, "0.0")} s, {last.ResumeUnchanged:N0} unchanged |");
        L($"| nodes | {string.Join(", ", i.Nodes.Select(kv => $"{kv.Key} {kv.Value:N0}"))} |");
        L($"| relationships | {string.Join(", ", i.Relationships.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key} {kv.Value:N0}"))} |");
        L();

        L($"## 4. Query latency ({last.Papers:N0} papers)");
        L();
        L("Each query in-process on the SQLite store, one at a time, parameters drawn (seeded) from the stored graph (papers drawn from the whole corpus); 20 warm-up runs; at most 20 s per query.");
        L();
        L("| query | parameters | runs | p50 ms | p99 ms | max ms | mean ms |");
        L("|---|---|---|---|---|---|---|");
        foreach (var q in last.Queries)
            L($"| {q.Name} | {q.Example} | {q.Runs:N0} | {F(q.P50Ms, "0.00")} | {F(q.P99Ms, "0.00")} | {F(q.MaxMs, "0.00")} | {F(q.MeanMs, "0.00")} |");
        L();

        L("## 5. Neo4j store: requests and bytes per paper");
        L();
        L("Counted by an HTTP handler standing in for the Query API (it answers each statement in the documented JSON shape); schema and vocabulary writes are excluded; ledger reads and writes are included where the path has a ledger.");
        L();
        L("| write path | papers | inputs per ledger group | docs per request | requests | requests/paper | request bytes/paper | response bytes |");
        L("|---|---|---|---|---|---|---|---|");
        foreach (var (name, n, ledger) in new[]
                 {
                     ("one input at a time through the ledger (blob trigger, POST /papers)", r.Neo4jPerInput, true),
                     ("groups through the ledger (`kg ingest` of a folder)", r.Neo4jGrouped, true),
                     ("one list, no ledger (`kg push --to neo4j`)", r.Neo4jBatched, false),
                 })
            L($"| {name} | {n.Papers:N0} | {(ledger ? n.GroupSize.ToString(ci) : "-")} | {n.BatchSize} | {n.Requests:N0} | {F(n.RequestsPerPaper, "0.000")} | {F(n.BytesPerPaper, "0")} | {n.ResponseBytes:N0} |");
        L();

        L("## 6. Cold start of `kg serve`");
        L();
        foreach (var p in r.Scale)
            L($"- {p.Papers:N0} papers: process start to the first 200 from `/api/health`: median {F(p.ColdStart.MedianMs, "0")} ms; runs: {string.Join(", ", p.ColdStart.RunsMs.Select(x => F(x, "0")))} ms.");
        L();

        L("## How to reproduce");
        L();
        L("```bash");
        L("dotnet build src/KnowledgeGraph.Cli -c Release");
        L($"dotnet src/KnowledgeGraph.Cli/bin/Release/net10.0/kg.dll {command}");
        L("```");
        L();
        L("Everything is generated and cleaned up by the command (temporary folder and databases); it needs no network.");
        var busy = r.Scale.Where(p => p.LoadAverage > m.Cores * 0.5).ToList();
        if (m.LoadAverage > m.Cores * 0.5 || busy.Count > 0)
        {
            L();
            L($"**Noise:** the 1-minute load average was {F(m.LoadAverage, "0.00")} on {m.Cores} cores when this run started " +
              $"({string.Join(", ", r.Scale.Select(p => $"{F(p.LoadAverage, "0.00")} at the start of {p.Papers:N0} papers"))}): other work shared the machine, " +
              "so these figures are pessimistic; re-run on a quiet machine for release numbers.");
        }
        return sb.ToString();
    }
}
