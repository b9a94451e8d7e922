using System.CommandLine;
using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;
using KnowledgeGraph.Core.Export;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace KnowledgeGraph.Cli.Commands;

/// <summary><c>kg schema apply|show</c> and <c>kg push --to neo4j</c>.</summary>
public static class SchemaCommands
{
    public static Command Schema()
    {
        var schema = new Command("schema", "The graph schema (constraints, indexes, vocabulary)");
        var apply = new Command("apply", "Create the schema and the vocabulary's nodes and edges in the configured store (idempotent)");
        apply.SetAction(async (parse, ct) =>
        {
            await using var services = CliServices.Create(parse);
            var store = CliServices.Store(services);
            await store.InitializeAsync(ct);
            var counts = await store.GetCountsAsync(ct);
            Console.WriteLine($"Schema applied to {CliServices.Describe(services)}: {counts.Nodes.Values.Sum()} nodes, {counts.Relationships.Values.Sum()} relationships.");
            return 0;
        });
        var show = new Command("show", "Print graph-schema/schema.cypher (the Neo4j constraints and indexes)");
        show.SetAction(_ =>
        {
            foreach (var s in SchemaScript.Statements) Console.WriteLine(s.TrimEnd().TrimEnd(';') + ";");
            Console.WriteLine($"// labels: {string.Join(", ", GraphSchema.NodeLabels.Order())}");
            Console.WriteLine($"// relationship types: {string.Join(", ", GraphSchema.RelationshipTypes.Order())}");
            return 0;
        });
        schema.Subcommands.Add(apply);
        schema.Subcommands.Add(show);
        return schema;
    }

    public static Command Push()
    {
        var to = new Option<string>("--to") { Description = "Target store (neo4j)", Required = true };
        to.AcceptOnlyFromAmong("neo4j");
        var uri = new Option<Uri?>("--uri") { Description = "Neo4j HTTP address (default: KG__Neo4j__Uri)" };
        var user = new Option<string?>("--user") { Description = "Neo4j user (default: KG__Neo4j__User)" };
        var database = new Option<string?>("--database") { Description = "Neo4j database (default: KG__Neo4j__Database or neo4j)" };
        var command = new Command("push", "Copy the embedded graph (every document with its evidence) into Neo4j; the password comes from KG__Neo4j__Password")
        {
            to, uri, user, database,
        };
        command.SetAction(async (parse, ct) =>
        {
            // The source is the embedded graph whatever KG__Store says (that may well name the target).
            var sourceSettings = new Dictionary<string, string?> { ["KG:Store"] = nameof(StoreKind.Sqlite) };
            if (parse.GetValue(KgCli.Db) is { Length: > 0 } db) sourceSettings["KG:Sqlite:Path"] = db;
            await using var services = CliServices.Build(sourceSettings);
            var source = CliServices.Store(services);
            var neo4j = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<KnowledgeGraphOptions>>().Value.Neo4j;
            var target = parse.GetValue(uri) ?? neo4j.Uri ?? throw new CliException("Give --uri or set KG__Neo4j__Uri.");
            // The target is built like every store (AddKnowledgeGraph), from the same environment with the Neo4j choice on top.
            var settings = new Dictionary<string, string?>
            {
                ["KG:Store"] = nameof(StoreKind.Neo4j),
                ["KG:Neo4j:Uri"] = target.ToString(),
                ["KG:Neo4j:User"] = parse.GetValue(user) ?? neo4j.User,
                ["KG:Neo4j:Database"] = parse.GetValue(database) ?? neo4j.Database,
            };
            await using var targetServices = CliServices.Build(settings);
            var sink = CliServices.Store(targetServices);
            var targetOptions = targetServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<KnowledgeGraphOptions>>().Value.Neo4j;
            var batch = new List<GraphBatch>();
            int added = 0, unchanged = 0, total = 0;
            async Task FlushAsync()
            {
                foreach (var r in await sink.UpsertAsync(batch, ct))
                    if (r.Outcome == UpsertOutcome.Unchanged) unchanged++; else added++;
                total += batch.Count;
                Console.Error.WriteLine($"pushed {total} documents");
                batch.Clear();
            }
            await foreach (var b in source.ExportBatchesAsync(ct))
            {
                batch.Add(b);
                if (batch.Count >= targetOptions.BatchSize) await FlushAsync();
            }
            if (batch.Count > 0) await FlushAsync();
            AnsiConsole.MarkupLine($"Pushed {total} documents to {Markup.Escape(targetOptions.Display)} ({Markup.Escape(targetOptions.Database)}): {added} written, {unchanged} already there.");
            return 0;
        });
        return command;
    }
}
