using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DualHub.Client.Telemetry;

namespace DualHub.Client.Nats;

/// <summary>
/// The NATS publishers' figures on the SDK's meter, labelled with the publishing agent and node (a publisher is not
/// tied to one agent instance, so these carry no scope tag).
/// </summary>
internal static class NatsPublisherTelemetry
{
    private static readonly ConcurrentDictionary<NatsHealthPublisher, (string Agent, string Node)> Publishers = new();

    static NatsPublisherTelemetry()
    {
        var meter = ClientTelemetry.Meter;
        meter.CreateObservableCounter("dualhub_client_nats_published", () => Each(p => p.Published), description: "Health reports and alerts the NATS stream acknowledged.");
        meter.CreateObservableCounter("dualhub_client_nats_dropped", () => Each(p => p.Dropped), description: "Health reports and alerts dropped because the queue was full (NATS unreachable).");
        meter.CreateObservableGauge("dualhub_client_nats_queued", () => Each(p => p.Queued), description: "Health reports and alerts waiting for NATS.");
    }

    public static void Register(NatsHealthPublisher publisher, string agent, string node) => Publishers[publisher] = (agent, node);

    public static void Unregister(NatsHealthPublisher publisher) => Publishers.TryRemove(publisher, out _);

    private static IEnumerable<Measurement<long>> Each(Func<NatsHealthPublisher, long> value)
    {
        foreach (var (p, (agent, node)) in Publishers)
        {
            yield return new Measurement<long>(value(p), new KeyValuePair<string, object?>("agent", agent), new KeyValuePair<string, object?>("node", node));
        }
    }
}
