namespace DualHub.Cli.Checkpoints;

/// <summary>What a set of processes used over one measured window: CPU share of one core (%) and resident memory at its end.</summary>
internal sealed record UsageWindow(double CpuPercent, long RssBytes, TimeSpan Length)
{
    /// <summary>Measures <paramref name="pids"/> over <paramref name="length"/>; null when one of them is gone.</summary>
    public static async Task<UsageWindow?> MeasureAsync(IReadOnlyList<int> pids, TimeSpan length, TimeProvider time, CancellationToken ct)
    {
        var start = pids.Select(ProcessUsage.Read).ToArray();
        var started = time.GetTimestamp();
        await Task.Delay(length, time, ct);
        var end = pids.Select(ProcessUsage.Read).ToArray();
        var elapsed = time.GetElapsedTime(started);
        if (start.Any(s => s is null) || end.Any(e => e is null))
        {
            return null;
        }

        var cpu = end.Zip(start, (e, s) => e!.Value.Cpu - s!.Value.Cpu).Aggregate(TimeSpan.Zero, (a, b) => a + b);
        return new UsageWindow(100 * cpu / elapsed, end.Sum(e => e!.Value.RssBytes), elapsed);
    }

    /// <summary>(this - baseline) / baseline in %, for CPU and for memory.</summary>
    public (double Cpu, double Rss) OverheadOver(UsageWindow baseline) =>
        (Percent(CpuPercent, baseline.CpuPercent), Percent(RssBytes, baseline.RssBytes));

    private static double Percent(double value, double baseline) => baseline > 0 ? Math.Round(100 * (value - baseline) / baseline, 1) : 0;
}
