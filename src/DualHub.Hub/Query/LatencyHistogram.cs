using DualHub.Metrics.Model;

namespace DualHub.Hub.Query;

/// <summary>A cumulative latency histogram in seconds (Prometheus' default buckets up to 2 min, the query timeout).</summary>
internal sealed class LatencyHistogram
{
    private static readonly double[] Bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

    private readonly long[] _counts = new long[Bounds.Length];
    private readonly Lock _sumLock = new();
    private long _count;
    private double _sum;

    public void Observe(TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds;
        var i = Array.BinarySearch(Bounds, seconds);
        for (i = i < 0 ? ~i : i; i < Bounds.Length; i++)
        {
            Interlocked.Increment(ref _counts[i]);
        }

        Interlocked.Increment(ref _count);
        lock (_sumLock)
        {
            _sum += seconds;
        }
    }

    public Metric ToMetric(Label[] labels)
    {
        var buckets = new Bucket[Bounds.Length];
        for (var i = 0; i < Bounds.Length; i++)
        {
            buckets[i] = new Bucket(Bounds[i], Interlocked.Read(ref _counts[i]));
        }

        double sum;
        lock (_sumLock)
        {
            sum = _sum;
        }

        return new Metric { Labels = labels, Buckets = buckets, Count = Interlocked.Read(ref _count), Sum = sum };
    }
}
