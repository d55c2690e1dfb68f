using DualHub.Metrics.Model;

namespace DualHub.Hub.Push.Store;

/// <summary>An immutable stored family of one group with its lazily built exposition bytes.</summary>
public sealed class StoredFamily
{
    private object? _text;
    private object? _openMetrics;

    public StoredFamily(MetricFamily family, long timeNanos)
    {
        Family = family;
        TimeNanos = timeNanos;
    }

    public MetricFamily Family { get; }

    /// <summary>Time of the write that stored this family (the Pushgateway's per-family <c>time_stamp</c>).</summary>
    public long TimeNanos { get; }

    /// <summary>Cached exposition chunk per format; built once by whichever scrape needs it first (idempotent).</summary>
    internal T GetOrAddCache<T>(bool openMetrics, Func<StoredFamily, T> build)
        where T : class
    {
        ref var slot = ref openMetrics ? ref _openMetrics : ref _text;
        if (Volatile.Read(ref slot) is T cached)
        {
            return cached;
        }

        var built = build(this);
        Volatile.Write(ref slot, built);
        return built;
    }
}
