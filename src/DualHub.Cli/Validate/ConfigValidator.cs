using DualHub.Core.Yaml;
using DualHub.Nats.Topology;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DualHub.Cli.Validate;

/// <summary>
/// <c>dualhub validate FILE...</c>: each file by its kind (hub config, agent config, topology, rule file, rule unit tests;
/// told apart by their top-level keys), then across the files: ports two of them would listen on, and NATS URLs no node of the topology serves.
/// </summary>
internal static class ConfigValidator
{
    /// <summary>Largest file read (configs are a few KB).</summary>
    public const long MaxFileBytes = 1 << 20;

    private const string NatsConf = "nats-server config";

    private static readonly string[] HubKeys = ["role", "listen", "data_dir", "global", "scrape_configs", "remote_write", "sample_journal", "journal", "limits", "auth", "ttl"];

    public static async Task<IReadOnlyList<FileReport>> ValidateAsync(IEnumerable<string> paths, CancellationToken ct)
    {
        var reports = new List<FileReport>();
        foreach (var path in paths)
        {
            var report = ValidateFile(path);
            if (report.Kind == NatsConf)
            {
                await NatsConfFileValidator.ValidateAsync(report, ct);
            }
            else if (report.Kind == RuleFileValidator.Kind && !report.Findings.Any(f => f.Severity == FindingSeverity.Error))
            {
                await RuleExpressionChecker.CheckAsync(report, ct);
            }

            reports.Add(report);
        }

        CrossCheck(reports);
        return reports;
    }

    /// <summary>
    /// A folder stands for its *.yml, *.yaml and *.conf files (recursively, sorted) except compose files, which are
    /// docker-compose's (<c>dualhub render</c> writes one per machine); anything else for itself.
    /// </summary>
    public static IEnumerable<string> Expand(string path) => Directory.Exists(path)
        ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".conf", StringComparison.Ordinal))
            .Where(f => !ComposeFileNames.Contains(Path.GetFileName(f)))
            .Order(StringComparer.Ordinal)
        : [path];

    private static readonly HashSet<string> ComposeFileNames = new(StringComparer.Ordinal)
    {
        "docker-compose.yml", "docker-compose.yaml", "compose.yml", "compose.yaml",
    };

    public static FileReport ValidateFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return Failed(path, "file not found");
        }

        if (info.Length > MaxFileBytes)
        {
            return Failed(path, $"larger than {MaxFileBytes} bytes; not a config file");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed(path, "cannot read: " + ex.Message);
        }

        return ValidateText(path, text);
    }

    public static FileReport ValidateText(string path, string text)
    {
        var report = new FileReport(path, text);
        if (path.EndsWith(".conf", StringComparison.Ordinal))
        {
            // Checked by nats-server itself (a process), in ValidateAsync.
            report.Kind = NatsConf;
            return report;
        }

        YamlMappingNode? root;
        try
        {
            var stream = YamlDocuments.Load(text);
            root = stream.Documents.Count > 0 ? stream.Documents[0].RootNode as YamlMappingNode : null;
        }
        catch (YamlException ex)
        {
            report.Findings.Add(new ConfigFinding(FindingSeverity.Error, path, ex.Start.Line, "invalid YAML: " + ex.Message));
            return report;
        }

        if (root is null)
        {
            report.Findings.Add(new ConfigFinding(FindingSeverity.Error, path, 1, "not a YAML mapping: expected a hub config, an agent config or a topology"));
            return report;
        }

        var keys = root.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty).ToHashSet(StringComparer.Ordinal);
        if (keys.Contains("groups"))
        {
            RuleFileValidator.Validate(report, root);
        }
        else if (keys.Contains("rule_files") && keys.Contains("tests"))
        {
            RuleTestFileValidator.Validate(report, root);
        }
        else if (keys.Contains("agent") || keys.Contains("hub_endpoints"))
        {
            AgentFileValidator.Validate(report, keys);
        }
        else if (keys.Contains("nats") && root.Children[new YamlScalarNode("nats")] is YamlMappingNode nats && nats.Children.ContainsKey(new YamlScalarNode("nodes")))
        {
            TopologyFileValidator.Validate(report);
        }
        else if (keys.Contains("nodes") && keys.Contains("topology"))
        {
            TopologyFileValidator.Validate(report);
        }
        else if (keys.Overlaps(HubKeys) || keys.Contains("nats"))
        {
            HubFileValidator.Validate(report);
        }
        else if (keys.Contains("route") && keys.Contains("receivers"))
        {
            // Rendered for Alertmanager, which checks it itself when it starts (amtool check-config before that).
            report.Kind = "alertmanager config";
        }
        else if (keys.Contains("apiVersion") && (keys.Contains("datasources") || keys.Contains("providers")))
        {
            // Grafana provisioning (deploy/grafana/), which Grafana checks itself when it loads it.
            report.Kind = "grafana provisioning";
        }
        else
        {
            report.Findings.Add(new ConfigFinding(FindingSeverity.Error, path, 1,
                $"cannot tell what this file is (top-level keys: {string.Join(", ", keys)}): a hub config has role/listen/scrape_configs/remote_write, an agent config agent/hub_endpoints, a topology nats.nodes, a rule file groups"));
        }

        return report;
    }

    /// <summary>Port clashes between files (a topology's own clashes are its validator's), and NATS URLs against the topology.</summary>
    internal static void CrossCheck(IReadOnlyList<FileReport> reports)
    {
        var claims = reports.SelectMany(r => r.Claims).ToList();
        for (var i = 0; i < claims.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var (a, b) = (claims[j], claims[i]);
                var (ra, rb) = (reports.First(r => r.File == a.File), reports.First(r => r.File == b.File));

                // One topology, or copies of one (`render` puts the same topology.yaml on every machine).
                var sameTopology = ra.Topology is not null && rb.Topology is not null && (a.File == b.File || string.Equals(ra.Text, rb.Text, StringComparison.Ordinal));
                if (a.ClashesWith(b) && !sameTopology)
                {
                    rb.Findings.Add(new ConfigFinding(FindingSeverity.Error, b.File, b.Line,
                        $"port clash: {b.Owner} on {Show(b)} is also {a.Owner} ({a.File}:{a.Line})"));
                }
            }
        }

        var topologies = reports.Where(r => r.Topology is not null).ToList();
        if (topologies.Count == 0)
        {
            return;
        }

        var nodes = topologies.SelectMany(t => t.Topology!.Nodes.Select(n => (Node: n, t.File))).ToList();
        foreach (var report in reports)
        {
            foreach (var n in report.NatsReferences)
            {
                var match = nodes.Any(x => x.Node.ClientPort == n.Port && (PortClaim.NormalizeHost(x.Node.Host) == "*" || SameHost(x.Node.Host, n.Host)));
                if (!match)
                {
                    report.Findings.Add(new ConfigFinding(FindingSeverity.Warning, n.File, n.Line,
                        $"{n.Owner}: {n.Host}:{n.Port} is no node's client port in {string.Join(", ", topologies.Select(t => t.File))} ({string.Join(", ", nodes.Select(x => $"{x.Node.Name} {x.Node.Host}:{x.Node.ClientPort}"))})"));
                }
            }
        }
    }

    private static bool SameHost(string a, string b) =>
        string.Equals(a, b, StringComparison.OrdinalIgnoreCase) || (IsLoopback(a) && IsLoopback(b));

    private static bool IsLoopback(string host) => host is "127.0.0.1" or "localhost" or "::1" or "[::1]";

    private static string Show(PortClaim c) => (c.Host == "*" ? "*" : c.Host) + ":" + c.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static FileReport Failed(string path, string message)
    {
        var r = new FileReport(path, string.Empty);
        r.Findings.Add(new ConfigFinding(FindingSeverity.Error, path, 0, message));
        return r;
    }
}
