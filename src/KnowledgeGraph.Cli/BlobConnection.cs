using KnowledgeGraph.Core.Configuration;

namespace KnowledgeGraph.Cli;

/// <summary>
/// Where <c>kg serve --blob</c> finds its storage connection string without putting an account key where <c>ps</c>
/// shows it: no value reads the environment variable the Functions app reads too (named by
/// <c>KG__Ingestion__Connection</c>, <c>PapersStorage</c> by default), <c>--blob-file FILE</c> reads a file (e.g. a mounted secret).
/// A literal is still accepted; one with an account key gets a warning.
/// </summary>
public static class BlobConnection
{
    public static string Resolve(string? value, FileInfo? file = null)
    {
        if (file is not null)
        {
            if (!file.Exists) throw new CliException($"--blob-file: no file '{file.FullName}'.");
            var fromFile = File.ReadAllText(file.FullName).Trim();
            return fromFile.Length > 0 ? fromFile : throw new CliException($"--blob-file: '{file.FullName}' is empty.");
        }
        if (string.IsNullOrWhiteSpace(value))
        {
            var variable = Environment.GetEnvironmentVariable("KG__Ingestion__Connection") is { Length: > 0 } named ? named : new IngestionOptions().Connection;
            return Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment ? fromEnvironment.Trim()
                : throw new CliException($"--blob without a value reads the connection string from the environment variable {variable}, which is not set.");
        }
        if (value.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase))
            Console.Error.WriteLine("warning: the connection string with its account key is on the command line, where other processes can read it; " +
                "set PapersStorage in the environment and pass --blob alone, or use --blob-file FILE.");
        return value;
    }
}
