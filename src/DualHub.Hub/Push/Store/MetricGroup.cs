using DualHub.Metrics.Model;

namespace DualHub.Hub.Push.Store;

/// <summary>
/// One group of the store. Immutable: every write builds a new instance (sharing unchanged families and their
/// cached exposition bytes), so readers never lock while serializing.
/// </summary>
public sealed class MetricGroup
{
    public MetricGroup(
        GroupId id,
        IReadOnlyDictionary<string, StoredFamily> families,
        long pushTimeNanos,
        long pushStampNanos,
        long failureTimeNanos,
        long failureStampNanos,
        long expiresAtMs)
    {
        Id = id;
        Families = families;
        PushTimeNanos = pushTimeNanos;
        PushStampNanos = pushStampNanos;
        FailureTimeNanos = failureTimeNanos;
        FailureStampNanos = failureStampNanos;
        ExpiresAtMs = expiresAtMs;
        var n = 0;
        foreach (var f in families.Values)
        {
            n += f.Family.Metrics.Count;
        }

        SeriesCount = n;
    }

    public GroupId Id { get; }

    /// <summary>Pushed families by name (never the two push-time gauges, which are derived).</summary>
    public IReadOnlyDictionary<string, StoredFamily> Families { get; }

    /// <summary>Value of <c>push_time_seconds</c> in Unix nanoseconds; 0 when no push succeeded yet.</summary>
    public long PushTimeNanos { get; }

    /// <summary>Write time of the <c>push_time_seconds</c> family (JSON <c>time_stamp</c>).</summary>
    public long PushStampNanos { get; }

    public long FailureTimeNanos { get; }

    public long FailureStampNanos { get; }

    /// <summary>Unix ms after which the group is gone; 0 = never.</summary>
    public long ExpiresAtMs { get; }

    public int SeriesCount { get; }

    public bool LastPushSuccessful => FailureTimeNanos <= PushTimeNanos;

    /// <summary>Labels of the push-time gauges: the grouping key plus <c>instance=""</c> when missing.</summary>
    public Label[] GaugeLabels => _gaugeLabels ??= BuildGaugeLabels(Id);

    internal object? ExpositionCache { get; set; }

    private Label[]? _gaugeLabels;

    public bool IsExpired(long nowMs) => ExpiresAtMs != 0 && ExpiresAtMs <= nowMs;

    private static Label[] BuildGaugeLabels(GroupId id)
    {
        if (id.Get("instance") is not null)
        {
            return id.Labels;
        }

        var list = new List<Label>(id.Labels) { new("instance", string.Empty) };
        list.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return [.. list];
    }
}
