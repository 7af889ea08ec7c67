namespace PortfolioAdvisor.Benchmarks.StreamFloor;

/// <summary>This process's CPU time (user + system), from <c>/proc/self/stat</c> as bench/js/lib/proc.mjs reads the host's.</summary>
internal static class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ, 100 on Linux

    /// <summary>User and system CPU seconds so far.</summary>
    public static (double User, double System) Seconds()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // utime and stime: fields 14 and 15 of the line, 12 and 13 after the command's closing parenthesis.
        return (long.Parse(fields[11]) / TicksPerSecond, long.Parse(fields[12]) / TicksPerSecond);
    }
}
