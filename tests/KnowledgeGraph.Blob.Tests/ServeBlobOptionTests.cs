namespace KnowledgeGraph.Blob.Tests;

/// <summary>Argument errors of <c>kg serve --blob</c>: one line and a non-zero exit, before anything starts.</summary>
public sealed class ServeBlobOptionTests
{
    [Fact]
    public async Task Serve_rejects_a_malformed_blob_connection_string()
    {
        var (exitCode, stdout, stderr) = await KgProcess.RunAsync("serve", "--blob", "not-a-connection-string", "--port", "1");
        Assert.Equal(2, exitCode);
        Assert.Contains("--blob is not a storage connection string", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_rejects_a_poll_interval_out_of_range()
    {
        var (exitCode, stdout, stderr) = await KgProcess.RunAsync("serve", "--blob", "UseDevelopmentStorage=true", "--poll", "0");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("--poll must be from 0.1 to 3600 seconds.", stdout + stderr, StringComparison.Ordinal);
    }
}
