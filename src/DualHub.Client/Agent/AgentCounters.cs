namespace DualHub.Client.Agent;

/// <summary>Mutable counters of one agent, updated with <see cref="Interlocked"/>.</summary>
internal sealed class AgentCounters(int hubs)
{
    public long Failovers;
    public long Failbacks;
    public long Rejected;
    public long SpoolDropped;
    public long PushgatewayFailures;
    public readonly long[] Accepted = new long[hubs];
    public readonly long[] Failed = new long[hubs];
}
