using System.Globalization;

namespace DualHub.Testing;

/// <summary>Starts the real anchor processes (Debian packages) on loopback with random ports and temp dirs.</summary>
public static class Anchors
{
    public const string PushgatewayBinary = "/usr/bin/prometheus-pushgateway";
    public const string PrometheusBinary = "/usr/bin/prometheus";
    public const string NatsServerBinary = "/usr/bin/nats-server";
    public const string Python = "/usr/bin/python3";
    public const string VictoriaMetricsBinary = "/usr/bin/victoria-metrics";
    public const string VmagentBinary = "/usr/bin/vmagent";

    /// <summary>prometheus-pushgateway 1.5.1 in memory only; returns the process and its base URL.</summary>
    public static async Task<(ExternalProcess Process, string Url)> StartPushgatewayAsync(params string[] extraArgs)
    {
        var port = FreePort.Next();
        // Debian's build defaults --persistence.file to /var/lib/prometheus/pushgateway.data: without an explicit empty
        // value every test gateway would load (and on SIGTERM write) state shared with every other run.
        string[] memoryOnly = extraArgs.Any(a => a.StartsWith("--persistence.file", StringComparison.Ordinal)) ? [] : ["--persistence.file="];
        var p = ExternalProcess.Start(PushgatewayBinary, [$"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", .. memoryOnly, .. extraArgs]);
        var url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        await ReadyOrStoppedAsync(p, url + "/-/ready", null);
        return (p, url);
    }

    /// <summary>Prometheus with the given config text, its TSDB in its own temp dir.</summary>
    public static Task<(ExternalProcess Process, string Url)> StartPrometheusAsync(string configYaml, params string[] extraArgs) =>
        StartPrometheusAsync(configYaml, FreePort.Next(), TempDir.Create(), ownsDirectory: true, extraArgs);

    /// <summary>Prometheus on a given port and data folder (to restart it where a client already points); the folder stays the caller's.</summary>
    public static Task<(ExternalProcess Process, string Url)> StartPrometheusOnPortAsync(string configYaml, int port, string dir, params string[] extraArgs) =>
        StartPrometheusAsync(configYaml, port, dir, ownsDirectory: false, extraArgs);

    private static async Task<(ExternalProcess Process, string Url)> StartPrometheusAsync(string configYaml, int port, string dir, bool ownsDirectory, string[] extraArgs)
    {
        var config = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, configYaml);
        var p = ExternalProcess.Start(PrometheusBinary, [$"--config.file={config}", $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", $"--storage.tsdb.path={Path.Combine(dir, "data")}", .. extraArgs], dir, ownsDirectory: ownsDirectory);
        var url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        await ReadyOrStoppedAsync(p, url + "/-/ready", TimeSpan.FromSeconds(60));
        return (p, url);
    }

    /// <summary>victoria-metrics (single node) with its storage in its own temp dir; returns the process and its base URL.</summary>
    public static async Task<(ExternalProcess Process, string Url)> StartVictoriaMetricsAsync(params string[] extraArgs)
    {
        var dir = TempDir.Create();
        var port = FreePort.Next();
        var p = ExternalProcess.Start(VictoriaMetricsBinary, [$"-httpListenAddr=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", $"-storageDataPath={Path.Combine(dir, "data")}", "-search.latencyOffset=1s", .. extraArgs], dir, ownsDirectory: true);
        var url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        await ReadyOrStoppedAsync(p, url + "/health", TimeSpan.FromSeconds(60));
        return (p, url);
    }

    /// <summary>Waits until <paramref name="url"/> answers 200; a process that never does is stopped (and its folder deleted) before the failure goes up.</summary>
    private static async Task ReadyOrStoppedAsync(ExternalProcess process, string url, TimeSpan? timeout)
    {
        try
        {
            await process.WaitForHttpOkAsync(url, timeout);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }
}
