using System.Runtime.InteropServices;

namespace KnowledgeGraph.Core.Benchmarks;

/// <summary>
/// The calling thread's processor time (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>): what a piece of work costs on one core,
/// where wall time on a shared machine also counts waiting for a turn. .NET has no managed reading of one thread's time
/// short of enumerating the process's threads, which is far too slow to take around each transaction or chunk.
/// </summary>
public static class ThreadCpuTime
{
    private const int ClockThreadCpuTimeId = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec time);

    /// <summary>This thread's processor time in nanoseconds, or -1 where it cannot be read (not Linux).</summary>
    public static long Nanoseconds()
    {
        if (!OperatingSystem.IsLinux()) return -1;
        try
        {
            return ClockGetTime(ClockThreadCpuTimeId, out var t) == 0 ? t.Seconds * 1_000_000_000 + t.Nanoseconds : -1;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return -1;
        }
    }
}
