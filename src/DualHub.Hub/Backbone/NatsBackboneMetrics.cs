using DualHub.Metrics.Model;

namespace DualHub.Hub.Backbone;

/// <summary>Builds the NATS link's self-metrics as metric families.</summary>
internal static class NatsBackboneMetrics
{
    public static List<MetricFamily> Collect(NatsHubOptions options, bool connected, NatsPublishStatus? publish, NatsConsumeStatus? consume)
    {
        var result = new List<MetricFamily>();
        var up = Family("dualhub_nats_connected", MetricType.Gauge, "1 while the hub's NATS connection is open.");
        Add(up, [], connected ? 1 : 0);
        result.Add(up);
        if (publish is { } p)
        {
            Label[] labels = [new("node", p.Node), new("subject", p.Subject)];
            result.Add(One("dualhub_nats_published_messages_total", MetricType.Counter, "Messages acked by JetStream (duplicates included).", labels, p.MessagesPublished));
            result.Add(One("dualhub_nats_published_samples_total", MetricType.Counter, "Samples in messages acked by JetStream.", labels, p.SamplesPublished));
            result.Add(One("dualhub_nats_publish_duplicates_total", MetricType.Counter, "Publishes JetStream reported as duplicates of an earlier msg id (resends after a restart).", labels, p.Duplicates));
            result.Add(One("dualhub_nats_publish_failures_total", MetricType.Counter, "Failed publish rounds (timeouts, no responders, disconnects), each retried with the same msg id.", labels, p.Failures));
            result.Add(One("dualhub_nats_publish_pending_samples", MetricType.Gauge, "Samples in the journal not yet acked by JetStream.", labels, p.PendingSamples));
            result.Add(One("dualhub_nats_publish_lag_seconds", MetricType.Gauge, "Age of the oldest journal record not yet acked by JetStream.", labels, p.LagSeconds));
            var dropped = Family("dualhub_nats_publish_samples_dropped_total", MetricType.Counter, "Samples never published, by reason.");
            Add(dropped, [new("reason", "rejected"), .. labels], p.SamplesDropped);
            Add(dropped, [new("reason", "retention"), .. labels], p.SamplesDroppedByRetention);
            result.Add(dropped);
        }

        if (consume is { } c)
        {
            Label[] labels = [new("stream", c.Stream), new("consumer", c.Consumer)];
            result.Add(One("dualhub_nats_consumed_messages_total", MetricType.Counter, "Messages journaled and acked.", labels, c.MessagesConsumed));
            result.Add(One("dualhub_nats_consumed_samples_total", MetricType.Counter, "Samples journaled from consumed messages.", labels, c.SamplesConsumed));
            result.Add(One("dualhub_nats_consume_dropped_messages_total", MetricType.Counter, "Messages acked without journaling because they did not decode or validate.", labels, c.MessagesDropped));
            result.Add(One("dualhub_nats_consume_checks_skipped_total", MetricType.Counter, "Probe messages of dualhub up --check, acked and skipped.", labels, c.ChecksSkipped));
            result.Add(One("dualhub_nats_consume_failures_total", MetricType.Counter, "Consume loop failures (consumer missing, server gone, journal error), retried.", labels, c.Failures));
        }

        return result;
    }

    private static MetricFamily One(string name, MetricType type, string help, Label[] labels, double value)
    {
        var f = Family(name, type, help);
        Add(f, labels, value);
        return f;
    }

    private static MetricFamily Family(string name, MetricType type, string help) => new(name, type) { Help = help };

    private static void Add(MetricFamily family, Label[] labels, double value) =>
        family.Metrics.Add(new Metric { Labels = labels, Value = value });
}
