namespace KnowledgeGraph.Core.Ingestion;

/// <summary>
/// The wait between passes of a poll loop: the normal interval while passes succeed; after failures, doubling from
/// it up to <paramref name="max"/>, with ±25% jitter so several pollers of one outage do not retry in step. An
/// unreachable storage account then costs a log line every minute, not a stack trace a second.
/// </summary>
public sealed class PollBackoff(TimeSpan interval, TimeSpan max)
{
    public int Failures { get; private set; }

    public TimeSpan Succeeded()
    {
        Failures = 0;
        return interval;
    }

    public TimeSpan Failed()
    {
        Failures++;
        var grown = interval.TotalMilliseconds * Math.Pow(2, Math.Min(Failures, 20));
        var capped = Math.Min(grown, Math.Max(max.TotalMilliseconds, interval.TotalMilliseconds));
        return TimeSpan.FromMilliseconds(capped * (0.75 + Random.Shared.NextDouble() * 0.5));
    }
}
