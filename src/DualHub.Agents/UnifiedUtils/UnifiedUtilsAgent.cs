using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using DualHub.Agents.Hosting;
using DualHub.Client.Health;
using DualHub.Client.Options;

namespace DualHub.Agents.UnifiedUtils;

/// <summary>
/// The utility agent's work as metrics: disk usage of configured paths, and what a temp/cache/log cleanup would
/// free (files and bytes per target). A dry run unless <c>execute_cleanup: true</c>. Config section <c>unified_utils</c>:
/// <c>disk_paths</c>, <c>cleanup_targets: [{category, path, older_than, pattern}]</c>, <c>execute_cleanup</c>,
/// <c>scan_interval</c> (default 60 s), <c>max_files</c> (default 200000 per walk).
/// </summary>
internal sealed class UnifiedUtilsAgent : IPilotAgent
{
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private IReadOnlyList<string> _paths = [Path.GetTempPath()];
    private IReadOnlyList<CleanupTarget> _targets = [new("temp", Path.GetTempPath(), TimeSpan.FromHours(24), "*")];
    private bool _execute;
    private TimeSpan _interval = TimeSpan.FromSeconds(60);
    private int _maxFiles = 200_000;
    private ScanResult? _last;
    private readonly Dictionary<string, (long Files, long Bytes)> _deleted = new(StringComparer.Ordinal);
    private long _errors;

    public UnifiedUtilsAgent(TimeProvider time)
    {
        _time = time;
        Meter = new Meter("DualHub.Agents.UnifiedUtils");
        Meter.CreateObservableGauge("unified_utils_path_size_bytes", () => Usage(u => u.Bytes), description: "Bytes of regular files under the path.");
        Meter.CreateObservableGauge("unified_utils_path_files", () => Usage(u => u.Files), description: "Regular files under the path.");
        Meter.CreateObservableGauge("unified_utils_cleanup_candidate_files", () => Candidates(c => c.Files), description: "Files a cleanup would remove now.");
        Meter.CreateObservableGauge("unified_utils_cleanup_candidate_bytes", () => Candidates(c => c.Bytes), description: "Bytes a cleanup would free now.");
        Meter.CreateObservableCounter("unified_utils_cleanup_deleted_files", () => Deleted(d => d.Files), description: "Files removed by cleanups (0 in dry run).");
        Meter.CreateObservableCounter("unified_utils_cleanup_freed_bytes", () => Deleted(d => d.Bytes), description: "Bytes freed by cleanups (0 in dry run).");
        Meter.CreateObservableGauge("unified_utils_cleanup_dry_run", () => _execute ? 0 : 1, description: "1 when cleanups only count (execute_cleanup: false).");
        Meter.CreateObservableGauge("unified_utils_scan_duration_seconds", () => Last is { } l ? [new Measurement<double>(l.Duration.TotalSeconds)] : Array.Empty<Measurement<double>>(), description: "Duration of the last scan.");
        Meter.CreateObservableCounter("unified_utils_errors", () => Interlocked.Read(ref _errors), description: "Files that could not be removed.");
    }

    public string Name => "unified-utils";

    public string Section => "unified_utils";

    public Meter Meter { get; }

    public ScanResult? Last
    {
        get
        {
            lock (_lock)
            {
                return _last;
            }
        }
    }

    public void Configure(ConfigSection? section, ResolvedAgentOptions options)
    {
        if (section is null)
        {
            return;
        }

        section.RejectUnknown("disk_paths", "cleanup_targets", "execute_cleanup", "scan_interval", "max_files", "utility_services");
        var paths = section.GetStringList("disk_paths");
        _paths = paths.Count > 0 ? paths : _paths;
        var targets = section.GetSectionList("cleanup_targets");
        if (targets.Count > 0)
        {
            _targets = targets.Select(t =>
            {
                t.RejectUnknown("category", "path", "older_than", "pattern");
                var category = t.GetString("category") ?? "temp";
                if (category is not ("temp" or "cache" or "log"))
                {
                    throw new AgentConfigException(t.Path + ".category", $"{t.Path}.category: '{category}' is not temp, cache or log");
                }

                var path = t.GetRequiredString("path");
                if (!System.IO.Path.IsPathFullyQualified(path) || System.IO.Path.GetPathRoot(path) == System.IO.Path.GetFullPath(path))
                {
                    throw new AgentConfigException(t.Path + ".path", $"{t.Path}.path: '{path}' must be an absolute directory other than the root");
                }

                return new CleanupTarget(category, path, t.GetDuration("older_than") ?? TimeSpan.FromHours(24), t.GetString("pattern") ?? "*");
            }).ToList();
        }

        _execute = section.GetBool("execute_cleanup") ?? false;
        _interval = section.GetDuration("scan_interval") ?? _interval;
        _maxFiles = (int?)section.GetInt("max_files", 1, 10_000_000) ?? _maxFiles;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Scan();
            await Task.Delay(_interval, _time, ct);
        }
    }

    /// <summary>One pass: sizes, candidates, and the cleanup itself when configured.</summary>
    public ScanResult Scan()
    {
        var started = _time.GetTimestamp();
        var truncated = false;
        var usage = _paths.Select(p =>
        {
            long bytes = 0, files = 0;
            foreach (var f in FileScanner.Files(p, "*", _maxFiles, () => truncated = true))
            {
                bytes += f.Length;
                files++;
            }

            return (p, bytes, files);
        }).ToList();

        var now = _time.GetUtcNow();
        var candidates = new List<(CleanupTarget, long, long)>();
        foreach (var t in _targets)
        {
            long files = 0, bytes = 0;
            foreach (var f in FileScanner.Files(t.Path, t.Pattern, _maxFiles, () => truncated = true))
            {
                if (now - f.LastWrite < t.OlderThan)
                {
                    continue;
                }

                files++;
                bytes += f.Length;
                if (_execute)
                {
                    Delete(t.Category, f.Path, f.Length);
                }
            }

            candidates.Add((t, files, bytes));
        }

        var result = new ScanResult(usage, candidates, _time.GetElapsedTime(started), truncated);
        lock (_lock)
        {
            _last = result;
        }

        return result;
    }

    public JsonObject? HealthDetails()
    {
        var last = Last;
        if (last is null)
        {
            return null;
        }

        var candidates = new JsonArray();
        foreach (var (t, files, bytes) in last.Candidates)
        {
            candidates.Add((JsonNode)new JsonObject { ["category"] = t.Category, ["path"] = t.Path, ["files"] = files, ["bytes"] = bytes });
        }

        var paths = new JsonArray();
        foreach (var (p, bytes, files) in last.PathUsage)
        {
            paths.Add((JsonNode)new JsonObject { ["path"] = p, ["bytes"] = bytes, ["files"] = files });
        }

        return new JsonObject { ["dry_run"] = !_execute, ["paths"] = paths, ["cleanup_candidates"] = candidates, ["truncated"] = last.Truncated };
    }

    public AgentHealthStatus HealthStatus() => AgentHealthStatus.Healthy;

    public void Dispose() => Meter.Dispose();

    private void Delete(string category, string path, long length)
    {
        try
        {
            File.Delete(path);
            lock (_lock)
            {
                var d = _deleted.GetValueOrDefault(category);
                _deleted[category] = (d.Files + 1, d.Bytes + length);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Interlocked.Increment(ref _errors);
        }
    }

    private IEnumerable<Measurement<long>> Usage(Func<(string Path, long Bytes, long Files), long> f) =>
        (Last?.PathUsage ?? []).Select(u => new Measurement<long>(f(u), new KeyValuePair<string, object?>("path", u.Path)));

    private IEnumerable<Measurement<long>> Candidates(Func<(CleanupTarget Target, long Files, long Bytes), long> f) =>
        (Last?.Candidates ?? []).Select(c => new Measurement<long>(f(c), new KeyValuePair<string, object?>("category", c.Target.Category), new KeyValuePair<string, object?>("path", c.Target.Path)));

    private List<Measurement<long>> Deleted(Func<(long Files, long Bytes), long> f)
    {
        lock (_lock)
        {
            return _targets.Select(t => t.Category).Distinct()
                .Select(c => new Measurement<long>(f(_deleted.GetValueOrDefault(c)), new KeyValuePair<string, object?>("category", c))).ToList();
        }
    }
}
