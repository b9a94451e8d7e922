using System.CommandLine;
using KnowledgeGraph.Core.Configuration;
using KnowledgeGraph.Core.Graph;
using KnowledgeGraph.Core.Storage;
using KnowledgeGraph.Neo4j;
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
            var store = await CliServices.StoreAsync(services, ct);
            var counts = await store.GetCountsAsync(ct);
            Console.WriteLine($"Schema applied to {CliServices.Describe(services)}: {counts.Nodes.Values.Sum()} nodes, {counts.Relationships.Values.Sum()} relationships.");
            return 0;
        });
        var show = new Command("show", "Print graph-schema/schema.cypher (the Neo4j constraints and indexes)");
        show.SetAction(_ =>
        {
            foreach (var s in Neo4jGraphStore.SchemaStatements()) Console.WriteLine(s.TrimEnd().TrimEnd(';') + ";");
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
            await using var services = CliServices.Create(parse);
            var source = await CliServices.StoreAsync(services, ct);
            var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<KnowledgeGraphOptions>>().Value;
            var neo4j = options.Neo4j;
            neo4j.Uri = parse.GetValue(uri) ?? neo4j.Uri ?? throw new CliException("Give --uri or set KG__Neo4j__Uri.");
            neo4j.User = parse.GetValue(user) ?? neo4j.User;
            neo4j.Database = parse.GetValue(database) ?? neo4j.Database;
            var target = new ServiceCollection();
            target.AddLogging();
            target.AddNeo4jGraphStore(new KnowledgeGraphOptions { Store = StoreKind.Neo4j, Neo4j = neo4j });
            await using var targetServices = target.BuildServiceProvider();
            var sink = targetServices.GetRequiredService<IGraphStore>();
            await sink.InitializeAsync(ct);
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
                if (batch.Count >= neo4j.BatchSize) await FlushAsync();
            }
            if (batch.Count > 0) await FlushAsync();
            AnsiConsole.MarkupLine($"Pushed {total} documents to {Markup.Escape(neo4j.Uri.ToString())} ({Markup.Escape(neo4j.Database)}): {added} written, {unchanged} already there.");
            return 0;
        });
        return command;
    }
}
