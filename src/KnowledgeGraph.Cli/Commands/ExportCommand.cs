using System.CommandLine;
using KnowledgeGraph.Core.Export;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeGraph.Cli.Commands;

/// <summary><c>kg export --format json|graphml|cypher [--output FILE]</c>.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format") { Description = "json, graphml or cypher (loads with cypher-shell -f)", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "graphml", "cypher");
        var output = new Option<string?>("--output", "-o") { Description = "File to write (default: standard output)" };
        var command = new Command("export", "Write the whole graph as JSON, GraphML or a Cypher script") { format, output };
        command.SetAction(async (parse, ct) =>
        {
            await using var services = CliServices.Create(parse);
            if (!GraphExport.TryParse(parse.GetValue(format), out var fmt)) throw new CliException("--format must be json, graphml or cypher.");
            var path = parse.GetValue(output);
            await using var stream = path is null ? Console.OpenStandardOutput() : File.Create(path);
            await services.GetRequiredService<GraphExporter>().WriteAsync(fmt, stream, ct);
            if (path is not null) await Console.Error.WriteLineAsync($"Wrote {fmt} export to {path}");
            return 0;
        });
        return command;
    }
}
