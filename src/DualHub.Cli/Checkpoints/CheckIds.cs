using System.Text;

namespace DualHub.Cli.Checkpoints;

/// <summary>Ids of the checkpoints of <c>up --check</c>; the completion report maps the plan's criteria to them.</summary>
internal static class CheckIds
{
    public const string HubReady = "hub-ready";
    public const string PushRoundTrip = "push-roundtrip";
    public const string HubResponseTime = "hub-response-time";
    public const string AgentsPushing = "agents-pushing";
    public const string ForwardingLag = "forwarding-lag";
    public const string NatsMetricsPath = "nats-metrics-path";
    public const string PromQlRate = "promql-rate";
    public const string StoreOutage = "store-outage";
    public const string AlertDrill = "alert-drill";
    public const string PushgatewaysScraped = "pushgateways-scraped";
    public const string NatsHealthz = "nats-healthz";
    public const string ClusterHealth = "cluster-health";
    public const string FailoverCrash = "failover-crash";
    public const string FailoverHang = "failover-hang";
    public const string OutageForwarding = "central-outage-forwarding";
    public const string OutageLoss = "central-outage-loss";
    public const string NatsStreams = "nats-streams";
    public const string NatsLatency = "nats-latency";
    public const string NatsNodeTest = "nats-node-test";
    public const string NatsPersistence = "nats-persistence";
    public const string RollbackDrill = "rollback-drill";
    public const string ResourceOverhead = "resource-overhead";
    public const string SoakAvailability = "soak-availability";
    public const string SoakDelivery = "soak-delivery";
    public const string SoakResponse = "soak-response";
    public const string SoakGrowth = "soak-growth";
    public const string SoakStability = "soak-stability";

    /// <summary><c>kind:subject</c>, e.g. <c>hub-ready:edge-hub</c>.</summary>
    public static string Of(string kind, string subject) => kind + ":" + subject;

    /// <summary>A fallback id for a check that was given none: its name in lower case, runs of other characters as '-'.</summary>
    public static string FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or ':')
            {
                sb.Append(char.ToLowerInvariant(c));
            }
            else if (sb.Length > 0 && sb[^1] is not ('-' or ':'))
            {
                sb.Append('-');
            }
        }

        return sb.ToString().TrimEnd('-');
    }

    /// <summary>True when <paramref name="id"/> is <paramref name="kind"/> itself or <c>kind:...</c>.</summary>
    public static bool IsKind(string id, string kind) =>
        id == kind || (id.StartsWith(kind, StringComparison.Ordinal) && id.Length > kind.Length && id[kind.Length] == ':');
}
