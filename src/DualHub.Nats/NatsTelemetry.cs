using System.Diagnostics.Metrics;

namespace DualHub.Nats;

/// <summary>The assembly's one meter and its instruments.</summary>
internal static class NatsTelemetry
{
    public static readonly Meter Meter = new("DualHub.Nats");

    public static readonly Counter<long> PublishRetries = Meter.CreateCounter<long>("dualhub.nats.publish.retries", "{message}", "Publishes re-sent with the same Nats-Msg-Id after a timeout or 503");

    public static readonly Counter<long> PublishDuplicates = Meter.CreateCounter<long>("dualhub.nats.publish.duplicates", "{message}", "Publishes the stream reported as duplicates of an earlier msg id");

    public static readonly Counter<long> ConsumerNaks = Meter.CreateCounter<long>("dualhub.nats.consumer.naks", "{message}", "Messages negatively acked because the commit callback failed");
}
