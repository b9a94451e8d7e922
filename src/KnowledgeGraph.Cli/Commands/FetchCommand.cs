using System.CommandLine;
using System.Globalization;
using Azure.Storage.Blobs;
using KnowledgeGraph.Api.Ingestion;
using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace KnowledgeGraph.Cli.Commands;

/// <summary>
/// <c>kg fetch pubmed|ctgov</c>: import from PubMed (E-utilities) and ClinicalTrials.gov (API v2) by query or preset,
/// straight into the graph through the ingestion ledger (the same door as files), or with <c>--to-blob</c> into the
/// papers container for the blob door. Only what is not held yet is fetched. <c>kg fetch presets</c> lists the presets.
/// </summary>
public static class FetchCommand
{
    private static readonly Option<string?> Preset = new("--preset") { Description = $"A query preset of the field (see `kg fetch presets`), or {FieldPresets.All}" };

    private static readonly Option<string?> Since = new("--since")
    {
        Description = "Only records new since this day, YYYY-MM-DD (PubMed: entered PubMed; ClinicalTrials.gov: last update posted)",
    };

    private static readonly Option<int?> Max = new("--max") { Description = "Fetch at most N new records per query in this run (the rest in the next run)" };

    private static readonly Option<string?> ToBlob = new("--to-blob")
    {
        Description = "Drop the records into the papers blob container (for the blob door: kg serve --blob or the Functions trigger) instead of " +
            "ingesting them here. Connection string as for `kg serve --blob`: the PapersStorage environment variable, --blob-file FILE, or a literal",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<FileInfo?> BlobFile = new("--blob-file") { Description = "Like --to-blob, with the connection string read from this file" };

    private static readonly Option<string?> Container = new("--container") { Description = "Container for --to-blob (default: KG:Ingestion:Container, papers)" };

    public static Command Create()
    {
        var command = new Command("fetch", "Import from PubMed or ClinicalTrials.gov by query (only records not held yet are fetched)");
        command.Subcommands.Add(PubMed());
        command.Subcommands.Add(Trials());
        command.Subcommands.Add(Presets());
        return command;
    }

    private static Command PubMed()
    {
        var query = new Argument<string?>("query") { Description = "PubMed query (Entrez syntax), e.g. \"islet transplantation AND type 1 diabetes\"", Arity = ArgumentArity.ZeroOrOne };
        var apiKey = new Option<string?>("--api-key") { Description = "NCBI API key (default: $NCBI_API_KEY or KG:Sources:PubMed:ApiKey): 10 requests/s instead of 3" };
        var email = new Option<string?>("--email") { Description = "Your e-mail address, sent to NCBI as it asks of automated tools (KG:Sources:PubMed:Email)" };
        var command = new Command("pubmed", "Search PubMed (ESearch, history server, date slices past 9,999 hits) and fetch new records (EFetch XML)")
        {
            query, Preset, Since, Max, apiKey, email, ToBlob, BlobFile, Container, KgCli.Json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var settings = new Dictionary<string, string?>();
            var key = parse.GetValue(apiKey) ?? (Environment.GetEnvironmentVariable("KG__Sources__PubMed__ApiKey") is { Length: > 0 } ? null : Environment.GetEnvironmentVariable("NCBI_API_KEY"));
            if (!string.IsNullOrWhiteSpace(key)) settings["KG:Sources:PubMed:ApiKey"] = key;
            if (parse.GetValue(email) is { Length: > 0 } address) settings["KG:Sources:PubMed:Email"] = address;
            var queries = Queries(parse.GetValue(query), parse.GetValue(Preset), p => p.PubMedQuery, "a PubMed query or --preset NAME");
            var since = ParseSince(parse.GetValue(Since));
            return await RunAsync(parse, settings, queries, async (services, q, sink, progress, token) =>
                await services.GetRequiredService<PubMedFetcher>().RunAsync(new PubMedQuery(q.Text, since, parse.GetValue(Max)), sink, progress, token), ct);
        });
        return command;
    }

    private static Command Trials()
    {
        var query = new Argument<string?>("query") { Description = "Free-text query (query.term), e.g. \"islet transplantation type 1 diabetes\"", Arity = ArgumentArity.ZeroOrOne };
        var condition = new Option<string?>("--condition") { Description = "Condition or disease (query.cond), e.g. \"Type 1 Diabetes\"" };
        var intervention = new Option<string?>("--intervention") { Description = "Intervention or treatment (query.intr), e.g. \"mesenchymal stem cells\"" };
        var command = new Command("ctgov", "Search ClinicalTrials.gov (API v2 /studies, pageToken paging) and fetch new or updated studies")
        {
            query, condition, intervention, Preset, Since, Max, ToBlob, BlobFile, Container, KgCli.Json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var since = ParseSince(parse.GetValue(Since));
            var max = parse.GetValue(Max);
            List<(string Text, ClinicalTrialsQuery Query)> queries;
            if (parse.GetValue(Preset) is { Length: > 0 } name)
            {
                if (parse.GetValue(query) is not null || parse.GetValue(condition) is not null || parse.GetValue(intervention) is not null)
                    throw new CliException("--preset cannot be combined with a query, --condition or --intervention.");
                queries = [.. Resolve(name).Select(p => (p.Name, p.TrialsQuery(since, max)))];
            }
            else
            {
                var q = new ClinicalTrialsQuery(parse.GetValue(query), parse.GetValue(condition), parse.GetValue(intervention), since, max);
                if (q.IsEmpty) throw new CliException("Give a query, --condition, --intervention or --preset NAME.");
                queries = [(q.ToString(), q)];
            }
            var byText = queries.ToDictionary(q => q.Text, q => q.Query, StringComparer.Ordinal);
            return await RunAsync(parse, new Dictionary<string, string?>(), [.. queries.Select(q => new NamedQuery(q.Text, q.Text))],
                async (services, q, sink, progress, token) =>
                    await services.GetRequiredService<ClinicalTrialsFetcher>().RunAsync(byText[q.Text], sink, progress, token), ct);
        });
        return command;
    }

    private static Command Presets()
    {
        var command = new Command("presets", "List the query presets of the field (T1D cell therapy) for PubMed and ClinicalTrials.gov") { KgCli.Json };
        command.SetAction(parse =>
        {
            if (parse.GetValue(KgCli.Json))
            {
                Console.WriteLine(CliJson.Serialize(FieldPresets.Presets.Select(p => new
                {
                    p.Name, p.Title, PubMed = p.PubMedQuery, ClinicalTrials = new { condition = FieldPresets.Condition, intervention = p.TrialsIntervention },
                })));
                return 0;
            }
            // Plain lines, not a table: the queries are long and are meant to be copied.
            foreach (var p in FieldPresets.Presets)
            {
                Console.WriteLine($"{p.Name}: {p.Title}");
                Console.WriteLine($"  pubmed: {p.PubMedQuery}");
                Console.WriteLine($"  ctgov:  --condition \"{FieldPresets.Condition}\" --intervention \"{p.TrialsIntervention}\"");
            }
            Console.WriteLine($"{FieldPresets.All}: every preset above");
            return 0;
        });
        return command;
    }

    private sealed record NamedQuery(string Label, string Text);

    private delegate Task<FetchReport> Fetch(IServiceProvider services, NamedQuery query, ISourceSink sink, IProgress<FetchProgress> progress, CancellationToken ct);

    private static List<NamedQuery> Queries(string? query, string? preset, Func<FieldPreset, string> select, string what)
    {
        if (preset is { Length: > 0 })
        {
            if (query is not null) throw new CliException("Give a query or --preset, not both.");
            return [.. Resolve(preset).Select(p => new NamedQuery(p.Name, select(p)))];
        }
        return string.IsNullOrWhiteSpace(query) ? throw new CliException($"Give {what}.") : [new NamedQuery(query, query)];
    }

    private static IReadOnlyList<FieldPreset> Resolve(string name)
    {
        try
        {
            return FieldPresets.Resolve(name);
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message.Split(" (Parameter", 2)[0]);
        }
    }

    private static DateOnly? ParseSince(string? value) =>
        value is null ? null
        : DateOnly.TryParseExact(value, ["yyyy-MM-dd", "yyyy/MM/dd", "yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
        : throw new CliException($"--since {value}: expected a day as YYYY-MM-DD.");

    private static async Task<int> RunAsync(ParseResult parse, Dictionary<string, string?> settings, List<NamedQuery> queries, Fetch fetch, CancellationToken ct)
    {
        var json = parse.GetValue(KgCli.Json);
        if (parse.GetValue(Container) is { Length: > 0 } containerName) settings["KG:Ingestion:Container"] = containerName;
        if (parse.GetValue(KgCli.Db) is { Length: > 0 } db) settings["KG:Sqlite:Path"] = db;
        await using var services = CliServices.Build(settings);
        var toBlob = parse.GetResult(ToBlob) is not null || parse.GetValue(BlobFile) is not null;
        BlobSourceSink? blobSink = null;
        ISourceSink sink;
        string where;
        if (toBlob)
        {
            var name = services.GetRequiredService<IOptions<KnowledgeGraphOptions>>().Value.Ingestion.Container;
            BlobContainerClient container;
            try
            {
                container = new BlobServiceClient(BlobConnection.Resolve(parse.GetValue(ToBlob), parse.GetValue(BlobFile))).GetBlobContainerClient(name);
            }
            catch (FormatException ex)
            {
                throw new CliException($"--to-blob is not a storage connection string: {ex.Message}");
            }
            sink = blobSink = new BlobSourceSink(container);
            where = $"blob container {name} ({container.Uri.GetLeftPart(UriPartial.Authority)})";
        }
        else
        {
            sink = services.GetRequiredService<LedgerSourceSink>();
            where = CliServices.Describe(services);
        }

        var reports = new List<FetchReport>();
        var failed = false;
        foreach (var query in queries)
        {
            try
            {
                reports.Add(await RunOneAsync(services, query, sink, fetch, json, ct));
            }
            catch (SourceException ex)
            {
                // What was written before the failure is held; the next run fetches only the rest.
                failed = true;
                await Console.Error.WriteLineAsync($"error: {query.Label}: {ex.Message} (records written so far are kept; run the command again to resume)");
            }
        }

        if (json)
        {
            Console.WriteLine(CliJson.Serialize(new { into = where, queries = reports.Select(Summary), uploaded = blobSink?.Uploaded }));
        }
        else
        {
            var table = new Table().Title($"Fetched into {Markup.Escape(where)}")
                .AddColumns("query", "found", "held", "fetched", "added", "updated", "unchanged", "failed", "later");
            foreach (var r in reports)
            {
                table.AddRow(Markup.Escape(Shorten(r.Query)), $"{r.Found}", $"{r.Held}", $"{r.Fetched}", $"[green]{r.Added}[/]", $"{r.Updated}", $"{r.Unchanged}",
                    r.Failed > 0 ? $"[red]{r.Failed}[/]" : "0", $"{r.Deferred + r.Unreachable}");
            }
            if (reports.Count > 0) AnsiConsole.Write(table);
            foreach (var r in reports.Where(r => r.Missing > 0 || r.Unreachable > 0))
                AnsiConsole.MarkupLine(Markup.Escape($"{Shorten(r.Query)}: {r.Missing} asked but not returned (withdrawn or book records), {r.Unreachable} past ESearch's reach"));
            if (reports.Count > 0)
                Console.WriteLine($"{reports.Sum(r => r.Requests)} request(s); 'later': hits left for the next run by --max / MaxRecords or out of ESearch's reach");
            foreach (var r in reports)
                foreach (var f in r.Failures) AnsiConsole.MarkupLine($"[red]failed[/] {Markup.Escape(f)}");
            if (!toBlob) StatsCommand.Print(await CliServices.Store(services).GetCountsAsync(ct), "The graph now");
        }
        return failed ? 1 : 0;
    }

    private static async Task<FetchReport> RunOneAsync(IServiceProvider services, NamedQuery query, ISourceSink sink, Fetch fetch, bool json, CancellationToken ct)
    {
        if (!json && AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await AnsiConsole.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async ctx =>
                {
                    var search = ctx.AddTask($"{Markup.Escape(Shorten(query.Label))}: searching").IsIndeterminate();
                    ProgressTask? download = null;
                    var progress = new SyncProgress<FetchProgress>(p =>
                    {
                        if (p.Phase != "fetch")
                        {
                            search.Description = $"{Markup.Escape(Shorten(query.Label))}: {p.Done:N0} found";
                            return;
                        }
                        search.IsIndeterminate(false).Value(search.MaxValue);
                        download ??= ctx.AddTask($"fetching {p.Total:N0} new record(s)", maxValue: Math.Max(1, p.Total));
                        download.Value = p.Done;
                    });
                    var report = await fetch(services, query, sink, progress, ct);
                    search.StopTask();
                    download?.StopTask();
                    return report;
                });
        }
        // Not a terminal (CI, pipes): a line per phase change and per batch, no control codes. --json: nothing.
        var lines = json ? null : new SyncProgress<FetchProgress>(p =>
            Console.WriteLine(p.Phase == "fetch" ? $"[{Shorten(query.Label)}] fetched {p.Done}/{p.Total}" : $"[{Shorten(query.Label)}] {p.Phase}: {p.Done} found"));
        return await fetch(services, query, sink, (IProgress<FetchProgress>?)lines ?? new SyncProgress<FetchProgress>(_ => { }), ct);
    }

    private static object Summary(FetchReport r) => new
    {
        service = r.Service, query = r.Query, found = r.Found, slices = r.Slices, held = r.Held, toFetch = r.ToFetch, fetched = r.Fetched,
        added = r.Added, updated = r.Updated, unchanged = r.Unchanged, failed = r.Failed, missing = r.Missing, deferred = r.Deferred,
        unreachable = r.Unreachable, requests = r.Requests, failures = r.Failures,
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
