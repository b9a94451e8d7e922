using KnowledgeGraph.Core.Ingestion;

namespace KnowledgeGraph.Core.Tests.Hostile;

public sealed class PollBackoffTests
{
    [Fact]
    public void Failures_double_the_wait_up_to_the_cap_with_jitter_and_a_success_resets_it()
    {
        var backoff = new PollBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1));
        var waits = Enumerable.Range(0, 12).Select(_ => backoff.Failed().TotalSeconds).ToList();

        // 4, 8, 16, 32, then the 60 s cap, each within ±25 %.
        double[] expected = [4, 8, 16, 32, 60, 60, 60, 60, 60, 60, 60, 60];
        for (var i = 0; i < waits.Count; i++)
            Assert.InRange(waits[i], expected[i] * 0.75, expected[i] * 1.25);
        Assert.Equal(12, backoff.Failures);

        Assert.Equal(TimeSpan.FromSeconds(2), backoff.Succeeded());
        Assert.Equal(0, backoff.Failures);
    }
}
