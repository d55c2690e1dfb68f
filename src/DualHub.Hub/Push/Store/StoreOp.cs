using DualHub.Metrics.Model;

namespace DualHub.Hub.Push.Store;

/// <summary>One store operation: the unit that is checked, journaled, then applied in order.</summary>
public sealed class StoreOp
{
    public StoreOp(OpKind kind, GroupId group, long timeNanos, IReadOnlyList<MetricFamily>? families = null, long ttlMs = 0)
    {
        Kind = kind;
        Group = group;
        TimeNanos = timeNanos;
        Families = families ?? [];
        TtlMs = ttlMs;
    }

    public OpKind Kind { get; }

    public GroupId Group { get; }

    /// <summary>Unix time of the operation in nanoseconds (the push time).</summary>
    public long TimeNanos { get; }

    /// <summary>Sanitized families of a PUT/POST (grouping labels applied, labels and metrics sorted).</summary>
    public IReadOnlyList<MetricFamily> Families { get; }

    /// <summary>Expiry after this op, in milliseconds; 0 means never.</summary>
    public long TtlMs { get; }
}
