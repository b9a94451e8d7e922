using System.CommandLine;
using System.Net;
using KnowledgeGraph.Api.Hosting;
using KnowledgeGraph.Api.Ingestion;
using Microsoft.AspNetCore.Builder;
using KnowledgeGraph.Core.Configuration;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KnowledgeGraph.Cli.Commands;

/// <summary>
/// <c>kg serve [--db PATH] [--port N] [--watch DIR] [--ingest PATH...] [--blob CONNECTION [--container NAME] [--poll SECONDS]]</c>: the HTTP API on Kestrel at http://127.0.0.1:PORT/api (the
/// same routes and handlers as the Functions app), optionally ingesting files dropped into a folder or a blob container.
/// </summary>
public static class ServeCommand
{
    public const int DefaultPort = 7071;

    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (default 7071, as Functions)", DefaultValueFactory = _ => DefaultPort };
        port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 65535) r.AddError("--port must be from 1 to 65535.");
        });
        var watch = new Option<DirectoryInfo?>("--watch") { Description = "Folder to watch: dropped files are ingested; unreadable ones move to DIR/failed/" };
        var ingest = new Option<string[]>("--ingest")
        {
            Description = "Files or folders to ingest before serving (e.g. samples/papers)",
            AllowMultipleArgumentsPerToken = true,
        };
        var blob = new Option<string?>("--blob")
        {
            Description = "Poll the papers blob container as the Functions blob trigger does. The connection string comes from the environment " +
                "variable named by KG:Ingestion:Connection (PapersStorage, as in the Functions app), or --blob-file FILE; a literal value is accepted " +
                "(e.g. UseDevelopmentStorage=true) but any other process can read it from the command line",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var blobFile = new Option<FileInfo?>("--blob-file") { Description = "Like --blob, with the connection string read from this file (e.g. a mounted secret)" };
        var container = new Option<string?>("--container") { Description = "Container polled with --blob (default: KG:Ingestion:Container, papers)" };
        var poll = new Option<double>("--poll") { Description = "Seconds between container listings with --blob (default 2)", DefaultValueFactory = _ => 2 };
        poll.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double>() is < 0.1 or > 3600) r.AddError("--poll must be from 0.1 to 3600 seconds.");
        });
        var command = new Command("serve", "Serve the HTTP API locally (and optionally ingest first, watch a folder or poll a blob container)") { port, watch, ingest, blob, blobFile, container, poll };
        command.SetAction(async (parse, ct) =>
        {
            var settings = new Dictionary<string, string?>();
            if (parse.GetValue(KgCli.Db) is { Length: > 0 } db) settings["KG:Sqlite:Path"] = Path.GetFullPath(db);
            var folder = parse.GetValue(watch);
            // --container sets the same setting the Functions trigger path reads (KG:Ingestion:Container).
            if (parse.GetValue(container) is { Length: > 0 } name) settings["KG:Ingestion:Container"] = name;
            var blobs = parse.GetResult(blob) is null && parse.GetValue(blobFile) is null ? null
                : new BlobWatchOptions(BlobConnection.Resolve(parse.GetValue(blob), parse.GetValue(blobFile)), TimeSpan.FromSeconds(parse.GetValue(poll)));
            if (blobs is not null)
            {
                // Parsed now so a typo is one line on stderr, not a background service failing after start.
                try
                {
                    _ = new Azure.Storage.Blobs.BlobServiceClient(blobs.ConnectionString);
                }
                catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
                {
                    throw new CliException($"--blob is not a storage connection string: {ex.Message}");
                }
            }
            var builder = KnowledgeGraphWebApp.CreateBuilder(settings, folder is null ? null : new FolderWatchOptions(folder.FullName, TimeSpan.FromMilliseconds(500)), blobs);
            var p = parse.GetValue(port);
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, p));
            // Logs go to stderr as in every other kg command: stdout keeps the ingest summary and the curl lines.
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = Microsoft.Extensions.Logging.LogLevel.Trace);
            await using var app = KnowledgeGraphWebApp.Build(builder);
            if (parse.GetValue(ingest) is { Length: > 0 } inputs)
                await IngestCommand.IngestAndReportAsync(app.Services, inputs, json: false, ct);
            var baseUrl = $"http://127.0.0.1:{p}/api";
            Console.WriteLine($"KnowledgeGraph API on {baseUrl}{(folder is null ? "" : $", watching {folder.FullName}")}{(blobs is null ? "" : $", polling blob container {app.Services.GetRequiredService<IOptions<KnowledgeGraphOptions>>().Value.Ingestion.Container}")} (Ctrl+C stops)");
            Console.WriteLine($"  curl {baseUrl}/health");
            Console.WriteLine($"  curl '{baseUrl}/nodes?q=treg&limit=5'");
            Console.WriteLine($"  curl {baseUrl}/nodes/celltype:treg/neighbors?depth=2");
            Console.WriteLine($"  curl {baseUrl}/mechanisms/compare");
            Console.WriteLine($"  curl --data-binary @samples/papers/000_9072b94603e409bc.txt '{baseUrl}/papers?name=000_9072b94603e409bc.txt'");
            Console.WriteLine($"  curl '{baseUrl}/export?format=cypher' -o graph.cypher");
            Console.WriteLine($"  curl {baseUrl}/openapi.json");
            Console.WriteLine($"Graph explorer: http://127.0.0.1:{p}/");
            await app.RunAsync(ct);
            return 0;
        });
        return command;
    }
}
