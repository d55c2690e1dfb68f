using System.Globalization;
using System.Text;
using DualHub.Cli.Supervision;
using DualHub.Nats.Supervision;

namespace DualHub.Cli.Up;

/// <summary>The status table of <c>dualhub up</c>: one row per child.</summary>
internal static class StatusTable
{
    public static string Render(IEnumerable<(SupervisedChild Child, bool Healthy)> rows)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"NAME",-22} {"KIND",-6} {"STATE",-10} {"HEALTH",-8} {"PID",-8} {"RESTARTS",-8} URL");
        foreach (var (child, healthy) in rows)
        {
            var url = child.Spec.HealthUrl is { } u ? $"{u.Scheme}://{u.Authority}" : "-";
            sb.AppendLine(CultureInfo.InvariantCulture, $"{child.Spec.Name,-22} {child.Spec.Kind,-6} {child.Process.State,-10} {(healthy ? "healthy" : "DOWN"),-8} {child.Process.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "-",-8} {child.Process.Restarts,-8} {url}");
        }

        return sb.ToString();
    }

    public static string RenderNats(INatsDeployment? deployment)
    {
        if (deployment is null)
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        foreach (var server in deployment.Servers.Values)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"{"nats-" + server.Node.Name,-22} {"nats",-6} {(server.IsRunning ? "Running" : "Stopped"),-10} {"-",-8} {server.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "-",-8} {"-",-8} {server.ClientUrl} (monitoring {server.MonitorUrl})");
        }

        return sb.ToString();
    }
}
