namespace KnowledgeGraph.Api.Tests;

/// <summary>One ingested graph shared by the read-only tests.</summary>
public sealed class SampleGraphFixture : IAsyncLifetime
{
    internal TestApiHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await TestApiHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
