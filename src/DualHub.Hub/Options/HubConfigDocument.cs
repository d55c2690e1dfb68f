using DualHub.Hub.PrometheusConfig;

namespace DualHub.Hub.Options;

/// <summary>
/// A hub config as read by <see cref="HubConfigLoader.Read"/>: the hub's keys bound and their values parsed (role,
/// durations), the Prometheus-style sections read with their warnings. Syntax errors are thrown while reading;
/// <see cref="HubConfigLoader.Resolve"/> then merges the command-line overrides, applies the defaults and checks the rules.
/// </summary>
public sealed class HubConfigDocument
{
    internal HubConfigDocument(HubConfigFile file, PrometheusConfiguration prometheus)
    {
        File = file;
        Prometheus = prometheus;
        Role = file.Role is null ? null : HubConfigLoader.ParseRole(file.Role, "role");
        Ttl = file.Ttl is null ? null : HubConfigLoader.ParseDuration(file.Ttl, "ttl");
        CompactInterval = file.Journal?.CompactInterval is { } compact ? HubConfigLoader.ParseDuration(compact, "journal.compact_interval") : null;
        PublishTimeout = file.Nats?.PublishTimeout is { } publish ? HubConfigLoader.ParseDuration(publish, "nats.publish_timeout") : null;
        UpstreamFailingAfter = file.Alerts?.UpstreamFailingAfter is { } failing ? HubConfigLoader.ParseDuration(failing, "alerts.upstream_failing_after") : null;
        QueryTimeout = file.Query?.Timeout is { } timeout ? HubConfigLoader.ParseDuration(timeout, "query.timeout") : null;
    }

    /// <summary>No config file: every value comes from the overrides or the defaults.</summary>
    public static HubConfigDocument Empty { get; } = new(new HubConfigFile(), new PrometheusConfiguration());

    /// <summary>The Prometheus-style sections and sample_journal, with their warnings.</summary>
    public PrometheusConfiguration Prometheus { get; }

    internal HubConfigFile File { get; }

    internal HubRole? Role { get; }

    internal TimeSpan? Ttl { get; }

    internal TimeSpan? CompactInterval { get; }

    internal TimeSpan? PublishTimeout { get; }

    internal TimeSpan? UpstreamFailingAfter { get; }
    internal TimeSpan? QueryTimeout { get; }
}
