using System.CommandLine;
using KnowledgeGraph.Core.Storage;
using KnowledgeGraph.Core.Trials;

namespace KnowledgeGraph.Cli.Commands;

/// <summary>
/// <c>kg table</c>: the review's table (one row per trial x outcome, the same rows as <c>GET /api/evidence-table</c>) as
/// Markdown or CSV, or <c>--matrix</c> for mechanism x outcome. Every page of the store's table, up to <c>--max-trials</c>.
/// </summary>
public static class TableCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "markdown (default), csv or json", DefaultValueFactory = _ => "markdown" };
        format.AcceptOnlyFromAmong("markdown", "csv", "json");
        var mechanism = new Option<string?>("--mechanism") { Description = "Mechanism id (narrower ones included)" };
        var cellType = new Option<string?>("--cell-type") { Description = "Cell type id" };
        var product = new Option<string?>("--product") { Description = "Product id, e.g. product:vx-880" };
        var outcome = new Option<string?>("--outcome") { Description = "Outcome id, e.g. outcome:insulin-independence" };
        var phase = new Option<string?>("--phase") { Description = "e.g. 2, PHASE1" };
        var protection = new Option<string?>("--protection") { Description = "Protection id (narrower agents included), e.g. protection:immunosuppression" };
        var status = new Option<string?>("--status") { Description = "e.g. COMPLETED" };
        var trial = new Option<string?>("--trial") { Description = "One trial, e.g. NCT04786262" };
        var matrix = new Option<bool>("--matrix") { Description = "Print the mechanism x outcome matrix instead (trials, papers, patients, direction)" };
        var maxTrials = new Option<int>("--max-trials") { Description = "Most trials to write (1-100000)", DefaultValueFactory = _ => 10_000 };
        maxTrials.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 100_000) r.AddError("--max-trials must be between 1 and 100000.");
        });
        var output = new Option<string?>("--output", "-o") { Description = "File to write (default: standard output)" };
        var command = new Command("table", "The review's table: each trial's product, cell type, mechanism, source, site, protection, phase, status, enrollment and findings with values and sources")
        {
            format, mechanism, cellType, product, outcome, phase, protection, status, trial, matrix, maxTrials, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = CliServices.Create(parse);
            var store = CliServices.Store(services);
            var filter = new EvidenceTableFilter(parse.GetValue(mechanism), parse.GetValue(cellType), parse.GetValue(product), parse.GetValue(outcome),
                parse.GetValue(phase), parse.GetValue(protection), parse.GetValue(status), parse.GetValue(trial));
            string text;
            if (parse.GetValue(matrix))
            {
                var m = await store.GetOutcomeMatrixAsync(filter, ct);
                text = parse.GetValue(format) == "json" ? CliJson.Serialize(m) + "\n" : EvidenceTableFormat.MatrixMarkdown(m);
            }
            else
            {
                var rows = new List<EvidenceRow>();
                string? cursor = null;
                var trials = 0;
                var limit = parse.GetValue(maxTrials);
                do
                {
                    var page = await store.GetEvidenceTableAsync(filter, Math.Min(500, limit - trials), cursor, ct);
                    rows.AddRange(page.Items);
                    trials += page.Items.Select(r => r.TrialId).Distinct().Count();
                    cursor = page.NextCursor;
                }
                while (cursor is not null && trials < limit);
                text = parse.GetValue(format) switch
                {
                    "csv" => EvidenceTableFormat.Csv(rows),
                    "json" => CliJson.Serialize(rows) + "\n",
                    _ => EvidenceTableFormat.Markdown(rows),
                };
            }
            if (parse.GetValue(output) is { } path)
            {
                await File.WriteAllTextAsync(path, text, ct);
                await Console.Error.WriteLineAsync($"Wrote the table to {path}");
            }
            else
            {
                await Console.Out.WriteAsync(text);
            }
            return 0;
        });
        return command;
    }
}
