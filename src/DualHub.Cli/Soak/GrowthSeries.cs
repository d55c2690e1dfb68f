namespace DualHub.Cli.Soak;

/// <summary>
/// A value sampled over time (a process's RSS, a journal's size) and its least-squares slope: growth per hour. A leak is a
/// slope that stays positive; the first samples (start-up, caches filling) are part of the run and show in the first value.
/// </summary>
internal sealed class GrowthSeries(string name, string unit)
{
    private readonly List<(double Hours, double Value)> _points = [];
    private int? _pid;

    public string Name { get; } = name;

    public string Unit { get; } = unit;

    public int Count => _points.Count;

    public double First => _points.Count > 0 ? _points[0].Value : 0;

    public double Last => _points.Count > 0 ? _points[^1].Value : 0;

    public void Add(double hours, double value) => _points.Add((hours, value));

    /// <summary>A sample of process <paramref name="pid"/>: a restarted process (another pid) starts the series again.</summary>
    public void Add(double hours, double value, int pid)
    {
        if (_pid != pid)
        {
            _points.Clear();
            _pid = pid;
        }

        _points.Add((hours, value));
    }

    /// <summary>The series without its first <paramref name="share"/> of samples (start-up, caches filling).</summary>
    public GrowthSeries Skip(double share)
    {
        var rest = new GrowthSeries(Name, Unit);
        rest._points.AddRange(_points.Skip((int)(_points.Count * share)));
        return rest;
    }

    /// <summary>Growth per hour (least squares); 0 with fewer than two samples.</summary>
    public double SlopePerHour()
    {
        if (_points.Count < 2)
        {
            return 0;
        }

        var mx = _points.Average(p => p.Hours);
        var my = _points.Average(p => p.Value);
        var sxx = _points.Sum(p => (p.Hours - mx) * (p.Hours - mx));
        return sxx == 0 ? 0 : _points.Sum(p => (p.Hours - mx) * (p.Value - my)) / sxx;
    }

    /// <summary>The slope as a share of the mean value, % per hour.</summary>
    public double RelativeSlopePercentPerHour()
    {
        var mean = _points.Count > 0 ? _points.Average(p => p.Value) : 0;
        return mean > 0 ? 100 * SlopePerHour() / mean : 0;
    }
}
