namespace DualHub.Cli.Soak;

/// <summary>
/// Up/down samples per target. A sample taken while a fault the soak injected holds that target down is counted apart
/// (excused): the KPI is the availability outside the injected faults (what a user sees from the system itself), and
/// the overall figure with them is reported beside it.
/// </summary>
internal sealed class AvailabilityTracker
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (long Up, long Total, long ExcusedUp, long ExcusedTotal)> _samples = new(StringComparer.Ordinal);

    public void Record(string target, bool up, bool excused)
    {
        lock (_lock)
        {
            var s = _samples.GetValueOrDefault(target);
            _samples[target] = excused
                ? (s.Up, s.Total, s.ExcusedUp + (up ? 1 : 0), s.ExcusedTotal + 1)
                : (s.Up + (up ? 1 : 0), s.Total + 1, s.ExcusedUp, s.ExcusedTotal);
        }
    }

    public IReadOnlyList<string> Targets
    {
        get
        {
            lock (_lock)
            {
                return [.. _samples.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>% of samples up outside injected faults, and % of all samples; null when never sampled.</summary>
    public (double? Outside, double? Overall, long Samples) Of(string target)
    {
        lock (_lock)
        {
            if (!_samples.TryGetValue(target, out var s))
            {
                return (null, null, 0);
            }

            double? outside = s.Total > 0 ? Math.Round(100.0 * s.Up / s.Total, 3) : null;
            double? overall = s.Total + s.ExcusedTotal > 0 ? Math.Round(100.0 * (s.Up + s.ExcusedUp) / (s.Total + s.ExcusedTotal), 3) : null;
            return (outside, overall, s.Total + s.ExcusedTotal);
        }
    }
}
