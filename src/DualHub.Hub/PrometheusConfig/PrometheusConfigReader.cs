using System.Globalization;
using DualHub.Core.Security;
using DualHub.Core.Yaml;
using DualHub.Metrics.Durations;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DualHub.Hub.PrometheusConfig;

/// <summary>
/// Reads the Prometheus-style sections from a YAML document node by node, so every unknown or removed key
/// becomes a warning with its line instead of a crash, and every bad value an error naming file, line and key.
/// </summary>
public sealed partial class PrometheusConfigReader
{
    private static readonly HashSet<string> IgnoredTopLevel = new(StringComparer.Ordinal)
    {
        "rule_files", "alerting", "remote_read", "storage", "tracing",
    };

    private static readonly HashSet<string> IgnoredQueueKeys = new(StringComparer.Ordinal)
    {
        "capacity", "max_shards", "min_shards", "sample_age_limit",
    };

    private readonly string _file;
    private readonly List<ScrapeConfig> _scrapeConfigs = [];
    private readonly List<RemoteWriteConfig> _remoteWrite = [];
    private readonly List<ConfigWarning> _warnings = [];
    private GlobalConfig _global = new();
    private SampleJournal.SampleLogOptions _sampleJournal = new();

    private PrometheusConfigReader(string file)
    {
        _file = file;
    }

    /// <summary>Reads <paramref name="path"/>; keys in <paramref name="hostKeys"/> belong to the hub config and are skipped silently.</summary>
    public static PrometheusConfiguration ReadFile(string path, IReadOnlySet<string>? hostKeys = null)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PrometheusConfigException($"{path}: cannot read: {ex.Message}", ex);
        }

        return Read(text, path, hostKeys);
    }

    public static PrometheusConfiguration Read(string yaml, string file, IReadOnlySet<string>? hostKeys = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        YamlStream stream;
        try
        {
            stream = YamlDocuments.Load(yaml);
        }
        catch (YamlException ex)
        {
            throw new PrometheusConfigException($"{file}:{ex.Start.Line}:{ex.Start.Column}: invalid YAML: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these, without a position, for some malformed documents (e.g. a bad %TAG directive).
            throw new PrometheusConfigException($"{file}: invalid YAML: {ex.Message}", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return new PrometheusConfiguration();
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new PrometheusConfigException($"{file}:{stream.Documents[0].RootNode.Start.Line}: the top level must be a mapping");
        }

        return Read(root, file, hostKeys);
    }

    public static PrometheusConfiguration Read(YamlMappingNode root, string file, IReadOnlySet<string>? hostKeys = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        var r = new PrometheusConfigReader(file);
        r.ReadRoot(root, hostKeys);
        return new PrometheusConfiguration
        {
            Global = r._global,
            ScrapeConfigs = r._scrapeConfigs,
            RemoteWrite = r._remoteWrite,
            SampleJournal = r._sampleJournal,
            Warnings = r._warnings,
        };
    }

    private void ReadRoot(YamlMappingNode root, IReadOnlySet<string>? hostKeys)
    {
        foreach (var (keyNode, value) in root.Children)
        {
            var key = KeyOf(keyNode);
            switch (key)
            {
                case "global":
                    ReadGlobal(Mapping(value, key));
                    break;
                case "scrape_configs":
                    foreach (var item in Sequence(value, key))
                    {
                        _scrapeConfigs.Add(ReadScrape(Mapping(item, "scrape_configs[]")));
                    }

                    break;
                case "remote_write":
                    foreach (var item in Sequence(value, key))
                    {
                        _remoteWrite.Add(ReadRemoteWrite(Mapping(item, "remote_write[]")));
                    }

                    break;
                case "sample_journal":
                    ReadSampleJournal(Mapping(value, key));
                    break;
                default:
                    if (hostKeys?.Contains(key) == true)
                    {
                        break;
                    }

                    Warn(keyNode, IgnoredTopLevel.Contains(key) ? $"'{key}' is not used by DualHub; ignored" : $"unknown key '{key}'; ignored");
                    break;
            }
        }

        CheckUnique();
    }

    private void CheckUnique()
    {
        var jobs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in _scrapeConfigs)
        {
            if (!jobs.Add(job.JobName))
            {
                throw new PrometheusConfigException($"{_file}: scrape_configs: job_name '{job.JobName}' is used twice");
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rw in _remoteWrite)
        {
            if (!names.Add(rw.Name))
            {
                throw new PrometheusConfigException($"{_file}: remote_write: name '{rw.Name}' is used twice");
            }
        }
    }

    private void ReadGlobal(YamlMappingNode node)
    {
        var g = _global;
        foreach (var (keyNode, value) in node.Children)
        {
            var key = KeyOf(keyNode);
            switch (key)
            {
                case "scrape_interval":
                    g = g with { ScrapeInterval = Duration(value, "global.scrape_interval", positive: true) };
                    break;
                case "scrape_timeout":
                    g = g with { ScrapeTimeout = Duration(value, "global.scrape_timeout", positive: true) };
                    break;
                case "external_labels":
                    g = g with { ExternalLabels = ReadLabels(value, "global.external_labels", g.ExternalLabels) };
                    break;
                case "evaluation_interval" or "query_log_file" or "body_size_limit" or "sample_limit" or "label_limit"
                    or "label_name_length_limit" or "label_value_length_limit" or "target_limit":
                    Warn(keyNode, $"'global.{key}' is not used by DualHub; ignored");
                    break;
                default:
                    Warn(keyNode, $"unknown key 'global.{key}'; ignored");
                    break;
            }
        }

        if (g.ScrapeTimeout > g.ScrapeInterval)
        {
            throw Error(node, "global.scrape_timeout", $"{g.ScrapeTimeout} is greater than global.scrape_interval {g.ScrapeInterval}");
        }

        _global = g;
    }

    private ScrapeConfig ReadScrape(YamlMappingNode node)
    {
        var job = new ScrapeConfig();
        var parameters = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var statics = new List<StaticConfig>();
        foreach (var (keyNode, value) in node.Children)
        {
            var key = KeyOf(keyNode);
            var path = $"scrape_configs.{key}";
            switch (key)
            {
                case "job_name":
                    job = job with { JobName = Scalar(value, path) };
                    break;
                case "scrape_interval":
                    job = job with { ScrapeInterval = Duration(value, path, positive: true) };
                    break;
                case "scrape_timeout":
                    job = job with { ScrapeTimeout = Duration(value, path, positive: true) };
                    break;
                case "metrics_path":
                    job = job with { MetricsPath = Scalar(value, path) };
                    if (!job.MetricsPath.StartsWith('/'))
                    {
                        throw Error(value, path, "must start with '/'");
                    }

                    break;
                case "scheme":
                    job = job with { Scheme = Scalar(value, path) };
                    if (job.Scheme is not ("http" or "https"))
                    {
                        throw Error(value, path, $"'{job.Scheme}' is not http or https");
                    }

                    break;
                case "params":
                    foreach (var (pk, pv) in Mapping(value, path).Children)
                    {
                        var list = new List<string>();
                        foreach (var item in Sequence(pv, $"{path}.{KeyOf(pk)}"))
                        {
                            list.Add(Scalar(item, $"{path}.{KeyOf(pk)}[]"));
                        }

                        parameters[KeyOf(pk)] = list;
                    }

                    break;
                case "honor_labels":
                    job = job with { HonorLabels = Bool(value, path) };
                    break;
                case "honor_timestamps":
                    job = job with { HonorTimestamps = Bool(value, path) };
                    break;
                case "basic_auth":
                    job = job with { BasicAuth = ReadBasicAuth(Mapping(value, path), path) };
                    break;
                case "tls_config":
                    job = job with { TlsConfig = ReadTlsConfig(Mapping(value, path), path) };
                    break;
                case "bearer_token":
                    job = job with { BearerToken = Scalar(value, path) };
                    break;
                case "bearer_token_file":
                    job = job with { BearerTokenFile = Scalar(value, path) };
                    break;
                case "authorization":
                    job = job with { BearerToken = ReadAuthorization(Mapping(value, path), path) };
                    break;
                case "static_configs":
                    foreach (var item in Sequence(value, path))
                    {
                        statics.Add(ReadStatic(Mapping(item, path + "[]")));
                    }

                    break;
                case "relabel_configs":
                    job = job with { RelabelConfigs = ReadRelabelConfigs(value, path) };
                    break;
                case "metric_relabel_configs":
                    job = job with { MetricRelabelConfigs = ReadRelabelConfigs(value, path) };
                    break;
                default:
                    Warn(keyNode, $"'{path}' is not supported by DualHub; ignored");
                    break;
            }
        }

        if (string.IsNullOrEmpty(job.JobName))
        {
            throw Error(node, "scrape_configs.job_name", "is required");
        }

        if (job.ScrapeTimeout is { } t && t > (job.ScrapeInterval ?? _global.ScrapeInterval))
        {
            throw Error(node, $"scrape_configs[{job.JobName}].scrape_timeout", "is greater than the scrape interval");
        }

        return job with { Params = parameters, StaticConfigs = statics };
    }

    private StaticConfig ReadStatic(YamlMappingNode node)
    {
        var targets = new List<string>();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in node.Children)
        {
            var key = KeyOf(keyNode);
            switch (key)
            {
                case "targets":
                    foreach (var item in Sequence(value, "static_configs.targets"))
                    {
                        var target = Scalar(item, "static_configs.targets[]");
                        if (!IsHostPort(target))
                        {
                            throw Error(item, "static_configs.targets[]", $"'{target}' is not host:port");
                        }

                        targets.Add(target);
                    }

                    break;
                case "labels":
                    labels = ReadLabels(value, "static_configs.labels", labels);
                    break;
                default:
                    Warn(keyNode, $"unknown key 'static_configs.{key}'; ignored");
                    break;
            }
        }

        return new StaticConfig { Targets = targets, Labels = labels };
    }

    private RemoteWriteConfig ReadRemoteWrite(YamlMappingNode node)
    {
        var rw = new RemoteWriteConfig();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var hasUrl = false;
        foreach (var (keyNode, value) in node.Children)
        {
            var key = KeyOf(keyNode);
            var path = $"remote_write.{key}";
            switch (key)
            {
                case "url":
                    var text = Scalar(value, path);
                    if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                    {
                        throw Error(value, path, $"'{text}' is not an http(s) URL");
                    }

                    rw = rw with { Url = url };
                    hasUrl = true;
                    break;
                case "name":
                    rw = rw with { Name = Scalar(value, path) };
                    break;
                case "remote_timeout":
                    rw = rw with { RemoteTimeout = Duration(value, path, positive: true) };
                    break;
                case "resend_window":
                    rw = rw with { ResendWindow = Duration(value, path, positive: false) };
                    break;
                case "headers":
                    foreach (var (hk, hv) in Mapping(value, path).Children)
                    {
                        var header = KeyOf(hk);
                        if (IsReservedHeader(header))
                        {
                            throw Error(hk, path, $"header '{header}' is set by the remote-write protocol and cannot be overridden");
                        }

                        headers[header] = Scalar(hv, $"{path}.{header}");
                    }

                    break;
                case "basic_auth":
                    rw = rw with { BasicAuth = ReadBasicAuth(Mapping(value, path), path) };
                    break;
                case "tls_config":
                    rw = rw with { TlsConfig = ReadTlsConfig(Mapping(value, path), path) };
                    break;
                case "bearer_token":
                    rw = rw with { BearerToken = Scalar(value, path) };
                    break;
                case "authorization":
                    rw = rw with { BearerToken = ReadAuthorization(Mapping(value, path), path) };
                    break;
                case "queue_config":
                    rw = rw with { QueueConfig = ReadQueue(Mapping(value, path)) };
                    break;
                case "write_relabel_configs":
                    rw = rw with { WriteRelabelConfigs = ReadRelabelConfigs(value, path) };
                    break;
                default:
                    Warn(keyNode, $"'{path}' is not supported by DualHub; ignored");
                    break;
            }
        }

        if (!hasUrl)
        {
            throw Error(node, "remote_write.url", "is required");
        }

        return rw with { Name = string.IsNullOrEmpty(rw.Name) ? DefaultName(rw.Url) : rw.Name, Headers = headers };
    }

    private QueueConfig ReadQueue(YamlMappingNode node)
    {
        var q = new QueueConfig();
        foreach (var (keyNode, value) in node.Children)
        {
            var key = KeyOf(keyNode);
            var path = $"remote_write.queue_config.{key}";
            switch (key)
            {
                case "min_backoff":
                    q = q with { MinBackoff = Duration(value, path, positive: true) };
                    break;
                case "max_backoff":
                    q = q with { MaxBackoff = Duration(value, path, positive: true) };
                    break;
                case "max_samples_per_send":
                    q = q with { MaxSamplesPerSend = Int(value, path, 1, 1_000_000) };
                    break;
                case "batch_send_deadline":
                    q = q with { BatchSendDeadline = Duration(value, path, positive: true) };
                    break;
                case "retry_on_http_429":
                    q = q with { RetryOnHttp429 = Bool(value, path) };
                    break;
                case "max_retries":
                    Warn(keyNode, $"'{path}' was removed from Prometheus (2.11): recoverable errors are retried until the data leaves retention; ignored");
                    break;
                default:
                    Warn(keyNode, IgnoredQueueKeys.Contains(key) ? $"'{path}' is not used by DualHub (one ordered stream per upstream); ignored" : $"unknown key '{path}'; ignored");
                    break;
            }
        }

        if (q.MinBackoff > q.MaxBackoff)
        {
            throw Error(node, "remote_write.queue_config.min_backoff", $"{q.MinBackoff} is greater than max_backoff {q.MaxBackoff}");
        }

        return q;
    }

    private void ReadSampleJournal(YamlMappingNode node)
    {
        var j = _sampleJournal;
        foreach (var (keyNode, value) in node.Children)
        {
            var key = KeyOf(keyNode);
            var path = $"sample_journal.{key}";
            switch (key)
            {
                case "max_age":
                    j = j with { MaxAge = Duration(value, path, positive: true) };
                    break;
                case "max_bytes":
                    var text = Scalar(value, path);
                    j = j with
                    {
                        MaxBytes = ByteSize.TryParse(text, out var bytes) && bytes >= 1 << 20
                            ? bytes
                            : throw Error(value, path, $"'{text}' is not a size of at least 1MiB (e.g. 1073741824, 512MiB, 1GiB)"),
                    };
                    break;
                case "synchronous":
                    j = j with
                    {
                        FullSync = Scalar(value, path) switch
                        {
                            "full" => true,
                            "normal" => false,
                            var other => throw Error(value, path, $"'{other}' is not one of full, normal"),
                        },
                    };
                    break;
                default:
                    Warn(keyNode, $"unknown key '{path}'; ignored");
                    break;
            }
        }

        _sampleJournal = j;
    }

    private ClientBasicAuth ReadBasicAuth(YamlMappingNode node, string path)
    {
        var auth = new ClientBasicAuth { Username = string.Empty };
        foreach (var (keyNode, value) in node.Children)
        {
            var key = KeyOf(keyNode);
            switch (key)
            {
                case "username":
                    auth = auth with { Username = Scalar(value, $"{path}.username") };
                    break;
                case "password":
                    auth = auth with { Password = Scalar(value, $"{path}.password") };
                    break;
                case "password_file":
                    auth = auth with { PasswordFile = FilePath(Scalar(value, $"{path}.password_file")) };
                    break;
                default:
                    Warn(keyNode, $"unknown key '{path}.{key}'; ignored");
                    break;
            }
        }

        return auth;
    }

    /// <summary>Prometheus' <c>tls_config</c>; files are read now, so a bad one is an error with its line.</summary>
    private ClientTlsConfig ReadTlsConfig(YamlMappingNode node, string path)
    {
        var tls = new ClientTlsConfig();
        foreach (var (keyNode, value) in node.Children)
        {
            var key = KeyOf(keyNode);
            var at = $"{path}.{key}";
            tls = key switch
            {
                "ca_file" => tls with { CaFile = FilePath(Scalar(value, at)) },
                "cert_file" => tls with { CertFile = FilePath(Scalar(value, at)) },
                "key_file" => tls with { KeyFile = FilePath(Scalar(value, at)) },
                "server_name" => tls with { ServerName = Scalar(value, at) },
                "insecure_skip_verify" => tls with { InsecureSkipVerify = Bool(value, at) },
                _ => throw Error(keyNode, at, "not supported by DualHub (ca_file, cert_file, key_file, server_name, insecure_skip_verify)"),
            };
        }

        try
        {
            _ = SecureHttpHandler.ClientOptions(tls, path);
        }
        catch (WebConfigException ex)
        {
            throw Error(node, path, ex.Message);
        }

        return tls;
    }

    /// <summary>A file named in the config, relative to the config file's directory as in Prometheus.</summary>
    private string FilePath(string value) =>
        Path.IsPathRooted(value) ? value : Path.GetFullPath(value, Path.GetDirectoryName(Path.GetFullPath(_file)) ?? ".");

    private string? ReadAuthorization(YamlMappingNode node, string path)
    {
        string? credentials = null;
        foreach (var (keyNode, value) in node.Children)
        {
            var key = KeyOf(keyNode);
            switch (key)
            {
                case "type":
                    var type = Scalar(value, $"{path}.type");
                    if (!type.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
                    {
                        throw Error(value, $"{path}.type", $"'{type}' is not supported (only Bearer)");
                    }

                    break;
                case "credentials":
                    credentials = Scalar(value, $"{path}.credentials");
                    break;
                default:
                    Warn(keyNode, $"'{path}.{key}' is not supported by DualHub; ignored");
                    break;
            }
        }

        return credentials;
    }

    /// <summary><paramref name="labels"/> with the mapping's labels added.</summary>
    private Dictionary<string, string> ReadLabels(YamlNode value, string path, IReadOnlyDictionary<string, string> labels)
    {
        var into = new Dictionary<string, string>(labels, StringComparer.Ordinal);
        foreach (var (k, v) in Mapping(value, path).Children)
        {
            var name = KeyOf(k);
            if (!IsLabelName(name))
            {
                throw Error(k, path, $"'{name}' is not a valid label name");
            }

            into[name] = Scalar(v, $"{path}.{name}");
        }

        return into;
    }

    private static bool IsReservedHeader(string name) =>
        name.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
        || name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase)
        || name.Equals("X-Prometheus-Remote-Write-Version", StringComparison.OrdinalIgnoreCase);

    internal static string DefaultName(Uri url)
    {
        // Stable across restarts: it names the persisted cursor.
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(url.AbsoluteUri));
        return "rw-" + Convert.ToHexStringLower(hash.AsSpan(0, 4));
    }

    internal static bool IsLabelName(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHostPort(string target)
    {
        var colon = target.LastIndexOf(':');
        return colon > 0 && colon < target.Length - 1
            && int.TryParse(target.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port is > 0 and < 65536
            && !target.Contains('/', StringComparison.Ordinal);
    }

    private void Warn(YamlNode node, string message) =>
        _warnings.Add(new ConfigWarning(_file, node.Start.Line, node.Start.Column, message));

    private PrometheusConfigException Error(YamlNode node, string key, string message) =>
        new($"{_file}:{node.Start.Line}:{node.Start.Column}: {key}: {message}");

    private string KeyOf(YamlNode node) =>
        node is YamlScalarNode { Value: { } v } ? v : throw Error(node, "key", "keys must be plain strings");

    private YamlMappingNode Mapping(YamlNode node, string key) =>
        node as YamlMappingNode ?? throw Error(node, key, "expected a mapping");

    private IEnumerable<YamlNode> Sequence(YamlNode node, string key) => node switch
    {
        YamlSequenceNode s => s.Children,
        YamlScalarNode { Value: null or "" } => [],
        _ => throw Error(node, key, "expected a list"),
    };

    private string Scalar(YamlNode node, string key) =>
        node is YamlScalarNode s ? s.Value ?? string.Empty : throw Error(node, key, "expected a single value");

    private TimeSpan Duration(YamlNode node, string key, bool positive)
    {
        var text = Scalar(node, key);
        if (!DurationText.TryParse(text, DurationSyntax.Prometheus, out var d) || (positive && d <= TimeSpan.Zero))
        {
            throw Error(node, key, $"'{text}' is not a valid duration (e.g. 15s, 1m30s)");
        }

        return d;
    }

    private bool Bool(YamlNode node, string key)
    {
        var text = Scalar(node, key);
        return YamlBool.Parse(text) ?? throw Error(node, key, $"'{text}' is not true or false");
    }

    private int Int(YamlNode node, string key, int min, int max)
    {
        var text = Scalar(node, key);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
        {
            throw Error(node, key, $"'{text}' is not an integer in [{min}, {max}]");
        }

        return v;
    }
}
