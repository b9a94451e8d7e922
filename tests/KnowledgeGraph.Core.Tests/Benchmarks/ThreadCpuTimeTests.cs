using System.Diagnostics;
using KnowledgeGraph.Core.Benchmarks;

namespace KnowledgeGraph.Core.Tests.Benchmarks;

public sealed class ThreadCpuTimeTests
{
    [Fact]
    public void Thread_time_grows_with_work_on_this_thread_and_not_with_sleep()
    {
        // The writer's clock and the extraction bench's steady figure both read it; -1 is the documented "cannot read".
        var start = ThreadCpuTime.Nanoseconds();
        if (!OperatingSystem.IsLinux())
        {
            Assert.Equal(-1, start);
            return;
        }
        Assert.True(start >= 0);

        // Busy work until the thread has used 20 ms of processor time (bounded: a wall-clock limit far above that).
        var wall = Stopwatch.StartNew();
        double sink = 0;
        while (ThreadCpuTime.Nanoseconds() - start < 20_000_000 && wall.Elapsed < TimeSpan.FromSeconds(30))
            for (var i = 1; i < 10_000; i++) sink += Math.Sqrt(i);
        var afterWork = ThreadCpuTime.Nanoseconds();
        Assert.True(afterWork - start >= 20_000_000, $"thread time grew {afterWork - start} ns (sink {sink})");

        // Sleeping costs the thread no processor time: far less than the 200 ms slept.
        Thread.Sleep(200);
        Assert.True(ThreadCpuTime.Nanoseconds() - afterWork < 100_000_000);
    }
}
