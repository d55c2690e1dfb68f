using NATS.Client.Core;
using NATS.Client.JetStream;

namespace DualHub.Nats.Messaging;

/// <summary>Entry points for publishers and durable consumers.</summary>
public static class ObservabilityMessaging
{
    /// <summary>A publisher on <paramref name="connection"/> (see <see cref="NatsConnectionFactory"/>).</summary>
    public static IObservabilityPublisher CreatePublisher(INatsConnection connection, NatsPublisherOptions? options = null, TimeProvider? time = null) =>
        new ObservabilityPublisher(new NatsJSContext(connection), options ?? new NatsPublisherOptions(), time ?? TimeProvider.System);

    /// <summary>A publisher on a JetStream context (e.g. one with a domain).</summary>
    public static IObservabilityPublisher CreatePublisher(INatsJSContext js, NatsPublisherOptions? options = null, TimeProvider? time = null) =>
        new ObservabilityPublisher(js, options ?? new NatsPublisherOptions(), time ?? TimeProvider.System);

    /// <summary>
    /// A helper for the durable consumer <paramref name="consumer"/> of <paramref name="stream"/> (created by streams
    /// apply); its ack and nak timeouts run on <paramref name="time"/> (the system clock when null).
    /// </summary>
    public static IDurableConsumer CreateConsumer(INatsConnection connection, string stream, string consumer, NatsConsumerOptions? options = null, TimeProvider? time = null) =>
        new DurableConsumer(new NatsJSContext(connection), stream, consumer, options ?? new NatsConsumerOptions(), time ?? TimeProvider.System);
}
