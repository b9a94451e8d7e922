using System.CommandLine;
using KnowledgeGraph.Core.Ingestion;
using KnowledgeGraph.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace KnowledgeGraph.Cli.Commands;

/// <summary><c>kg ingest PATH...</c>: files or folders in, a summary of added / unchanged / failed out.</summary>
public static class IngestCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Files or folders (searched recursively)", Arity = ArgumentArity.OneOrMore };
        var command = new Command("ingest", "Read papers (text, Markdown, JSON, Semantic Scholar records, PubMed/JATS XML, ClinicalTrials.gov JSON/XML, PDF) into the graph")
        {
            paths, KgCli.Json,
        };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = CliServices.Create(parse);
            var summary = await IngestAndReportAsync(services, parse.GetValue(paths)!, parse.GetValue(KgCli.Json), ct);
            return summary.Failed > 0 && summary.Failed == summary.Files ? 1 : 0;
        });
        return command;
    }

    /// <summary>Ingests files and folders with a progress display, then prints the summary and the graph's counts
    /// (or the summary as JSON). Shared by <c>kg ingest</c> and <c>kg serve --ingest</c>.</summary>
    public static async Task<IngestSummary> IngestAndReportAsync(IServiceProvider services, string[] inputs, bool json, CancellationToken ct)
    {
        var ingestion = services.GetRequiredService<FileIngestion>();
        List<string> files;
        try
        {
            files = [.. FileIngestion.ExpandPaths(inputs)];
        }
        catch (FileNotFoundException ex)
        {
            throw new CliException(ex.Message);
        }
        IReadOnlyList<IngestResult> results;
        if (!json && AnsiConsole.Profile.Capabilities.Interactive)
        {
            results = await AnsiConsole.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask($"Ingesting {files.Count} file(s)", maxValue: files.Count);
                    return await ingestion.IngestPathsAsync(files, new Progress<IngestResult>(_ => task.Increment(1)), ct);
                });
        }
        else
        {
            var done = 0;
            // Not a terminal (CI, pipes): one line per file so logs show progress without control codes.
            var progress = json ? null : new SyncProgress<IngestResult>(r =>
                Console.WriteLine($"[{Interlocked.Increment(ref done)}/{files.Count}] {(r.Failed ? "failed " : "ok     ")} {r.Source}"));
            results = await ingestion.IngestPathsAsync(files, progress, ct);
        }

        var summary = IngestSummary.From(results);
        if (json)
        {
            Console.WriteLine(CliJson.Serialize(summary));
        }
        else
        {
            IngestSummary.Print(summary, CliServices.Describe(services));
            StatsCommand.Print(await CliServices.Store(services).GetCountsAsync(ct), "The graph now");
        }
        return summary;
    }
}

/// <summary>IProgress that reports on the calling thread (Progress&lt;T&gt; would post to the thread pool out of order).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Lock _gate = new();

    public void Report(T value)
    {
        lock (_gate) report(value);
    }
}

public sealed record IngestSummary(int Files, int Papers, int Added, int Replaced, int Unchanged, int Failed,
    IReadOnlyDictionary<string, int> ByFormat, IReadOnlyList<FailedInput> Failures)
{
    public static IngestSummary From(IReadOnlyList<IngestResult> results) => new(
        results.Count,
        results.Sum(r => r.Papers.Count),
        results.Sum(r => r.Count(UpsertOutcome.Added)),
        results.Sum(r => r.Count(UpsertOutcome.Replaced)),
        results.Sum(r => r.Count(UpsertOutcome.Unchanged)),
        results.Count(r => r.Failed),
        results.Where(r => r.Format is not null).GroupBy(r => r.Format!.Value.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count()),
        [.. results.Where(r => r.Failed).Select(r => new FailedInput(r.Source, r.Failure!.Code, r.Failure.Reason))]);

    public static void Print(IngestSummary s, string where)
    {
        var table = new Table().Title($"Ingested into {Markup.Escape(where)}").AddColumns("files", "papers", "added", "replaced", "unchanged", "failed");
        table.AddRow($"{s.Files}", $"{s.Papers}", $"[green]{s.Added}[/]", $"{s.Replaced}", $"{s.Unchanged}", s.Failed > 0 ? $"[red]{s.Failed}[/]" : "0");
        AnsiConsole.Write(table);
        if (s.ByFormat.Count > 0)
        {
            var formats = new Table().AddColumns("format", "files");
            foreach (var (f, n) in s.ByFormat) formats.AddRow(f, $"{n}");
            AnsiConsole.Write(formats);
        }
        foreach (var f in s.Failures)
            AnsiConsole.MarkupLine($"[red]failed[/] {Markup.Escape(f.Source)}: {Markup.Escape(f.Reason)} ({f.Code})");
    }
}

public sealed record FailedInput(string Source, string Code, string Reason);
