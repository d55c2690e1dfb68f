using System.Globalization;

namespace DualHub.Cli.Checkpoints;

/// <summary>
/// CPU time (user + system, every thread) and resident memory of a process, from <c>/proc/PID/stat</c> and
/// <c>/proc/PID/status</c>; null when the process is gone or /proc is not there.
/// </summary>
internal readonly record struct ProcessUsage(TimeSpan Cpu, long RssBytes)
{
    // /proc reports CPU in USER_HZ ticks, which the kernel fixes at 100 for every architecture.
    private const double TicksPerSecond = 100;

    public static ProcessUsage? Read(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            // The command name may hold spaces and parentheses: the fields start after the last ')'.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            long rss = 0;
            foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
                }
            }

            return new ProcessUsage(TimeSpan.FromSeconds(ticks / TicksPerSecond), rss);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
