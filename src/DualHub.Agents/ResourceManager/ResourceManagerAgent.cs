using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using DualHub.Agents.Hosting;
using DualHub.Agents.Linux;
using DualHub.Client.Health;
using DualHub.Client.Nats;
using DualHub.Client.Options;

namespace DualHub.Agents.ResourceManager;

/// <summary>
/// Real CPU (/proc/stat), memory (/proc/meminfo), disk (statvfs) and network (/proc/net/dev) figures, with the
/// original thresholds (cpu 80, memory 85, disk 90 percent) as alert state. Config section <c>resource_manager</c>:
/// <c>alert_thresholds: {cpu, memory, disk}</c>, <c>disk_paths: [/]</c>, <c>collection_interval: 5</c>, <c>proc_root: /proc</c>.
/// </summary>
internal sealed class ResourceManagerAgent : IPilotAgent, INatsPilot
{
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private Thresholds _thresholds = new();
    private IReadOnlyList<string> _diskPaths = ["/"];
    private TimeSpan _interval = TimeSpan.FromSeconds(5);
    private string _procRoot = "/proc";
    private (ulong Busy, ulong Total)? _lastCpu;
    private ResourceSample? _sample;
    private ThresholdAlerts? _alerts;

    public ResourceManagerAgent(TimeProvider time)
    {
        _time = time;
        Meter = new Meter("DualHub.Agents.ResourceManager");
        Meter.CreateObservableGauge("resource_cpu_usage_percent", () => Value(s => s.CpuPercent), description: "CPU busy share over the last collection interval, all cores.");
        Meter.CreateObservableGauge("resource_memory_usage_percent", () => Value(s => s.MemoryPercent), description: "Memory in use (MemTotal - MemAvailable) / MemTotal.");
        Meter.CreateObservableGauge("resource_memory_total_bytes", () => Value(s => s.MemoryTotal), description: "MemTotal.");
        Meter.CreateObservableGauge("resource_memory_available_bytes", () => Value(s => s.MemoryAvailable), description: "MemAvailable.");
        Meter.CreateObservableGauge("resource_disk_usage_percent", () => Disks(d => d.UsagePercent), description: "File system usage as df shows it.");
        Meter.CreateObservableGauge("resource_disk_total_bytes", () => Disks(d => d.Total), description: "File system size.");
        Meter.CreateObservableGauge("resource_disk_available_bytes", () => Disks(d => d.Available), description: "Bytes available to users.");
        Meter.CreateObservableCounter("resource_network_receive_bytes", () => Net(n => n.Received), description: "Bytes received per interface (total).");
        Meter.CreateObservableCounter("resource_network_transmit_bytes", () => Net(n => n.Transmitted), description: "Bytes transmitted per interface (total).");
        Meter.CreateObservableGauge("resource_alert", Alerts, description: "1 while the resource is above its threshold.");
        Meter.CreateObservableGauge("resource_alert_threshold_percent", ThresholdValues, description: "Alert thresholds.");
    }

    public string Name => "resource-manager";

    public string Section => "resource_manager";

    public Meter Meter { get; }

    public ResourceSample? Latest
    {
        get
        {
            lock (_lock)
            {
                return _sample;
            }
        }
    }

    public void UseAlerts(IAlertPublisher alerts) => _alerts = new ThresholdAlerts(alerts);

    public void Configure(ConfigSection? section, ResolvedAgentOptions options)
    {
        _interval = options.PushInterval;
        if (section is null)
        {
            return;
        }

        section.RejectUnknown("alert_thresholds", "disk_paths", "collection_interval", "proc_root", "monitoring_targets");
        if (section.GetSection("alert_thresholds") is { } t)
        {
            t.RejectUnknown("cpu", "memory", "disk", "gpu");
            _thresholds = new Thresholds(t.GetDouble("cpu", 0, 100) ?? 80, t.GetDouble("memory", 0, 100) ?? 85, t.GetDouble("disk", 0, 100) ?? 90);
        }

        var paths = section.GetStringList("disk_paths");
        _diskPaths = paths.Count > 0 ? paths : _diskPaths;
        _interval = section.GetDuration("collection_interval") ?? _interval;
        if (_interval <= TimeSpan.Zero)
        {
            throw new AgentConfigException("resource_manager.collection_interval", "resource_manager.collection_interval: must be greater than 0");
        }

        _procRoot = section.GetString("proc_root") ?? _procRoot;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        // CPU is a difference of two readings: take the second one soon so the first pushes already carry it.
        Sample();
        await Task.Delay(_interval < TimeSpan.FromSeconds(1) ? _interval : TimeSpan.FromSeconds(1), _time, ct);
        while (!ct.IsCancellationRequested)
        {
            Sample();
            await Task.Delay(_interval, _time, ct);
        }
    }

    /// <summary>Reads every source once; CPU is the busy share since the previous call.</summary>
    public ResourceSample Sample()
    {
        var cpu = double.NaN;
        if (ProcStat.TryRead(Path.Combine(_procRoot, "stat"), out var busy, out var total))
        {
            if (_lastCpu is { } last && total > last.Total)
            {
                cpu = 100.0 * (busy - last.Busy) / (total - last.Total);
            }

            _lastCpu = (busy, total);
        }

        var memRead = MemInfo.TryRead(Path.Combine(_procRoot, "meminfo"), out var memTotal, out var memAvailable);
        var disks = new List<DiskSample>();
        foreach (var p in _diskPaths)
        {
            if (StatVfs.TryGet(p, out var t, out var f, out var a))
            {
                disks.Add(new DiskSample(p, t, f, a));
            }
        }

        var sample = new ResourceSample(cpu, memTotal, memAvailable, disks, NetDev.Read(Path.Combine(_procRoot, "net", "dev")));
        lock (_lock)
        {
            if (double.IsNaN(sample.CpuPercent) && _sample is not null)
            {
                sample = sample with { CpuPercent = _sample.CpuPercent };
            }

            // An unreadable meminfo keeps the last figures, as CPU does: a total of 0 would make the memory percent NaN,
            // which resolves a firing alert and fires it again on the next good read.
            if (!memRead && _sample is not null)
            {
                sample = sample with { MemoryTotal = _sample.MemoryTotal, MemoryAvailable = _sample.MemoryAvailable };
            }

            _sample = sample;
        }

        _alerts?.Update(ActiveAlerts()); // one alert per threshold crossing, not one per sample
        return sample;
    }

    public IEnumerable<(string Resource, string Path, double Value, double Threshold)> ActiveAlerts()
    {
        var s = Latest;
        if (s is null)
        {
            yield break;
        }

        if (s.CpuPercent > _thresholds.Cpu)
        {
            yield return ("cpu", string.Empty, s.CpuPercent, _thresholds.Cpu);
        }

        if (s.MemoryPercent > _thresholds.Memory)
        {
            yield return ("memory", string.Empty, s.MemoryPercent, _thresholds.Memory);
        }

        foreach (var d in s.Disks.Where(d => d.UsagePercent > _thresholds.Disk))
        {
            yield return ("disk", d.Path, d.UsagePercent, _thresholds.Disk);
        }
    }

    public JsonObject? HealthDetails()
    {
        var s = Latest;
        if (s is null)
        {
            return null;
        }

        var disks = new JsonArray();
        foreach (var d in s.Disks)
        {
            disks.Add((JsonNode)new JsonObject { ["path"] = d.Path, ["usage_percent"] = Round(d.UsagePercent) });
        }

        var alerts = new JsonArray();
        foreach (var a in ActiveAlerts())
        {
            alerts.Add((JsonNode)new JsonObject { ["resource"] = a.Resource, ["path"] = a.Path, ["value_percent"] = Round(a.Value), ["threshold_percent"] = a.Threshold });
        }

        return new JsonObject
        {
            ["cpu_percent"] = Round(s.CpuPercent),
            ["memory_percent"] = Round(s.MemoryPercent),
            ["disks"] = disks,
            ["thresholds"] = new JsonObject { ["cpu"] = _thresholds.Cpu, ["memory"] = _thresholds.Memory, ["disk"] = _thresholds.Disk },
            ["alerts"] = alerts,
        };
    }

    public AgentHealthStatus HealthStatus() => ActiveAlerts().Any() ? AgentHealthStatus.Degraded : AgentHealthStatus.Healthy;

    public void Dispose() => Meter.Dispose();

    private static double? Round(double v) => double.IsFinite(v) ? Math.Round(v, 2) : null;

    private IEnumerable<Measurement<double>> Value(Func<ResourceSample, double> f)
    {
        if (Latest is { } s && !double.IsNaN(f(s)))
        {
            yield return new Measurement<double>(f(s));
        }
    }

    private IEnumerable<Measurement<double>> Disks(Func<DiskSample, double> f) =>
        (Latest?.Disks ?? []).Select(d => new Measurement<double>(f(d), new KeyValuePair<string, object?>("path", d.Path)));

    private IEnumerable<Measurement<double>> Net(Func<(string Device, ulong Received, ulong Transmitted), ulong> f) =>
        (Latest?.Network ?? []).Select(n => new Measurement<double>(f(n), new KeyValuePair<string, object?>("device", n.Device)));

    private IEnumerable<Measurement<int>> Alerts()
    {
        var s = Latest;
        if (s is null)
        {
            yield break;
        }

        var active = ActiveAlerts().Select(a => (a.Resource, a.Path)).ToHashSet();
        yield return Alert("cpu", string.Empty);
        yield return Alert("memory", string.Empty);
        foreach (var d in s.Disks)
        {
            yield return Alert("disk", d.Path);
        }

        Measurement<int> Alert(string resource, string path) =>
            new(active.Contains((resource, path)) ? 1 : 0, new KeyValuePair<string, object?>("resource", resource), new KeyValuePair<string, object?>("path", path));
    }

    private IEnumerable<Measurement<double>> ThresholdValues()
    {
        yield return new Measurement<double>(_thresholds.Cpu, new KeyValuePair<string, object?>("resource", "cpu"));
        yield return new Measurement<double>(_thresholds.Memory, new KeyValuePair<string, object?>("resource", "memory"));
        yield return new Measurement<double>(_thresholds.Disk, new KeyValuePair<string, object?>("resource", "disk"));
    }
}
