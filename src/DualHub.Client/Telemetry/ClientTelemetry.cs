using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using DualHub.Client.Agent;
using DualHub.Client.Collection;

namespace DualHub.Client.Telemetry;

/// <summary>
/// The SDK's one <see cref="Meter"/> (<c>DualHub.Client</c>). Its instruments are observable and report every live agent
/// with the scope tag <c>dualhub.agent</c>, so each agent's collector pushes its own figures only.
/// </summary>
internal static class ClientTelemetry
{
    public const string MeterName = "DualHub.Client";

    private static readonly ConcurrentDictionary<string, DualHubAgent> Agents = new(StringComparer.Ordinal);
    private static readonly Meter Meter = new(MeterName);

    static ClientTelemetry()
    {
        Meter.CreateObservableCounter("dualhub_client_failovers", () => Each(a => a.Failovers), description: "Switches to a lower-priority hub (or to none).");
        Meter.CreateObservableCounter("dualhub_client_failbacks", () => Each(a => a.Failbacks), description: "Switches back to a higher-priority hub.");
        Meter.CreateObservableCounter("dualhub_client_spool_dropped", () => Each(a => a.SpoolDropped), description: "Batches dropped because the spool was full.");
        Meter.CreateObservableCounter("dualhub_client_batches_rejected", () => Each(a => a.BatchesRejected), description: "Batches a hub refused as invalid (4xx).");
        Meter.CreateObservableGauge("dualhub_client_spool_batches", () => Each(a => a.SpoolBatches), description: "Batches waiting in the spool.");
        Meter.CreateObservableGauge("dualhub_client_spool_bytes", () => Each(a => a.SpoolBytes), description: "Bytes waiting in the spool.");
        Meter.CreateObservableCounter("dualhub_client_pushes", () => PerHub(static (a, i) => a.Accepted(i)), description: "Batches accepted, per hub.");
        Meter.CreateObservableCounter("dualhub_client_push_failures", () => PerHub(static (a, i) => a.FailedAttempts(i)), description: "Failed push attempts, per hub.");
        Meter.CreateObservableGauge("dualhub_client_hub_up", () => PerHub(static (a, i) => a.HubUp(i)), description: "1 when the hub is healthy for this agent.");
        Meter.CreateObservableGauge("dualhub_client_active_hub", ActiveHub, description: "Index of the active hub (0 = primary, -1 = none), labelled with its name and URL.");
    }

    public static void Register(DualHubAgent agent) => Agents[agent.InstanceId] = agent;

    public static void Unregister(DualHubAgent agent) => Agents.TryRemove(agent.InstanceId, out _);

    private static IEnumerable<Measurement<long>> Each(Func<AgentStats, long> value)
    {
        foreach (var a in Agents.Values)
        {
            yield return new Measurement<long>(value(a.Stats), new KeyValuePair<string, object?>(InstrumentAggregator.ScopeTag, a.InstanceId));
        }
    }

    private static IEnumerable<Measurement<long>> PerHub(Func<DualHubAgent, int, long> value)
    {
        foreach (var a in Agents.Values)
        {
            for (var i = 0; i < a.Hubs.Count; i++)
            {
                yield return new Measurement<long>(
                    value(a, i),
                    new KeyValuePair<string, object?>(InstrumentAggregator.ScopeTag, a.InstanceId),
                    new KeyValuePair<string, object?>("hub", a.Hubs[i].Name));
            }
        }
    }

    private static IEnumerable<Measurement<long>> ActiveHub()
    {
        foreach (var a in Agents.Values)
        {
            var s = a.Stats;
            yield return new Measurement<long>(
                s.ActiveHubIndex,
                new KeyValuePair<string, object?>(InstrumentAggregator.ScopeTag, a.InstanceId),
                new KeyValuePair<string, object?>("hub", s.ActiveHub),
                new KeyValuePair<string, object?>("url", s.ActiveHubIndex < 0 ? string.Empty : a.Hubs[s.ActiveHubIndex].Url.ToString()));
        }
    }
}
