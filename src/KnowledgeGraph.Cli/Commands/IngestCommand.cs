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
        long total;
        try
        {
            // A walk that keeps no name, for the progress total; the ingest walks again, lazily, so a million paths are
            // never one list, and results are tallied as they come rather than kept.
            total = FileIngestion.CountFiles(inputs);
        }
        catch (FileNotFoundException ex)
        {
            throw new CliException(ex.Message);
        }
        var tally = new IngestTally();
        if (!json && AnsiConsole.Profile.Capabilities.Interactive)
        {
            await AnsiConsole.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask($"Ingesting {total} file(s)", maxValue: total);
                    await ingestion.IngestFilesAsync(FileIngestion.ExpandPaths(inputs), (i, r) =>
                    {
                        tally.Add(i, r);
                        task.Increment(1);
                    }, ct);
                });
        }
        else
        {
            var done = 0;
            var gate = new Lock();
            // Not a terminal (CI, pipes): one line per file so logs show progress without control codes.
            await ingestion.IngestFilesAsync(FileIngestion.ExpandPaths(inputs), (i, r) =>
            {
                tally.Add(i, r);
                if (json) return;
                lock (gate) Console.WriteLine($"[{++done}/{total}] {(r.Failed ? "failed " : "ok     ")} {r.Source}");
            }, ct);
        }

        var summary = tally.Summary();
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

/// <summary>An <see cref="IngestSummary"/> built one result at a time (thread-safe), so a run keeps counts, not results.</summary>
internal sealed class IngestTally
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _byFormat = new(StringComparer.Ordinal);
    private readonly List<(int Index, FailedInput Failure)> _failures = [];
    private int _files, _papers, _added, _replaced, _unchanged, _failed;

    public void Add(int index, IngestResult r)
    {
        lock (_gate)
        {
            _files++;
            _papers += r.Papers.Count;
            _added += r.Count(UpsertOutcome.Added);
            _replaced += r.Count(UpsertOutcome.Replaced);
            _unchanged += r.Count(UpsertOutcome.Unchanged);
            if (r.Failed)
            {
                _failed++;
                _failures.Add((index, new FailedInput(r.Source, r.Failure!.Code, r.Failure.Reason)));
            }
            if (r.Format is { } format) _byFormat[format.ToString()] = _byFormat.GetValueOrDefault(format.ToString()) + 1;
        }
    }

    /// <summary>Files and papers so far, for a progress line.</summary>
    public (int Files, int Papers) Progress()
    {
        lock (_gate) return (_files, _papers);
    }

    public IngestSummary Summary()
    {
        lock (_gate)
            return new IngestSummary(_files, _papers, _added, _replaced, _unchanged, _failed,
                _byFormat.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value),
                [.. _failures.OrderBy(f => f.Index).Select(f => f.Failure)]);
    }
}

public sealed record IngestSummary(int Files, int Papers, int Added, int Replaced, int Unchanged, int Failed,
    IReadOnlyDictionary<string, int> ByFormat, IReadOnlyList<FailedInput> Failures)
{
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
