using DualHub.Nats.Topology;

namespace DualHub.Cli.Validate;

/// <summary>
/// A topology file (<c>nats:</c> section): the loader (unknown keys are errors) and <see cref="NatsTopologyValidator"/>,
/// whose warnings include the plan's trap, a 2-node cluster with R2 streams that survives the loss of neither node.
/// </summary>
internal static class TopologyFileValidator
{
    public static void Validate(FileReport report)
    {
        report.Kind = "topology";
        NatsTopologyOptions options;
        try
        {
            options = NatsTopologyLoader.Parse(report.Text, report.File);
        }
        catch (NatsTopologyException ex)
        {
            report.AddMessage(FindingSeverity.Error, ex.Message);
            return;
        }

        var lines = NatsTopologyLoader.KeyLines(report.Text);
        foreach (var issue in NatsTopologyValidator.Validate(options))
        {
            var severity = issue.Severity == NatsIssueSeverity.Error ? FindingSeverity.Error : FindingSeverity.Warning;
            report.Findings.Add(new ConfigFinding(severity, report.File, NatsTopologyLoader.LineOf(lines, issue.Key), $"{issue.Key}: {issue.Message}"));
        }

        report.Topology = options;
        for (var i = 0; i < options.Nodes.Count; i++)
        {
            var n = options.Nodes[i];
            var key = $"nats.nodes[{i}]";
            var line = NatsTopologyLoader.LineOf(lines, key);
            var host = PortClaim.NormalizeHost(n.Host);
            report.Claims.Add(new PortClaim(report.File, line, host, n.ClientPort, $"nats {n.Name} client_port"));
            report.Claims.Add(new PortClaim(report.File, line, host, n.MonitorPort, $"nats {n.Name} monitor_port"));
            if (options.Topology is NatsTopologyKind.Cluster or NatsTopologyKind.Plan)
            {
                report.Claims.Add(new PortClaim(report.File, line, host, n.ClusterPort != 0 ? n.ClusterPort : n.ClientPort + 2000, $"nats {n.Name} cluster_port"));
            }
            else if (options.IsLeafHub(n))
            {
                var leafHost = PortClaim.NormalizeHost(string.IsNullOrEmpty(n.LeafHost) ? n.Host : n.LeafHost);
                report.Claims.Add(new PortClaim(report.File, line, leafHost, n.LeafPort != 0 ? n.LeafPort : n.ClientPort + 3200, $"nats {n.Name} leaf_port"));
            }
        }
    }
}
