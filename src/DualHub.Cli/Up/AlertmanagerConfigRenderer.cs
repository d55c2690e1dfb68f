using System.Globalization;
using System.Text;

namespace DualHub.Cli.Up;

/// <summary>
/// Alertmanager's config for <c>up</c> and <c>render</c>: every alert, grouped by alertname and severity, goes to
/// CentralHub's webhook (<see cref="WebhookPath"/>), firing and resolved, which publishes it to the NATS alerts stream
/// by severity.
/// </summary>
internal static class AlertmanagerConfigRenderer
{
    public const string WebhookPath = "/api/v1/alerts/webhook";

    /// <summary>The config; with <paramref name="secure"/> the webhook presents its client certificate and basic auth (CentralHub is https).</summary>
    public static string Render(Uri central, SecureMaterial? secure = null)
    {
        ArgumentNullException.ThrowIfNull(central);
        var webhook = new Uri(central, WebhookPath);
        var sb = new StringBuilder();
        sb.Append("# Alertmanager for DualHub: rendered by dualhub\n");
        sb.Append("route:\n");
        sb.Append("  receiver: dualhub\n");
        sb.Append("  group_by: [alertname, severity]\n");
        // Short waits: CentralHub republishes each alert on NATS at once; grouping here only batches the webhook calls.
        sb.Append("  group_wait: 10s\n");
        sb.Append("  group_interval: 30s\n");
        sb.Append("  repeat_interval: 4h\n");
        sb.Append("receivers:\n");
        sb.Append("  - name: dualhub\n");
        sb.Append("    webhook_configs:\n");
        sb.Append(CultureInfo.InvariantCulture, $"      - url: {YamlText.Quote(webhook.AbsoluteUri)}\n");
        sb.Append("        send_resolved: true\n");
        if (secure is not null)
        {
            sb.Append(SecureConfigs.AlertmanagerHttpConfig(secure, "        "));
        }

        return sb.ToString();
    }
}
