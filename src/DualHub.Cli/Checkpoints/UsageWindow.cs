namespace DualHub.Cli.Checkpoints;

/// <summary>
/// What a set of processes used over one measured window: CPU share of one core (%) with its standard error, and
/// resident memory at its end. The window is read in equal slices; the spread of the slices' CPU shares is what the
/// standard error comes from, so a comparison of two windows can say whether its difference is larger than the noise.
/// </summary>
internal sealed record UsageWindow(double CpuPercent, double CpuStdError, long RssBytes, TimeSpan Length)
{
    /// <summary>Measures <paramref name="pids"/> over <paramref name="length"/> in <paramref name="slices"/> reads; null when one of them is gone.</summary>
    public static async Task<UsageWindow?> MeasureAsync(IReadOnlyList<int> pids, TimeSpan length, TimeProvider time, CancellationToken ct, int slices = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slices, 2);
        var previous = Total(pids);
        var started = time.GetTimestamp();
        var lastAt = TimeSpan.Zero;
        var shares = new List<double>(slices);
        var cpu = TimeSpan.Zero;
        (TimeSpan Cpu, long Rss)? last = previous;
        for (var i = 1; i <= slices && previous is not null; i++)
        {
            var due = length * i / slices - time.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, time, ct);
            }

            last = Total(pids);
            var at = time.GetElapsedTime(started);
            if (last is null)
            {
                break;
            }

            var used = last.Value.Cpu - previous.Value.Cpu;
            shares.Add(100 * used / (at - lastAt));
            cpu += used;
            lastAt = at;
            previous = last;
        }

        if (last is null || shares.Count < slices)
        {
            return null;
        }

        var mean = shares.Average();
        var sd = Math.Sqrt(shares.Sum(s => (s - mean) * (s - mean)) / (shares.Count - 1));
        return new UsageWindow(100 * cpu / lastAt, sd / Math.Sqrt(shares.Count), last.Value.Rss, lastAt);
    }

    /// <summary>
    /// (this - baseline) / baseline in %, for CPU and for memory, and the CPU figure's half-width: three standard errors
    /// of the ratio (both windows' errors propagated), so a difference inside it is noise, not overhead.
    /// </summary>
    public (double Cpu, double CpuUncertainty, double Rss) OverheadOver(UsageWindow baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        var uncertainty = baseline.CpuPercent > 0
            ? Math.Round(300 * Math.Sqrt(Square(CpuStdError) + Square(CpuPercent / baseline.CpuPercent * baseline.CpuStdError)) / baseline.CpuPercent, 1)
            : 0;
        return (Percent(CpuPercent, baseline.CpuPercent), uncertainty, Percent(RssBytes, baseline.RssBytes));
    }

    private static double Square(double x) => x * x;

    private static (TimeSpan Cpu, long Rss)? Total(IReadOnlyList<int> pids)
    {
        var cpu = TimeSpan.Zero;
        long rss = 0;
        foreach (var pid in pids)
        {
            if (ProcessUsage.Read(pid) is not { } usage)
            {
                return null;
            }

            cpu += usage.Cpu;
            rss += usage.RssBytes;
        }

        return (cpu, rss);
    }

    private static double Percent(double value, double baseline) => baseline > 0 ? Math.Round(100 * (value - baseline) / baseline, 1) : 0;
}
