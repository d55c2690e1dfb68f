using DualHub.Hub.SampleJournal;
using DualHub.Hub.Upstreams;
using DualHub.Metrics.Model;

namespace DualHub.Hub.Upstreams;

/// <summary>Builds the forwarding self-metrics (one series per upstream) as metric families.</summary>
internal static class ForwardingMetrics
{
    public static List<MetricFamily> Collect(IReadOnlyList<UpstreamStatus> upstreams, ISampleLog log)
    {
        var pending = Family("dualhub_remote_write_pending_samples", MetricType.Gauge, "Samples in the journal not yet acknowledged by the upstream.");
        var lag = Family("dualhub_remote_write_lag_seconds", MetricType.Gauge, "Age of the oldest unacknowledged journal record.");
        var sent = Family("dualhub_remote_write_samples_sent_total", MetricType.Counter, "Samples acknowledged with 2xx by the upstream.");
        var failed = Family("dualhub_remote_write_samples_failed_total", MetricType.Counter, "Samples rejected by the upstream with a non-retryable status.");
        var retried = Family("dualhub_remote_write_samples_retried_total", MetricType.Counter, "Samples in attempts that failed with a retryable error.");
        var dropped = Family("dualhub_remote_write_samples_dropped_total", MetricType.Counter, "Samples never delivered, by reason.");
        var requests = Family("dualhub_remote_write_requests_total", MetricType.Counter, "Remote-write requests sent, including retries.");
        var up = Family("dualhub_remote_write_upstream_healthy", MetricType.Gauge, "1 when the last attempt to the upstream succeeded or nothing is pending.");
        foreach (var u in upstreams)
        {
            Label[] labels = [new("upstream", u.Name), new("url", u.Url)];
            Add(pending, labels, u.PendingSamples);
            Add(lag, labels, u.LagSeconds);
            Add(sent, labels, u.SamplesSent);
            Add(failed, labels, u.SamplesFailed);
            Add(retried, labels, u.SamplesRetried);
            Add(dropped, [new("reason", "rejected"), .. labels], u.SamplesDropped);
            Add(dropped, [new("reason", "retention"), .. labels], u.SamplesDroppedByRetention);
            Add(requests, labels, u.Requests);
            Add(up, labels, u.State == UpstreamState.Retrying ? 0 : 1);
        }

        var bytes = Family("dualhub_sample_journal_bytes", MetricType.Gauge, "Payload bytes retained in the sample journal.");
        Add(bytes, [], log.RetainedBytes);
        var last = Family("dualhub_sample_journal_last_sequence", MetricType.Gauge, "Sequence of the newest committed journal record.");
        Add(last, [], log.LastSequence);
        return [pending, lag, sent, failed, retried, dropped, requests, up, bytes, last];
    }

    private static MetricFamily Family(string name, MetricType type, string help) => new(name, type) { Help = help };

    private static void Add(MetricFamily family, Label[] labels, double value) =>
        family.Metrics.Add(new Metric { Labels = labels, Value = value });
}
