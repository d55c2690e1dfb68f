using System.Globalization;
using System.Text.RegularExpressions;
using DualHub.Metrics.Durations;

namespace DualHub.Nats.Topology;

/// <summary>Checks a topology before anything is rendered or started: errors stop, warnings are printed.</summary>
public static partial class NatsTopologyValidator
{
    /// <summary>All findings, errors first.</summary>
    public static IReadOnlyList<NatsTopologyIssue> Validate(NatsTopologyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var issues = new List<NatsTopologyIssue>();
        void Error(string key, string message) => issues.Add(new(NatsIssueSeverity.Error, key, message));
        void Warn(string key, string message) => issues.Add(new(NatsIssueSeverity.Warning, key, message));

        if (!DurationText.TryParse(options.DuplicateWindow, DurationSyntax.Go, out var dup) || dup <= TimeSpan.Zero)
        {
            Error("nats.duplicate_window", $"'{options.DuplicateWindow}' is not a positive duration (example: 2m)");
        }

        if (!DurationText.TryParse(options.PingInterval, DurationSyntax.Go, out var ping) || ping <= TimeSpan.Zero)
        {
            Error("nats.ping_interval", $"'{options.PingInterval}' is not a positive duration (example: 5s)");
        }
        else if (ping > TimeSpan.FromSeconds(30))
        {
            Warn("nats.ping_interval", $"{options.PingInterval}: a silent peer is noticed only after 2-3 intervals; use a few seconds");
        }

        if (options.LeafReconnectSeconds < 1)
        {
            Error("nats.leaf_reconnect_seconds", "must be a whole number of seconds >= 1 (nats-server 2.9 accepts no unit)");
        }

        if (options.Nodes.Count == 0)
        {
            Error("nats.nodes", "no nodes");
            return Sorted(issues);
        }

        ValidateNodes(options, Error);
        ValidatePorts(options, Error);
        options.Security?.Validate(Error);
        switch (options.Topology)
        {
            case NatsTopologyKind.Leaf:
                ValidateLeaf(options, Error, Warn);
                break;
            case NatsTopologyKind.Cluster:
                if (options.Nodes.Count < 3)
                {
                    Error("nats.nodes", $"a cluster needs 3 or 5 nodes, got {options.Nodes.Count}; for 2 machines use topology: leaf");
                }
                else if (options.Nodes.Count % 2 == 0)
                {
                    Warn("nats.nodes", $"{options.Nodes.Count} nodes tolerate no more failures than {options.Nodes.Count - 1}; use 3 or 5");
                }

                RequireClusterName(options, Error);
                break;
            case NatsTopologyKind.Plan:
                if (options.Nodes.Count != 2)
                {
                    Error("nats.nodes", $"the plan topology is the 2-node resilience-cluster, got {options.Nodes.Count} nodes");
                }

                RequireClusterName(options, Error);
                Warn("nats.topology", "plan: a 2-node JetStream cluster with R2 streams survives the loss of NEITHER node "
                    + "(quorum is 2 of 2): with one node down, stream publishes and the JetStream API fail (no meta leader). "
                    + "Use topology: leaf for 2 machines.");
                break;
            default:
                Error("nats.topology", $"unknown topology '{options.Topology}' (leaf | cluster | plan)");
                break;
        }

        return Sorted(issues);
    }

    /// <summary>Throws <see cref="NatsTopologyException"/> listing every error; returns the warnings.</summary>
    public static IReadOnlyList<NatsTopologyIssue> ThrowIfInvalid(NatsTopologyOptions options)
    {
        var issues = Validate(options);
        var errors = issues.Where(i => i.Severity == NatsIssueSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new NatsTopologyException("invalid NATS topology:\n  " + string.Join("\n  ", errors));
        }

        return issues;
    }

    private static void ValidateNodes(NatsTopologyOptions options, Action<string, string> error)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var stores = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Nodes.Count; i++)
        {
            var n = options.Nodes[i];
            var key = Key(i);
            if (string.IsNullOrEmpty(n.Name) || !NamePattern().IsMatch(n.Name))
            {
                error(key + ".name", $"'{n.Name}' must be 1-32 letters, digits, '-' or '_' (it is the server name, a subject token and the JetStream domain)");
            }
            else if (!names.Add(n.Name))
            {
                error(key + ".name", $"duplicate node name '{n.Name}'");
            }

            if (string.IsNullOrWhiteSpace(n.Host) || n.Host.Any(c => char.IsWhiteSpace(c) || c is '"' or '\\'))
            {
                error(key + ".host", $"'{n.Host}' is not a host name or address");
            }

            if (string.IsNullOrWhiteSpace(n.StoreDir))
            {
                error(key + ".store_dir", "required (JetStream file storage)");
            }
            else if (n.StoreDir.Contains('"', StringComparison.Ordinal) || n.StoreDir.Contains('\n', StringComparison.Ordinal))
            {
                error(key + ".store_dir", "must not contain quotes or newlines");
            }
            else if (!stores.Add(Path.GetFullPath(n.StoreDir)))
            {
                error(key + ".store_dir", $"'{n.StoreDir}' is used by another node; every server needs its own store");
            }
        }
    }

    private static void ValidatePorts(NatsTopologyOptions options, Action<string, string> error)
    {
        var used = new Dictionary<(string Host, int Port), string>();
        for (var i = 0; i < options.Nodes.Count; i++)
        {
            var n = options.Nodes[i];
            foreach (var (what, port) in PortsOf(options, n))
            {
                var bind = what == "leaf_port" ? n.EffectiveLeafHost : n.Host;
                var key = $"{Key(i)}.{what}";
                if (port is < 1 or > 65535)
                {
                    error(key, $"{port.ToString(CultureInfo.InvariantCulture)} is not a TCP port (1-65535)");
                    continue;
                }

                var host = bind is "0.0.0.0" or "::" or "*" ? "*" : bind;
                var clash = used.FirstOrDefault(u => u.Key.Port == port && (u.Key.Host == host || u.Key.Host == "*" || host == "*"));
                if (clash.Value is not null)
                {
                    error(key, $"port {port.ToString(CultureInfo.InvariantCulture)} on {bind} clashes with {clash.Value}");
                }
                else
                {
                    used[(host, port)] = key;
                }
            }
        }
    }

    private static IEnumerable<(string What, int Port)> PortsOf(NatsTopologyOptions options, NatsNodeOptions n)
    {
        yield return ("client_port", n.ClientPort);
        yield return ("monitor_port", n.MonitorPort);
        if (options.Topology is NatsTopologyKind.Cluster or NatsTopologyKind.Plan)
        {
            yield return ("cluster_port", n.EffectiveClusterPort);
        }
        else if (options.IsLeafHub(n))
        {
            yield return ("leaf_port", n.EffectiveLeafPort);
        }
    }

    private static void ValidateLeaf(NatsTopologyOptions options, Action<string, string> error, Action<string, string> warn)
    {
        if (options.Nodes.Count == 1)
        {
            warn("nats.nodes", "a single node: no second machine to buffer for or source from");
        }

        for (var i = 0; i < options.Nodes.Count; i++)
        {
            var n = options.Nodes[i];
            if (string.IsNullOrEmpty(n.LeafHub))
            {
                continue;
            }

            var hub = options.Find(n.LeafHub);
            if (hub is null)
            {
                error(Key(i) + ".leaf_hub", $"no node named '{n.LeafHub}'");
            }
            else if (ReferenceEquals(hub, n))
            {
                error(Key(i) + ".leaf_hub", "a node cannot be its own leaf hub");
            }
            else if (options.LeafHubOf(hub) is not null)
            {
                error(Key(i) + ".leaf_hub", $"'{hub.Name}' is itself a leaf of another node; only one level of leafnodes is supported");
            }
        }
    }

    private static void RequireClusterName(NatsTopologyOptions options, Action<string, string> error)
    {
        if (string.IsNullOrEmpty(options.ClusterName) || !NamePattern().IsMatch(options.ClusterName))
        {
            error("nats.cluster_name", $"'{options.ClusterName}' must be 1-32 letters, digits, '-' or '_'");
        }
    }

    private static string Key(int i) => $"nats.nodes[{i.ToString(CultureInfo.InvariantCulture)}]";

    private static List<NatsTopologyIssue> Sorted(List<NatsTopologyIssue> issues) =>
        [.. issues.OrderByDescending(i => i.Severity)];

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex NamePattern();
}
