using System.Globalization;

namespace Syncthing.Engine.Benchmarks.SideBySide;

/// <summary>
/// A process's memory and CPU from /proc: peak resident set (VmHWM) and current one (VmRSS) from
/// /proc/PID/status, user + system CPU seconds from fields 14 and 15 of /proc/PID/stat (clock ticks of 1/100 s).
/// </summary>
internal sealed record ProcessUsage(long PeakRssBytes, long RssBytes, double CpuSeconds)
{
    private const double TicksPerSecond = 100; // USER_HZ, fixed at 100 for /proc on Linux.

    public static ProcessUsage Read(int pid)
    {
        long peak = 0, rss = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line) * 1024;
            }
            else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line) * 1024;
            }
        }

        // The command name (field 2) is in parentheses and may contain spaces: count fields after the last ')'.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return new ProcessUsage(peak, rss, ticks / TicksPerSecond);
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
