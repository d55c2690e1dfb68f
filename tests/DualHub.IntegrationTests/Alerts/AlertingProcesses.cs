using System.Globalization;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Alerts;

/// <summary>The real vmalert (Debian victoria-metrics) and Alertmanager 0.25 on loopback, each in its own temp dir.</summary>
internal static class AlertingProcesses
{
    public const string Vmalert = "/usr/bin/vmalert";
    public const string Alertmanager = "/usr/bin/prometheus-alertmanager";

    /// <summary>Alertmanager sending every alert, firing and resolved, to <paramref name="webhook"/> within about a second.</summary>
    public static async Task<(ExternalProcess Process, string Url)> StartAlertmanagerAsync(string dir, string webhook)
    {
        var config = Path.Combine(dir, "alertmanager.yml");
        await File.WriteAllTextAsync(config, $"""
            route:
              receiver: dualhub
              group_by: [alertname]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: dualhub
                webhook_configs:
                  - url: {webhook}
                    send_resolved: true
            """);
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var p = ExternalProcess.Start(Alertmanager, [$"--config.file={config}", $"--storage.path={Path.Combine(dir, "alertmanager")}", $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address="], dir);
        var url = $"http://127.0.0.1:{port}";
        await p.WaitForHttpOkAsync(url + "/-/ready", TimeSpan.FromSeconds(60));
        return (p, url);
    }

    /// <summary>vmalert evaluating <paramref name="rules"/> every second against <paramref name="datasource"/>.</summary>
    public static async Task<(ExternalProcess Process, string Url)> StartVmalertAsync(string dir, string rules, string datasource, string alertmanager)
    {
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var p = ExternalProcess.Start(Vmalert, [$"-rule={rules}", $"-datasource.url={datasource}", $"-notifier.url={alertmanager}", "-evaluationInterval=1s", $"-httpListenAddr=127.0.0.1:{port}"], dir);
        var url = $"http://127.0.0.1:{port}";
        await p.WaitForHttpOkAsync(url + "/health", TimeSpan.FromSeconds(60));
        return (p, url);
    }
}
