using DualHub.Hub.Upstreams;

namespace DualHub.Hub.Backbone;

/// <summary>
/// The NATS publishing upstream for <c>/health</c> and self-metrics: its journal upstream's status under the names
/// of the <c>nats.publish</c> section, plus the count only JetStream reports (duplicates).
/// </summary>
public sealed record NatsPublishStatus(UpstreamStatus Upstream, long Duplicates)
{
    public string Node => Upstream.Name;

    public string Subject => Upstream.Url;

    /// <summary><c>idle</c>, <c>publishing</c>, <c>retrying</c> or <c>stopped</c>.</summary>
    public string State => UpstreamHealth.StateName(Upstream.State, "publishing");

    public long PendingSamples => Upstream.PendingSamples;

    public long PendingRecords => Upstream.PendingRecords;

    public double LagSeconds => Upstream.LagSeconds;

    /// <summary>Messages acked by JetStream (duplicates included).</summary>
    public long MessagesPublished => Upstream.RequestsSent;

    public long SamplesPublished => Upstream.SamplesSent;

    /// <summary>Failed publish rounds, each retried with the same msg id.</summary>
    public long Failures => Upstream.RequestsRetried;

    public long SamplesDropped => Upstream.SamplesDropped;

    public long SamplesDroppedByRetention => Upstream.SamplesDroppedByRetention;

    public string? LastError => Upstream.LastError;
}
