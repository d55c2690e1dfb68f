using DualHub.Core.Yaml;
using DualHub.Metrics.Durations;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace DualHub.Hub.Options;

/// <summary>
/// Reads a hub YAML config (<see cref="Read"/>: syntax errors), then merges the command-line overrides into it, applies
/// the defaults and checks the rules (<see cref="Resolve"/>) into one immutable <see cref="HubOptions"/>; every error
/// names the key.
/// </summary>
public static class HubConfigLoader
{
    /// <summary>Durations in hub configs and the TTL header: Go syntax as documented (<c>1h30m</c>, <c>1.5h</c>) or Prometheus' (<c>1d</c>, <c>1w</c>).</summary>
    public const DurationSyntax HubDurations = DurationSyntax.Go | DurationSyntax.Prometheus;

    /// <summary>Top-level keys of the hub's own config, which the Prometheus-section reader skips.</summary>
    private static readonly HashSet<string> HubKeys = new(StringComparer.Ordinal)
    {
        "role", "listen", "data_dir", "enable_admin_api", "enable_lifecycle", "ttl", "auth", "limits", "journal", "nats", "query",
        "alerts", "console",
    };

    private static readonly HubOptions Defaults = new();

    /// <summary>Reads and resolves a config file.</summary>
    public static HubOptions LoadFile(string path, HubOverrides? overrides = null) => Resolve(ReadFile(path), overrides);

    /// <summary>Reads and resolves a config text.</summary>
    public static HubOptions Parse(string yaml, string source = "config", HubOverrides? overrides = null) => Resolve(Read(yaml, source), overrides);

    public static HubConfigDocument ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new HubConfigException($"cannot read config file {path}: {ex.Message}", ex);
        }

        return Read(text, path);
    }

    /// <summary>Binds the hub's keys, parses their values and reads the Prometheus-style sections; throws on a syntax error.</summary>
    public static HubConfigDocument Read(string yaml, string source = "config")
    {
        var deserializer = new StaticDeserializerBuilder(new HubYamlContext())
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .WithNodeDeserializer(new SkippedSectionDeserializer(), w => w.OnTop())
            .Build();
        HubConfigFile? file;
        try
        {
            using var reader = YamlDocuments.Reader(yaml);
            file = deserializer.Deserialize<HubConfigFile?>(reader);
        }
        catch (YamlException ex)
        {
            var reason = ex.InnerException?.Message ?? ex.Message;
            if (reason.Contains("not found on type", StringComparison.Ordinal))
            {
                var key = reason.Split('\'') is { Length: >= 2 } parts ? parts[1] : reason;
                reason = $"unknown key '{key}'";
            }

            throw new HubConfigException($"{source}:{ex.Start.Line}: {reason}", ex);
        }
        catch (InvalidCastException ex)
        {
            // The deserializer hands back the scalar it read when the document is not a mapping.
            throw new HubConfigException($"{source}: the top level must be a mapping", ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these, without a position, for some malformed documents (e.g. a bad %TAG directive).
            throw new HubConfigException($"{source}: invalid YAML: {ex.Message}", ex);
        }

        PrometheusConfig.PrometheusConfiguration prometheus;
        try
        {
            prometheus = PrometheusConfig.PrometheusConfigReader.Read(yaml, source, HubKeys);
        }
        catch (PrometheusConfig.PrometheusConfigException ex)
        {
            throw new HubConfigException(ex.Message, ex);
        }

        return new HubConfigDocument(file ?? new HubConfigFile(), prometheus);
    }

    /// <summary>
    /// The document with each set override replacing the file's value and every default applied (listen by role, NATS
    /// publish/consume by role, the sample journal in the data directory), checked by <see cref="Validate"/>.
    /// </summary>
    public static HubOptions Resolve(HubConfigDocument document, HubOverrides? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        overrides ??= HubOverrides.None;
        var file = document.File;
        var role = overrides.Role ?? document.Role ?? Defaults.Role;
        var dataDir = overrides.DataDir ?? file.DataDir ?? Defaults.DataDir;
        var samples = document.Prometheus.SampleJournal with { Path = Path.Combine(dataDir, "samples.db") };
        var options = new HubOptions
        {
            Role = role,
            Listen = overrides.Listen ?? file.Listen,
            DataDir = dataDir,
            EnableAdminApi = file.EnableAdminApi ?? Defaults.EnableAdminApi,
            EnableLifecycle = overrides.EnableLifecycle ?? file.EnableLifecycle ?? Defaults.EnableLifecycle,
            Ttl = document.Ttl ?? Defaults.Ttl,
            Auth = file.Auth?.Resolve() ?? Defaults.Auth,
            Limits = file.Limits?.Resolve() ?? Defaults.Limits,
            Journal = file.Journal?.Resolve(document.CompactInterval) ?? Defaults.Journal,
            Nats = (file.Nats ?? new NatsConfigSection()).Resolve(role, document.PublishTimeout, overrides),
            Alerts = file.Alerts?.Resolve(document.UpstreamFailingAfter) ?? Defaults.Alerts,
            Query = file.Query?.Resolve(document.QueryTimeout) ?? Defaults.Query,
            Prometheus = document.Prometheus with { SampleJournal = samples },
            Console = file.Console?.Resolve() ?? Defaults.Console,
            Web = LoadWebConfig(overrides.WebConfigFile),
        };
        Validate(options);
        return options;
    }

    /// <summary>The web config, checked (certificates loaded) now; its errors read <c>file:line: key: reason</c>.</summary>
    private static Core.Security.WebConfig LoadWebConfig(string? path)
    {
        try
        {
            return Core.Security.WebConfigLoader.Load(path);
        }
        catch (Core.Security.WebConfigException ex)
        {
            throw new HubConfigException(ex.Message, ex);
        }
    }

    public static HubRole ParseRole(string text, string key) => text.Trim().ToUpperInvariant() switch
    {
        "PUSHGATEWAY" => HubRole.Pushgateway,
        "EDGE" => HubRole.Edge,
        "CENTRAL" => HubRole.Central,
        _ => throw new HubConfigException($"{key}: '{text}' is not one of pushgateway, edge, central"),
    };

    /// <summary>Go or Prometheus syntax (<c>90s</c>, <c>1h30m</c>, <c>1.5h</c>, <c>1d</c>); throws naming the key and the value.</summary>
    public static TimeSpan ParseDuration(string text, string key) =>
        DurationText.TryParse(text.AsSpan().Trim(), HubDurations, out var d)
            ? d
            : throw new HubConfigException($"{key}: '{text}' is not a duration ({DurationText.Describe(HubDurations)})");

    /// <summary>Throws <see cref="HubConfigException"/> naming the first bad key; changes nothing.</summary>
    private static void Validate(HubOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (!ListenAddress.TryParse(o.EffectiveListen, out _, out _))
        {
            throw new HubConfigException($"listen: '{o.EffectiveListen}' is not HOST:PORT");
        }

        if (string.IsNullOrWhiteSpace(o.DataDir))
        {
            throw new HubConfigException("data_dir: must not be empty");
        }

        if (o.Ttl < TimeSpan.Zero)
        {
            throw new HubConfigException("ttl: must not be negative");
        }

        if (!string.IsNullOrEmpty(o.Auth.Username) && string.IsNullOrEmpty(o.Auth.Password))
        {
            throw new HubConfigException("auth.password: required when auth.username is set");
        }

        if (string.IsNullOrEmpty(o.Auth.Username) && !string.IsNullOrEmpty(o.Auth.Password))
        {
            throw new HubConfigException("auth.username: required when auth.password is set");
        }

        if (o.Auth.Enabled && o.Web.RequiresAuth)
        {
            // Both read the one Authorization header: a write would need two credentials at once.
            throw new HubConfigException($"auth: cannot be combined with basic_auth_users of {o.Web.Source}; keep one");
        }

        Positive(o.Limits.MaxBodyBytes, "limits.max_body_bytes");
        Positive(o.Limits.MaxPushBytesInFlight, "limits.max_push_bytes_in_flight");
        Positive(o.Limits.MaxWriteBytesInFlight, "limits.max_write_bytes_in_flight");
        Positive(o.Limits.MaxLabelsPerSeries, "limits.max_labels_per_series");
        Positive(o.Limits.MaxLabelNameLength, "limits.max_label_name_length");
        Positive(o.Limits.MaxLabelValueLength, "limits.max_label_value_length");
        Positive(o.Limits.MaxSeriesPerPush, "limits.max_series_per_push");
        Positive(o.Limits.MaxSeriesTotal, "limits.max_series_total");
        if (o.Journal.Synchronous is not ("full" or "normal"))
        {
            throw new HubConfigException($"journal.synchronous: '{o.Journal.Synchronous}' is not one of full, normal");
        }

        if (o.Journal.CompactInterval <= TimeSpan.Zero)
        {
            throw new HubConfigException("journal.compact_interval: must be positive");
        }

        Positive(o.Journal.CompactAfterOps, "journal.compact_after_ops");
        if (o.Query.Timeout <= TimeSpan.Zero)
        {
            throw new HubConfigException("query.timeout: must be positive");
        }

        Positive(o.Query.MaxConcurrent, "query.max_concurrent");
        o.Nats.Validate();
        Positive(o.Alerts.WebhookMaxBytes, "alerts.webhook_max_bytes");
        if (o.Alerts.UpstreamFailingAfter < TimeSpan.Zero)
        {
            throw new HubConfigException("alerts.upstream_failing_after: must not be negative (0 turns it off)");
        }
    }

    private static void Positive(long value, string key)
    {
        if (value <= 0)
        {
            throw new HubConfigException($"{key}: must be positive (got {value})");
        }
    }
}
