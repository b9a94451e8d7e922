using System.CommandLine;
using Spectre.Console;

namespace KnowledgeGraph.Cli.Commands;

/// <summary><c>kg stats</c>: node counts by label and relationship counts by type.</summary>
public static class StatsCommand
{
    public static Command Create()
    {
        var command = new Command("stats", "Count nodes by label and relationships by type") { KgCli.Json };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = CliServices.Create(parse);
            var store = CliServices.Store(services);
            var counts = await store.GetCountsAsync(ct);
            if (parse.GetValue(KgCli.Json))
            {
                Console.WriteLine(CliJson.Serialize(new { nodes = counts.Nodes, relationships = counts.Relationships }));
                return 0;
            }
            Print(counts, CliServices.Describe(services));
            return 0;
        });
        return command;
    }

    public static void Print(KnowledgeGraph.Core.Storage.GraphCounts counts, string title)
    {
        var table = new Table().Title(Markup.Escape(title)).AddColumns("nodes", "count", "relationships", "count");
        var nodes = counts.Nodes.ToList();
        var rels = counts.Relationships.ToList();
        for (var i = 0; i < Math.Max(nodes.Count, rels.Count); i++)
            table.AddRow(
                i < nodes.Count ? nodes[i].Key : "", i < nodes.Count ? $"{nodes[i].Value}" : "",
                i < rels.Count ? rels[i].Key : "", i < rels.Count ? $"{rels[i].Value}" : "");
        table.AddRow("[bold]total[/]", $"[bold]{counts.Nodes.Values.Sum()}[/]", "[bold]total[/]", $"[bold]{counts.Relationships.Values.Sum()}[/]");
        AnsiConsole.Write(table);
    }
}
