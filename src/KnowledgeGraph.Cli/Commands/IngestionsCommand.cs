using System.CommandLine;
using System.Globalization;
using KnowledgeGraph.Core.Ingestion;
using KnowledgeGraph.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace KnowledgeGraph.Cli.Commands;

/// <summary>
/// <c>kg ingestions [--status failed] [--json]</c>: the ingestion ledger (what happened to each blob, watched file or
/// posted body), read from the same store as <c>GET /api/ingestions</c>.
/// </summary>
public static class IngestionsCommand
{
    public static Command Create()
    {
        var status = new Option<IngestionStatus?>("--status") { Description = "Only records in this state: received, ingested, unchanged, failed, deleted" };
        var command = new Command("ingestions", "List the ingestion ledger: the state of every input and why it failed") { status, KgCli.Json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = CliServices.Create(parse);
            var ledger = services.GetRequiredService<IngestionLedger>();
            var records = new List<IngestionRecord>();
            await foreach (var r in ledger.ListAsync(parse.GetValue(status), ct)) records.Add(r);
            if (parse.GetValue(KgCli.Json))
            {
                Console.WriteLine(CliJson.Serialize(records));
                return 0;
            }
            var table = new Table().Title(Markup.Escape(CliServices.Describe(services))).AddColumns("name", "status", "attempts", "papers", "reason", "updated");
            foreach (var r in records)
                table.AddRow(Markup.Escape(r.Name), r.Status.ToString(), r.Attempts.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join(' ', r.DocumentIds)), Markup.Escape(r.Reason ?? ""), r.UpdatedAt.ToString("u", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            var counts = records.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count()}");
            Console.WriteLine($"{records.Count} inputs ({string.Join(", ", counts)})");
            return 0;
        });
        return command;
    }
}
