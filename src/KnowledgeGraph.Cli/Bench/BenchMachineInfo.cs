using System.Runtime.InteropServices;

namespace KnowledgeGraph.Cli.Bench;

/// <summary>The machine a run measured, read from the runtime and (on Linux) /proc.</summary>
internal static class BenchMachineInfo
{
    public static BenchMachine Read(DateTimeOffset started) => new(
        RuntimeInformation.OSDescription,
        Cpu(),
        Environment.ProcessorCount,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        RuntimeInformation.FrameworkDescription,
#if DEBUG
        "Debug",
#else
        "Release",
#endif
        started,
        LoadAverage());

    private static string Cpu()
    {
        try
        {
            var line = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
            return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    /// <summary>The 1-minute load average (0 where unknown): other work on the machine makes figures noisy.</summary>
    public static double LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg")
                ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)
                : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
