using System.Globalization;
using DualHub.Core.Security;
using DualHub.Core.Yaml;
using DualHub.Nats.Messaging;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DualHub.Client.Options;

/// <summary>
/// Reads the plan's agent YAML (see docs/client.md) into <see cref="AgentOptions"/>, validated (their
/// <see cref="AgentOptions.Validate"/> gives the resolved values); errors name file, line and key.
/// </summary>
public static class AgentConfigLoader
{
    /// <summary>Environment variable that overrides the primary hub URL.</summary>
    public const string HubUrlVariable = "OBS_HUB_URL";

    /// <summary>Largest config file read (a config is a few hundred bytes).</summary>
    public const int MaxConfigBytes = 1 << 20;

    private static readonly string[] CommonKeys =
    [
        "agent", "hub_endpoints", "failover_config", "push_interval", "push_timeout", "nats", "nats_url",
        "health_subject", "metrics_subject", "spool", "health_port", "health_host", "tls_config", "basic_auth",
        "web_config_file",
    ];

    private static readonly string[] FailoverKeys =
    [
        "health_check_interval", "max_retries", "failover_threshold", "recovery_timeout", "push_timeout",
        "retry_backoff", "recovery_backoff", "backoff_multiplier", "recovery_successes", "adaptive_timeout",
        "push_timeout_min", "push_timeout_max", "push_timeout_factor", "push_timeout_percentile", "latency_window",
        "latency_min_samples",
    ];

    /// <summary>Loads <paramref name="path"/>; <paramref name="agentSections"/> are the extra top-level keys the agent reads itself.</summary>
    public static AgentOptions Load(string path, IEnumerable<string>? agentSections = null, Func<string, string?>? environment = null)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new AgentConfigException(string.Empty, $"{path}: config file not found");
        }

        if (info.Length > MaxConfigBytes)
        {
            throw new AgentConfigException(string.Empty, $"{path}: config file is larger than {MaxConfigBytes} bytes");
        }

        return Parse(File.ReadAllText(path), path, agentSections, environment);
    }

    /// <summary>Parses YAML text; <paramref name="source"/> names it in errors.</summary>
    public static AgentOptions Parse(string yaml, string source = "config", IEnumerable<string>? agentSections = null, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        YamlStream stream;
        try
        {
            stream = YamlDocuments.Load(yaml);
        }
        catch (YamlException ex)
        {
            throw new AgentConfigException(string.Empty, $"{source}:{ex.Start.Line.ToString(CultureInfo.InvariantCulture)}: invalid YAML: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these, without a position, for some malformed documents (e.g. a bad %TAG directive).
            throw new AgentConfigException(string.Empty, $"{source}: invalid YAML: {ex.Message}", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode rootNode)
        {
            throw new AgentConfigException(string.Empty, $"{source}: the config must be a YAML mapping with at least 'agent' and 'hub_endpoints'");
        }

        var root = new ConfigSection(rootNode, string.Empty, source);
        root.RejectUnknown([.. CommonKeys, .. agentSections ?? []]);
        var o = new AgentOptions { Config = root };

        var agent = root.GetSection("agent") ?? throw root.Missing("agent");
        agent.RejectUnknown("name", "node");
        o.Agent.Name = agent.GetRequiredString("name");
        o.Agent.Node = agent.GetString("node") ?? o.Agent.Node;

        ReadHubs(root, o);
        var overrideUrl = environment(HubUrlVariable);
        if (!string.IsNullOrWhiteSpace(overrideUrl))
        {
            if (!Uri.TryCreate(overrideUrl.Trim(), UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps))
            {
                throw new AgentConfigException(HubUrlVariable, $"{HubUrlVariable}: '{overrideUrl}' is not an absolute http:// or https:// URL");
            }

            if (o.Hubs.Count == 0)
            {
                o.Hubs.Add(new HubEndpoint("primary", u));
            }
            else
            {
                o.Hubs[0] = o.Hubs[0] with { Url = u };
            }
        }

        o.PushInterval = root.GetDuration("push_interval") ?? o.PushInterval;
        var f = o.Failover;
        f.PushTimeout = root.GetDuration("push_timeout") ?? f.PushTimeout;
        if (root.GetSection("failover_config") is { } fc)
        {
            fc.RejectUnknown(FailoverKeys);
            f.HealthCheckInterval = fc.GetDuration("health_check_interval") ?? f.HealthCheckInterval;
            f.MaxRetries = (int?)fc.GetInt("max_retries", 1, 100) ?? f.MaxRetries;
            f.FailoverThreshold = (int?)fc.GetInt("failover_threshold", 1, 100) ?? f.FailoverThreshold;
            f.RecoveryTimeout = fc.GetDuration("recovery_timeout") ?? f.RecoveryTimeout;
            f.PushTimeout = fc.GetDuration("push_timeout") ?? f.PushTimeout;
            f.RetryBackoff = fc.GetDuration("retry_backoff") ?? f.RetryBackoff;
            f.AdaptiveTimeout = fc.GetBool("adaptive_timeout") ?? f.AdaptiveTimeout;
            f.PushTimeoutMin = fc.GetDuration("push_timeout_min") ?? f.PushTimeoutMin;
            f.PushTimeoutMax = fc.GetDuration("push_timeout_max") ?? f.PushTimeoutMax;
            f.PushTimeoutFactor = fc.GetDouble("push_timeout_factor", 1, 100) ?? f.PushTimeoutFactor;
            f.PushTimeoutPercentile = fc.GetDouble("push_timeout_percentile", 50, 100) ?? f.PushTimeoutPercentile;
            f.LatencyWindow = (int?)fc.GetInt("latency_window", 8, 4096) ?? f.LatencyWindow;
            f.LatencyMinSamples = (int?)fc.GetInt("latency_min_samples", 1, 4096) ?? f.LatencyMinSamples;
            f.RecoveryBackoff = fc.GetDuration("recovery_backoff") ?? f.RecoveryBackoff;
            f.BackoffMultiplier = fc.GetDouble("backoff_multiplier", 1, 100) ?? f.BackoffMultiplier;
            f.RecoverySuccesses = (int?)fc.GetInt("recovery_successes", 1, 100) ?? f.RecoverySuccesses;
        }

        if (root.GetSection("spool") is { } sp)
        {
            sp.RejectUnknown("path", "max_batches", "max_bytes");
            o.Spool.Path = sp.GetString("path") ?? o.Spool.Path;
            o.Spool.MaxBatches = (int?)sp.GetInt("max_batches", 1, int.MaxValue) ?? o.Spool.MaxBatches;
            o.Spool.MaxBytes = sp.GetInt("max_bytes", 1024) ?? o.Spool.MaxBytes;
        }

        o.HealthPort = (int?)root.GetInt("health_port", 0, 65535) ?? o.HealthPort;
        o.HealthHost = root.GetString("health_host") ?? o.HealthHost;
        var directory = Path.GetDirectoryName(Path.GetFullPath(source)) ?? ".";
        o.WebConfigFile = root.GetString("web_config_file") is { } web ? Path.GetFullPath(web, directory) : null;
        ReadClientSecurity(root, o, directory);
        ReadNats(root, o.Nats, directory);
        _ = o.Validate(); // a bad value fails the load, not the agent's start
        return o;
    }

    private static void ReadHubs(ConfigSection root, AgentOptions o)
    {
        var node = root.Find("hub_endpoints") ?? throw root.Missing("hub_endpoints");
        switch (node)
        {
            case YamlMappingNode:
                var map = root.GetSection("hub_endpoints")!;
                var ordered = map.Keys.Where(k => k != "pushgateway")
                    .OrderBy(k => k switch { "primary" => 0, "fallback" => 1, _ => 2 }).ToList();
                foreach (var key in ordered)
                {
                    o.Hubs.Add(new HubEndpoint(key, map.GetRequiredHttpUrl(key)));
                }

                o.Pushgateway = map.GetHttpUrl("pushgateway");
                break;
            case YamlSequenceNode seq:
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    var item = seq.Children[i];
                    var key = $"hub_endpoints[{i.ToString(CultureInfo.InvariantCulture)}]";
                    var defaultName = i switch { 0 => "primary", 1 => "fallback", _ => "hub" + (i + 1).ToString(CultureInfo.InvariantCulture) };
                    if (item is YamlMappingNode m)
                    {
                        var s = root.Nested(m, key);
                        s.RejectUnknown("name", "url");
                        var url = s.Find("url") ?? throw root.Error(item, key + ".url", "is required");
                        o.Hubs.Add(new HubEndpoint(s.GetString("name") ?? defaultName, root.ParseHttpUrl(url, key + ".url")));
                    }
                    else
                    {
                        o.Hubs.Add(new HubEndpoint(defaultName, root.ParseHttpUrl(item, key)));
                    }
                }

                break;
            default:
                throw root.Error(node, "hub_endpoints", "must be a mapping (primary, fallback, pushgateway) or a list of URLs");
        }

        if (o.Hubs.Count == 0)
        {
            throw root.Error(node, "hub_endpoints", "needs at least one hub (primary)");
        }
    }

    /// <summary><c>tls_config</c> and <c>basic_auth</c> with Prometheus' keys; relative file names are taken from the config's directory.</summary>
    private static void ReadClientSecurity(ConfigSection root, AgentOptions o, string directory)
    {
        string? FileKey(ConfigSection s, string key) => s.GetString(key) is { } f ? Path.GetFullPath(f, directory) : null;
        if (root.GetSection("tls_config") is { } tls)
        {
            tls.RejectUnknown("ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify");
            o.TlsConfig = new ClientTlsConfig
            {
                CaFile = FileKey(tls, "ca_file"),
                CertFile = FileKey(tls, "cert_file"),
                KeyFile = FileKey(tls, "key_file"),
                ServerName = tls.GetString("server_name"),
                InsecureSkipVerify = tls.GetBool("insecure_skip_verify") ?? false,
            };
        }

        if (root.GetSection("basic_auth") is { } auth)
        {
            auth.RejectUnknown("username", "password", "password_file");
            o.BasicAuth = new ClientBasicAuth
            {
                Username = auth.GetRequiredString("username"),
                Password = auth.GetString("password"),
                PasswordFile = FileKey(auth, "password_file"),
            };
        }
    }

    private static void ReadNats(ConfigSection root, NatsOptions nats, string directory)
    {
        var n = root.GetSection("nats");
        n?.RejectUnknown("nats_url", "url", "health_subject", "metrics_subject", "enabled", "user", "password", "password_file", "tls_config");
        if (n is not null && (n.GetString("user") is not null || n.GetSection("tls_config") is not null))
        {
            string? FileKey(ConfigSection s, string key) => s.GetString(key) is { } f ? Path.GetFullPath(f, directory) : null;
            var tls = n.GetSection("tls_config");
            tls?.RejectUnknown("ca_file", "cert_file", "key_file", "server_name", "insecure_skip_verify");
            nats.Auth = new NatsClientAuth
            {
                User = n.GetString("user"),
                Password = n.GetString("password"),
                PasswordFile = FileKey(n, "password_file"),
                Tls = tls is null ? null : new ClientTlsConfig
                {
                    CaFile = FileKey(tls, "ca_file"),
                    CertFile = FileKey(tls, "cert_file"),
                    KeyFile = FileKey(tls, "key_file"),
                    ServerName = tls.GetString("server_name"),
                    InsecureSkipVerify = tls.GetBool("insecure_skip_verify") ?? false,
                },
            };
        }

        nats.Enabled = n?.GetBool("enabled") ?? nats.Enabled;
        var url = n?.GetString("nats_url") ?? n?.GetString("url") ?? root.GetString("nats_url");
        foreach (var one in (url ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(one, UriKind.Absolute, out var u))
            {
                throw new AgentConfigException("nats.nats_url", $"nats.nats_url: '{one}' is not a URL");
            }

            nats.Urls.Add(u);
        }

        nats.Url = nats.Urls.Count > 0 ? nats.Urls[0] : nats.Url;

        nats.HealthSubject = n?.GetString("health_subject") ?? root.GetString("health_subject") ?? nats.HealthSubject;
        nats.MetricsSubject = n?.GetString("metrics_subject") ?? root.GetString("metrics_subject") ?? nats.MetricsSubject;
    }
}
