using System.CommandLine;
using KnowledgeGraph.Cli.Commands;
using KnowledgeGraph.Core.Documents;
using KnowledgeGraph.Core.Storage;

namespace KnowledgeGraph.Cli;

/// <summary>The <c>kg</c> command line: one subcommand per job, all on the same services as the HTTP hosts.</summary>
public static class KgCli
{
    /// <summary>Database file of the embedded store; also KG_DB or KG__Sqlite__Path.</summary>
    public static readonly Option<string?> Db = new("--db")
    {
        Description = "SQLite database file (default: $KG_DB, else knowledge-graph.db in the user's data folder)",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json") { Description = "Print JSON for machines instead of tables" };

    public static RootCommand Build()
    {
        var root = new RootCommand("kg: a knowledge graph of cell therapies for type 1 diabetes (papers -> cell types, mechanisms, trials, outcomes)");
        root.Options.Add(Db);
        root.Subcommands.Add(IngestCommand.Create());
        root.Subcommands.Add(FetchCommand.Create());
        root.Subcommands.Add(StatsCommand.Create());
        root.Subcommands.Add(QueryCommands.Create());
        root.Subcommands.Add(ExportCommand.Create());
        root.Subcommands.Add(TableCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(SchemaCommands.Schema());
        root.Subcommands.Add(SchemaCommands.Push());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(IngestionsCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            // Our own handler below prints user errors as one line; System.CommandLine's would print a stack trace.
            // Ctrl+C cancels the command's token; inputs already being written finish (their papers and ledger record
            // are written together). System.CommandLine ends the process 2 s after Ctrl+C by default, which on a busy
            // machine cut such a write and left its record at Received until the next run.
            return await Build().Parse(args).InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
            });
        }
        catch (CliException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return ex.ExitCode;
        }
        catch (DocumentReadException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 2;
        }
        catch (StoreUnavailableException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 3;
        }
    }
}

/// <summary>A failure the user can fix; printed as one line without a stack trace.</summary>
public sealed class CliException(string message, int exitCode = 2) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
