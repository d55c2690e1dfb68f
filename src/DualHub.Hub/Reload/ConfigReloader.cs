using DualHub.Hub.Options;
using DualHub.Metrics.Model;
using Microsoft.Extensions.Logging;

namespace DualHub.Hub.Reload;

/// <summary>
/// Holds the hub's options as one immutable snapshot and replaces it on a reload: the file is read and resolved again
/// (with the same command-line overrides), the sample pipeline applies its scrape targets and remote_write upstreams,
/// then the new snapshot is published in one reference swap, so a request sees either the old options or the new ones
/// whole (auth, lifecycle and admin switches, TTL). A bad file changes nothing. Keys a running hub cannot change (the
/// listener, the data directory, the journals, limits, NATS, query, console, alerts) keep their running values.
/// </summary>
internal sealed class ConfigReloader : IAsyncDisposable
{
    private readonly HubConfigSource _source;
    private readonly SamplePipeline _samples;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile HubOptions _current;
    private volatile bool _lastSuccessful = true;
    private long _lastSuccessMs;
    private bool _disposed;

    public ConfigReloader(HubOptions initial, HubConfigSource source, SamplePipeline samples, TimeProvider time, ILogger logger)
    {
        _current = initial;
        _source = source;
        _samples = samples;
        _time = time;
        _logger = logger;

        // As Prometheus: the load at start counts as the first successful reload.
        _lastSuccessMs = time.GetUtcNow().ToUnixTimeMilliseconds();
    }

    /// <summary>The options every request and background task reads (never cached by them).</summary>
    public HubOptions Current => _current;

    /// <summary>Reloads the config; returns null on success, else the reason (naming file and line where the reader knows them).</summary>
    public async Task<string?> ReloadAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return "the hub is stopping";
            }

            HubOptions loaded;
            try
            {
                var document = _source.Path is null ? HubConfigDocument.Empty : HubConfigLoader.ReadFile(_source.Path);
                loaded = HubConfigLoader.Resolve(document, _source.Overrides);
            }
            catch (HubConfigException ex)
            {
                return Fail(_source.Path is { } path && !ex.Message.StartsWith(path, StringComparison.Ordinal) ? $"{path}: {ex.Message}" : ex.Message);
            }

            var next = KeepRestartOnly(loaded, _current);
            try
            {
                await _samples.ReloadAsync(next.Prometheus);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IOException or Core.Security.WebConfigException)
            {
                ReloadLog.ApplyFailed(_logger, ex);
                return Fail(ex.Message);
            }

            _current = next;
            foreach (var warning in next.Prometheus.Warnings)
            {
                ReloadLog.ConfigWarning(_logger, warning.ToString());
            }

            Interlocked.Exchange(ref _lastSuccessMs, _time.GetUtcNow().ToUnixTimeMilliseconds());
            _lastSuccessful = true;
            ReloadLog.Reloaded(_logger, _source.Path ?? "(no config file)", _samples.Targets.Count, next.Prometheus.RemoteWrite.Count);
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary><c>dualhub_config_last_reload_successful</c> and <c>dualhub_config_last_reload_success_timestamp_seconds</c>, Prometheus' families.</summary>
    public void AddMetrics(List<MetricFamily> families)
    {
        var ok = new MetricFamily("dualhub_config_last_reload_successful", MetricType.Gauge) { Help = "Whether the last configuration reload attempt was successful." };
        ok.Metrics.Add(new Metric { Labels = [], Value = _lastSuccessful ? 1 : 0 });
        var at = new MetricFamily("dualhub_config_last_reload_success_timestamp_seconds", MetricType.Gauge) { Help = "Timestamp of the last successful configuration reload." };
        at.Metrics.Add(new Metric { Labels = [], Value = Interlocked.Read(ref _lastSuccessMs) / 1000.0 });
        families.Add(ok);
        families.Add(at);
    }

    /// <summary>Waits for a reload in progress, then refuses any later one (the pipeline is about to stop).</summary>
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        _disposed = true;
        _gate.Release();
    }

    private string Fail(string reason)
    {
        _lastSuccessful = false;
        ReloadLog.Failed(_logger, reason);
        return reason;
    }

    private HubOptions KeepRestartOnly(HubOptions loaded, HubOptions running)
    {
        Warn(loaded.Role != running.Role, "role");
        Warn(loaded.EffectiveListen != running.EffectiveListen, "listen");
        Warn(loaded.DataDir != running.DataDir, "data_dir");
        Warn(loaded.Journal != running.Journal, "journal");
        Warn(loaded.Limits != running.Limits, "limits");
        Warn(loaded.Prometheus.SampleJournal != running.Prometheus.SampleJournal, "sample_journal");
        return loaded with
        {
            Role = running.Role,
            Listen = running.Listen,
            DataDir = running.DataDir,
            Journal = running.Journal,
            Limits = running.Limits,
            Web = running.Web, // the listener's TLS and basic auth are read at start
            Nats = running.Nats,
            Query = running.Query,
            Console = running.Console,
            Alerts = running.Alerts,
            Prometheus = loaded.Prometheus with { SampleJournal = running.Prometheus.SampleJournal },
        };
    }

    private void Warn(bool changed, string key)
    {
        if (changed)
        {
            ReloadLog.NeedsRestart(_logger, key);
        }
    }
}
