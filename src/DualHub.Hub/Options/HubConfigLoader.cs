using DualHub.Metrics.Durations;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace DualHub.Hub.Options;

/// <summary>Reads a hub YAML config into <see cref="HubOptions"/>; every error names the key.</summary>
public static class HubConfigLoader
{
    /// <summary>Durations in hub configs and the TTL header: Go syntax as documented (<c>1h30m</c>, <c>1.5h</c>) or Prometheus' (<c>1d</c>, <c>1w</c>).</summary>
    public const DurationSyntax HubDurations = DurationSyntax.Go | DurationSyntax.Prometheus;

    /// <summary>Top-level keys of the hub's own config, which the Prometheus-section reader skips.</summary>
    private static readonly HashSet<string> HubKeys = new(StringComparer.Ordinal)
    {
        "role", "listen", "data_dir", "enable_admin_api", "enable_lifecycle", "ttl", "auth", "limits", "journal", "nats",
    };

    public static HubOptions LoadFile(string path)
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

        return Parse(text, path);
    }

    public static HubOptions Parse(string yaml, string source = "config")
    {
        var deserializer = new StaticDeserializerBuilder(new HubYamlContext())
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .WithNodeDeserializer(new SkippedSectionDeserializer(), w => w.OnTop())
            .Build();
        HubConfigFile? file;
        try
        {
            file = deserializer.Deserialize<HubConfigFile?>(yaml);
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

        var o = new HubOptions();
        try
        {
            o.Prometheus = PrometheusConfig.PrometheusConfigReader.Read(yaml, source, HubKeys);
        }
        catch (PrometheusConfig.PrometheusConfigException ex)
        {
            throw new HubConfigException(ex.Message, ex);
        }

        if (file is null)
        {
            return o;
        }

        if (file.Role is not null)
        {
            o.Role = ParseRole(file.Role, "role");
        }

        o.Listen = file.Listen ?? o.Listen;
        o.DataDir = file.DataDir ?? o.DataDir;
        o.EnableAdminApi = file.EnableAdminApi ?? o.EnableAdminApi;
        o.EnableLifecycle = file.EnableLifecycle ?? o.EnableLifecycle;
        if (file.Ttl is not null)
        {
            o.Ttl = ParseDuration(file.Ttl, "ttl");
        }

        if (file.Auth is { } a)
        {
            o.Auth.BearerToken = a.BearerToken;
            o.Auth.Username = a.Username;
            o.Auth.Password = a.Password;
        }

        if (file.Limits is { } l)
        {
            o.Limits.MaxBodyBytes = l.MaxBodyBytes ?? o.Limits.MaxBodyBytes;
            o.Limits.MaxLabelsPerSeries = l.MaxLabelsPerSeries ?? o.Limits.MaxLabelsPerSeries;
            o.Limits.MaxLabelNameLength = l.MaxLabelNameLength ?? o.Limits.MaxLabelNameLength;
            o.Limits.MaxLabelValueLength = l.MaxLabelValueLength ?? o.Limits.MaxLabelValueLength;
            o.Limits.MaxSeriesPerPush = l.MaxSeriesPerPush ?? o.Limits.MaxSeriesPerPush;
            o.Limits.MaxSeriesTotal = l.MaxSeriesTotal ?? o.Limits.MaxSeriesTotal;
        }

        if (file.Journal is { } j)
        {
            o.Journal.Synchronous = j.Synchronous ?? o.Journal.Synchronous;
            if (j.CompactInterval is not null)
            {
                o.Journal.CompactInterval = ParseDuration(j.CompactInterval, "journal.compact_interval");
            }

            o.Journal.CompactAfterOps = j.CompactAfterOps ?? o.Journal.CompactAfterOps;
        }

        o.Nats = file.Nats?.ToOptions() ?? o.Nats;
        return o;
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

    /// <summary>Throws <see cref="HubConfigException"/> naming the first bad key.</summary>
    public static void Validate(HubOptions o)
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

        Positive(o.Limits.MaxBodyBytes, "limits.max_body_bytes");
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
        o.Nats.ApplyRoleDefaults(o.Role);
        o.Nats.Validate();
    }

    private static void Positive(long value, string key)
    {
        if (value <= 0)
        {
            throw new HubConfigException($"{key}: must be positive (got {value})");
        }
    }
}
