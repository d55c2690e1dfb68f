using System.Collections.Concurrent;
using System.Diagnostics;
using DualHub.Hub.Options;
using DualHub.Hub.Push.Store;
using DualHub.Metrics.Model;

namespace DualHub.Hub.Telemetry;

/// <summary>The hub's own families on <c>/metrics</c>; pushed families must agree with their types.</summary>
internal sealed class SelfMetrics
{
    public static readonly IReadOnlyDictionary<string, MetricType> Families = new Dictionary<string, MetricType>(StringComparer.Ordinal)
    {
        ["dualhub_build_info"] = MetricType.Gauge,
        ["dualhub_http_requests_total"] = MetricType.Counter,
        ["dualhub_store_groups"] = MetricType.Gauge,
        ["dualhub_store_series"] = MetricType.Gauge,
        ["dualhub_journal_commits_total"] = MetricType.Counter,
        ["dualhub_config_last_reload_successful"] = MetricType.Gauge,
        ["dualhub_config_last_reload_success_timestamp_seconds"] = MetricType.Gauge,
        ["process_cpu_seconds_total"] = MetricType.Counter,
        ["process_resident_memory_bytes"] = MetricType.Gauge,
        ["process_start_time_seconds"] = MetricType.Gauge,
    };

    private readonly ConcurrentDictionary<(int Code, string Handler, string Method), long> _requests = new();
    private readonly HubRole _role;
    private readonly double _startTime;

    public SelfMetrics(HubRole role, double startTimeSeconds)
    {
        _role = role;
        _startTime = startTimeSeconds;
    }

    public static string Version { get; } = typeof(SelfMetrics).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public void CountRequest(int code, string handler, string method) =>
        _requests.AddOrUpdate((code, handler, MethodLabel(method)), 1, static (_, n) => n + 1);

    // The method is whatever token a client sends: one series per invented method would grow this counter without
    // bound, so only the methods HTTP defines get a label of their own (client_golang does the same).
    private static string MethodLabel(string method) => method switch
    {
        "GET" => "get",
        "PUT" => "put",
        "POST" => "post",
        "DELETE" => "delete",
        "HEAD" => "head",
        "OPTIONS" => "options",
        "PATCH" => "patch",
        "CONNECT" => "connect",
        "TRACE" => "trace",
        _ => "unknown",
    };

    public List<MetricFamily> Collect(PushStore store, long journalCommits)
    {
        var list = new List<MetricFamily>(8);
        Add(list, "dualhub_build_info", MetricType.Gauge, "A metric with a constant '1' value labeled by version and role of this DualHub hub.", 1, new("role", _role.ToString().ToLowerInvariant()), new("version", Version));
        var requests = new MetricFamily("dualhub_http_requests_total", MetricType.Counter) { Help = "Total HTTP requests processed by the hub, excluding scrapes." };
        foreach (var ((code, handler, method), n) in _requests)
        {
            requests.Metrics.Add(new Metric
            {
                Labels = [new("code", code.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("handler", handler), new("method", method)],
                Value = n,
            });
        }

        list.Add(requests);
        Add(list, "dualhub_store_groups", MetricType.Gauge, "Groups in the store.", store.GroupCount);
        Add(list, "dualhub_store_series", MetricType.Gauge, "Series in the store.", store.SeriesTotal);
        Add(list, "dualhub_journal_commits_total", MetricType.Counter, "Journal transactions committed since start.", journalCommits);
        using var p = Process.GetCurrentProcess();
        Add(list, "process_cpu_seconds_total", MetricType.Counter, "Total user and system CPU time spent in seconds.", p.TotalProcessorTime.TotalSeconds);
        Add(list, "process_resident_memory_bytes", MetricType.Gauge, "Resident memory size in bytes.", p.WorkingSet64);
        Add(list, "process_start_time_seconds", MetricType.Gauge, "Start time of the process since unix epoch in seconds.", _startTime);
        return list;
    }

    private static void Add(List<MetricFamily> list, string name, MetricType type, string help, double value, params Label[] labels)
    {
        var f = new MetricFamily(name, type) { Help = help };
        f.Metrics.Add(new Metric { Labels = labels, Value = value });
        list.Add(f);
    }
}
