using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DualHub.Client.Health;

/// <summary>
/// ASP.NET Core / generic-host health check of an agent: Healthy on the primary with an empty spool, Degraded on a
/// fallback or with batches spooled, Unhealthy when no hub accepts. Register with
/// <see cref="HealthChecksBuilderExtensions"/> (or <c>services.AddDualHubAgent(...)</c>).
/// </summary>
internal sealed class DualHubAgentHealthCheck(IDualHubAgent agent) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var report = agent.GetHealth();
        var s = report.Stats;
        var data = new Dictionary<string, object>
        {
            ["agent"] = report.Agent,
            ["node"] = report.Node,
            ["active_hub"] = s.ActiveHub,
            ["sequence"] = s.Sequence,
            ["last_push_sequence"] = s.LastAcceptedSequence,
            ["spool_batches"] = s.SpoolBatches,
            ["failovers"] = s.Failovers,
        };
        foreach (var h in report.Hubs)
        {
            data["hub_" + h.Name] = h.State.ToString();
        }

        var description = $"agent {report.Agent} on {report.Node}: active hub {s.ActiveHub}, {s.SpoolBatches} batches spooled";
        var result = report.Status switch
        {
            AgentHealthStatus.Healthy => HealthCheckResult.Healthy(description, data),
            AgentHealthStatus.Degraded => HealthCheckResult.Degraded(description, null, data),
            _ => new HealthCheckResult(context?.Registration.FailureStatus ?? HealthStatus.Unhealthy, description, null, data),
        };
        return Task.FromResult(result);
    }
}
