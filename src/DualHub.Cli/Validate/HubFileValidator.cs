using DualHub.Hub.Options;
using DualHub.Nats.Streams;

namespace DualHub.Cli.Validate;

/// <summary>
/// A hub config (the hub's own keys and the Prometheus-style sections of <c>prometheus-edge.yml</c>): the hub's loader and
/// validation as errors, the Prometheus reader's warnings (unknown, unused and stale keys like
/// <c>queue_config.max_retries</c>) with their lines, and the NATS stream/consumer it would read.
/// </summary>
internal static class HubFileValidator
{
    public static void Validate(FileReport report)
    {
        report.Kind = "hub config";
        HubConfigDocument document;
        try
        {
            document = HubConfigLoader.Read(report.Text, report.File);
        }
        catch (HubConfigException ex)
        {
            report.AddMessage(FindingSeverity.Error, ex.Message);
            return;
        }

        foreach (var w in document.Prometheus.Warnings)
        {
            report.Findings.Add(new ConfigFinding(FindingSeverity.Warning, report.File, w.Line, w.Message));
        }

        HubOptions options;
        try
        {
            options = HubConfigLoader.Resolve(document);
        }
        catch (HubConfigException ex)
        {
            report.AddMessage(FindingSeverity.Error, ex.Message);
            return;
        }

        if (ListenAddress.TryParse(options.EffectiveListen, out var host, out var port))
        {
            var line = report.LineOf("listen") is > 0 and var l ? l : report.LineOf("role");
            var how = options.Listen is null ? $" (the {options.Role.ToString().ToLowerInvariant()} default)" : string.Empty;
            report.Claims.Add(new PortClaim(report.File, line, PortClaim.NormalizeHost(host), port, $"{options.Role.ToString().ToLowerInvariant()} hub listen {options.EffectiveListen}{how}"));
        }

        var nats = options.Nats;
        foreach (var url in nats.Urls)
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var u))
            {
                report.NatsReferences.Add(new NatsReference(report.File, report.LineOf("nats.url"), u.Host, u.Port > 0 ? u.Port : 4222, "nats.url"));
            }
        }

        if (nats.Consumes)
        {
            var stream = ObservabilityStreams.All.FirstOrDefault(s => s.Name == nats.Stream);
            if (stream.Name is null)
            {
                report.Add(FindingSeverity.Error, "nats.stream", $"nats.stream: '{nats.Stream}' is not a stream `dualhub streams apply` creates ({string.Join(", ", ObservabilityStreams.All.Select(s => s.Name))}): the consumer would find nothing");
            }
            else if (!ObservabilityStreams.Consumers.Any(c => c.Name == nats.Consumer && c.Stream == nats.Stream))
            {
                var known = ObservabilityStreams.Consumers.Where(c => c.Stream == nats.Stream).Select(c => c.Name);
                report.Add(FindingSeverity.Error, "nats.consumer", $"nats.consumer: '{nats.Consumer}' is not a consumer of stream {nats.Stream} (known: {string.Join(", ", known)})");
            }
            else if (nats.Stream != ObservabilityStreams.Metrics)
            {
                report.Add(FindingSeverity.Error, "nats.stream", $"nats.stream: {nats.Stream} holds {stream.Subjects}, not metrics: the hub consumes metric batches from {ObservabilityStreams.Metrics}");
            }
        }
    }
}
