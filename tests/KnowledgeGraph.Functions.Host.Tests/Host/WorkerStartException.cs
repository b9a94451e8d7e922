namespace KnowledgeGraph.Functions.Host.Tests.Host;

/// <summary>The worker exited (or never connected) before the host finished starting it.</summary>
public sealed class WorkerStartException(string message, int? exitCode, bool connected, string output) : Exception(message + "\n" + output)
{
    public int? ExitCode { get; } = exitCode;

    /// <summary>Whether the worker had opened its gRPC stream before it stopped.</summary>
    public bool Connected { get; } = connected;

    public string Output { get; } = output;
}
