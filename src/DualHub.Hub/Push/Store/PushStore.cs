using DualHub.Metrics.Model;

namespace DualHub.Hub.Push.Store;

/// <summary>
/// The groups of the pushgateway role with per-name indexes, so a push is checked in O(size of the push)
/// (never a re-gather of the whole store). <see cref="Check"/> and <see cref="Apply"/> are called by the single
/// writer only; readers take <see cref="Snapshot"/>, an array of immutable groups.
/// </summary>
public sealed class PushStore
{
    /// <summary>Series each group exposes besides its pushed ones: push_time_seconds and push_failure_time_seconds.</summary>
    public const int SeriesPerGroup = 2;

    public const string PushTimeName = "push_time_seconds";
    public const string PushFailureTimeName = "push_failure_time_seconds";

    private const int MaxReportedErrors = 20;

    private readonly Dictionary<string, MetricGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NameInfo> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<SeriesKey, string> _series = [];
    private readonly IReadOnlyDictionary<string, MetricType> _selfFamilies;
    private readonly long _maxSeriesTotal;
    private readonly Lock _lock = new();
    private MetricGroup[]? _snapshot;
    private long _seriesTotal;
    private long _version;

    /// <param name="selfFamilies">The hub's own families (name to type) that pushed families must agree with.</param>
    /// <param name="maxSeriesTotal">Series the store may hold; a push beyond it is refused with 429.</param>
    public PushStore(IReadOnlyDictionary<string, MetricType> selfFamilies, long maxSeriesTotal = long.MaxValue)
    {
        _selfFamilies = selfFamilies;
        _maxSeriesTotal = maxSeriesTotal;
    }

    public int GroupCount
    {
        get
        {
            lock (_lock)
            {
                return _groups.Count;
            }
        }
    }

    public long SeriesTotal => Interlocked.Read(ref _seriesTotal);

    /// <summary>Every series the store exposes: the pushed ones and each group's two gauges (what limits.max_series_total bounds).</summary>
    private long ExposedSeries => SeriesTotal + ((long)SeriesPerGroup * _groups.Count);

    /// <summary>Incremented on every change; readers cache derived data by it.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>All groups, expired ones included (readers filter by time).</summary>
    public MetricGroup[] Snapshot()
    {
        lock (_lock)
        {
            return _snapshot ??= [.. _groups.Values];
        }
    }

    public MetricGroup? Get(GroupId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_lock)
        {
            return _groups.GetValueOrDefault(id.Key);
        }
    }

    public MetricGroup? GetByKey(string key)
    {
        lock (_lock)
        {
            return _groups.GetValueOrDefault(key);
        }
    }

    private string LimitMessage(long after) =>
        $"series limit exceeded: the store would hold {after} series, the limit (limits.max_series_total) is {_maxSeriesTotal}";

    /// <summary>
    /// Checks a PUT/POST against the current state: types, duplicates across groups, suffix clashes, the series limit.
    /// A failure record is checked against the series limit only (a new group adds its two gauges).
    /// </summary>
    public CheckResult Check(StoreOp op)
    {
        ArgumentNullException.ThrowIfNull(op);
        if (op.Kind is not (OpKind.Put or OpKind.Post or OpKind.Failure))
        {
            return CheckResult.Ok;
        }

        var key = op.Group.Key;
        _groups.TryGetValue(key, out var existing);
        if (op.Kind == OpKind.Failure)
        {
            return existing is null && ExposedSeries + SeriesPerGroup > _maxSeriesTotal
                ? CheckResult.TooManySeries(LimitMessage(ExposedSeries + SeriesPerGroup))
                : CheckResult.Ok;
        }

        var pushNames = new Dictionary<string, MetricType>(op.Families.Count, StringComparer.Ordinal);

        // A new group also brings its push_time_seconds and push_failure_time_seconds.
        long added = existing is null ? SeriesPerGroup : 0;
        foreach (var f in op.Families)
        {
            pushNames[f.Name] = f.Type;
            added += f.Metrics.Count;
        }

        long removed = 0;
        if (existing is not null)
        {
            foreach (var (name, sf) in existing.Families)
            {
                if (op.Kind == OpKind.Put || pushNames.ContainsKey(name))
                {
                    removed += sf.Family.Metrics.Count;
                }
            }
        }

        var after = ExposedSeries - removed + added;
        if (added > removed && after > _maxSeriesTotal)
        {
            return CheckResult.TooManySeries(LimitMessage(after));
        }

        var errors = new List<string>();
        foreach (var f in op.Families)
        {
            if (errors.Count >= MaxReportedErrors)
            {
                break;
            }

            if (_selfFamilies.TryGetValue(f.Name, out var selfType) && selfType != f.Type)
            {
                errors.Add($"gathered metric family {f.Name} has type {TypeNames.Proto(f.Type)} but should have {TypeNames.Proto(selfType)}");
                continue;
            }

            if (StoredType(f.Name, existing, op.Kind, pushNames) is { } storedType && storedType != f.Type && f.Metrics.Count > 0)
            {
                errors.Add($"{MetricText.Describe(f.Name, f.Type, f.Metrics[0])} is not a {TypeNames.Proto(storedType)}");
                continue;
            }

            if (SuffixCollision(f, existing, op.Kind, pushNames) is { } collision)
            {
                errors.Add(collision);
                continue;
            }

            foreach (var m in f.Metrics)
            {
                if (_series.TryGetValue(new SeriesKey(f.Name, m.Labels), out var owner) && owner != key)
                {
                    errors.Add($"{MetricText.Describe(f.Name, f.Type, m)} was collected before with the same name and label values");
                    if (errors.Count >= MaxReportedErrors)
                    {
                        break;
                    }
                }
            }
        }

        return errors.Count switch
        {
            0 => CheckResult.Ok,
            1 => CheckResult.Inconsistent(errors[0]),
            _ => CheckResult.Inconsistent($"{errors.Count} error(s) occurred:" + string.Concat(errors.Select(e => "\n* " + e))),
        };
    }

    /// <summary>Applies an operation (already checked, or replayed from the journal) to the state and the indexes.</summary>
    public void Apply(StoreOp op)
    {
        ArgumentNullException.ThrowIfNull(op);
        var key = op.Group.Key;
        _groups.TryGetValue(key, out var existing);
        switch (op.Kind)
        {
            case OpKind.Put:
            case OpKind.Post:
                {
                    var families = new Dictionary<string, StoredFamily>(StringComparer.Ordinal);
                    if (existing is not null)
                    {
                        foreach (var (name, sf) in existing.Families)
                        {
                            if (op.Kind == OpKind.Post && !ContainsName(op.Families, name))
                            {
                                families[name] = sf;
                            }
                            else
                            {
                                Unindex(sf);
                            }
                        }
                    }

                    foreach (var f in op.Families)
                    {
                        var sf = new StoredFamily(f, op.TimeNanos);
                        families[f.Name] = sf;
                        Index(sf, key);
                    }

                    var group = new MetricGroup(
                        existing?.Id ?? op.Group,
                        families,
                        op.TimeNanos,
                        op.TimeNanos,
                        existing?.FailureTimeNanos ?? 0,
                        existing?.FailureStampNanos ?? op.TimeNanos,
                        Expiry(op));
                    Set(key, group);
                    break;
                }

            case OpKind.Failure:
                {
                    var group = new MetricGroup(
                        existing?.Id ?? op.Group,
                        existing?.Families ?? new Dictionary<string, StoredFamily>(StringComparer.Ordinal),
                        existing?.PushTimeNanos ?? 0,
                        existing?.PushStampNanos ?? op.TimeNanos,
                        op.TimeNanos,
                        op.TimeNanos,
                        existing?.ExpiresAtMs ?? Expiry(op));
                    Set(key, group);
                    break;
                }

            case OpKind.Delete:
                Remove(existing);
                break;
            case OpKind.Expire:
                if (existing is not null && existing.IsExpired(op.TimeNanos / 1_000_000))
                {
                    Remove(existing);
                }

                break;
            case OpKind.Wipe:
                foreach (var g in Snapshot())
                {
                    Remove(g);
                }

                break;
            default:
                throw new InvalidOperationException($"unknown op kind {op.Kind}");
        }
    }

    /// <summary>Puts back <paramref name="previous"/> (null: no group) under <paramref name="key"/>, undoing an applied op whose commit failed.</summary>
    public void Restore(string key, MetricGroup? previous)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (previous is not null)
        {
            Load(previous);
            return;
        }

        _groups.TryGetValue(key, out var current);
        Remove(current);
    }

    /// <summary>Inserts a group loaded from a snapshot (start-up, or undoing an op whose commit failed).</summary>
    public void Load(MetricGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        _groups.TryGetValue(group.Id.Key, out var existing);
        Remove(existing);
        foreach (var sf in group.Families.Values)
        {
            Index(sf, group.Id.Key);
        }

        Set(group.Id.Key, group);
    }

    private static long Expiry(StoreOp op) => op.TtlMs > 0 ? (op.TimeNanos / 1_000_000) + op.TtlMs : 0;

    private static bool ContainsName(IReadOnlyList<MetricFamily> families, string name)
    {
        foreach (var f in families)
        {
            if (f.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The type a name has in the store (or the hub's own families, or the push) once this write is applied, null when absent.</summary>
    private MetricType? TypeAfter(string name, MetricGroup? existing, OpKind kind, Dictionary<string, MetricType> pushNames)
    {
        if (_selfFamilies.TryGetValue(name, out var t))
        {
            return t;
        }

        if (pushNames.TryGetValue(name, out t))
        {
            return t;
        }

        return StoredType(name, existing, kind, pushNames);
    }

    /// <summary>The type of <paramref name="name"/> in groups that keep it after this write (other groups, or this group under POST when not pushed).</summary>
    private MetricType? StoredType(string name, MetricGroup? existing, OpKind kind, Dictionary<string, MetricType> pushNames)
    {
        if (!_names.TryGetValue(name, out var info))
        {
            return null;
        }

        var holders = info.Groups;
        if (existing is not null && existing.Families.ContainsKey(name) && (kind == OpKind.Put || pushNames.ContainsKey(name)))
        {
            holders--;
        }

        return holders > 0 ? info.Type : null;
    }

    /// <summary>client_golang's checkSuffixCollisions against everything present after the write.</summary>
    private string? SuffixCollision(MetricFamily f, MetricGroup? existing, OpKind kind, Dictionary<string, MetricType> pushNames)
    {
        var name = f.Name;
        string? baseName = null;
        if (name.EndsWith("_count", StringComparison.Ordinal))
        {
            baseName = name[..^6];
        }
        else if (name.EndsWith("_sum", StringComparison.Ordinal))
        {
            baseName = name[..^4];
        }
        else if (name.EndsWith("_bucket", StringComparison.Ordinal))
        {
            baseName = name[..^7];
        }

        if (baseName is not null && TypeAfter(baseName, existing, kind, pushNames) is { } baseType)
        {
            if (baseType == MetricType.Summary && !name.EndsWith("_bucket", StringComparison.Ordinal))
            {
                return $"collected metric named \"{name}\" collides with previously collected summary named \"{baseName}\"";
            }

            if (baseType is MetricType.Histogram or MetricType.GaugeHistogram)
            {
                return $"collected metric named \"{name}\" collides with previously collected histogram named \"{baseName}\"";
            }
        }

        if (f.Type is MetricType.Summary or MetricType.Histogram or MetricType.GaugeHistogram)
        {
            foreach (var suffix in (string[])["_count", "_sum"])
            {
                if (TypeAfter(name + suffix, existing, kind, pushNames) is not null)
                {
                    return $"collected histogram or summary named \"{name}\" collides with previously collected metric named \"{name + suffix}\"";
                }
            }
        }

        if (f.Type is MetricType.Histogram or MetricType.GaugeHistogram && TypeAfter(name + "_bucket", existing, kind, pushNames) is not null)
        {
            return $"collected histogram named \"{name}\" collides with previously collected metric named \"{name}_bucket\"";
        }

        return null;
    }

    private void Index(StoredFamily sf, string groupKey)
    {
        var f = sf.Family;
        if (!_names.TryGetValue(f.Name, out var info))
        {
            info = new NameInfo(f.Type);
            _names[f.Name] = info;
        }

        info.Type = f.Type;
        info.Groups++;
        foreach (var m in f.Metrics)
        {
            _series[new SeriesKey(f.Name, m.Labels)] = groupKey;
        }

        Interlocked.Add(ref _seriesTotal, f.Metrics.Count);
    }

    private void Unindex(StoredFamily sf)
    {
        var f = sf.Family;
        if (_names.TryGetValue(f.Name, out var info) && --info.Groups <= 0)
        {
            _names.Remove(f.Name);
        }

        foreach (var m in f.Metrics)
        {
            _series.Remove(new SeriesKey(f.Name, m.Labels));
        }

        Interlocked.Add(ref _seriesTotal, -f.Metrics.Count);
    }

    private void Remove(MetricGroup? group)
    {
        if (group is null)
        {
            return;
        }

        foreach (var sf in group.Families.Values)
        {
            Unindex(sf);
        }

        lock (_lock)
        {
            _groups.Remove(group.Id.Key);
            _snapshot = null;
            _version++;
        }
    }

    private void Set(string key, MetricGroup group)
    {
        lock (_lock)
        {
            _groups[key] = group;
            _snapshot = null;
            _version++;
        }
    }
}
