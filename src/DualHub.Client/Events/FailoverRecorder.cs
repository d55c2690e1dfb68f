using System.Collections.Concurrent;

namespace DualHub.Client.Events;

/// <summary>
/// Records what an agent's hubs accepted, for drills: the first batch a given hub accepted after a fault, and the
/// sequence numbers that were never accepted anywhere (data lost). Subscribe before the fault; dispose to unsubscribe.
/// </summary>
public sealed class FailoverRecorder : IDisposable
{
    private readonly IDualHubAgent _agent;
    private readonly ConcurrentQueue<BatchAcceptedEventArgs> _accepted = new();
    private readonly ConcurrentQueue<HubChangedEventArgs> _changes = new();

    /// <summary>Starts recording <paramref name="agent"/>'s accepted batches and hub changes.</summary>
    public FailoverRecorder(IDualHubAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        _agent = agent;
        agent.BatchAccepted += OnAccepted;
        agent.FailedOver += OnChanged;
        agent.FailedBack += OnChanged;
    }

    /// <summary>Every accepted batch so far, in order of acceptance.</summary>
    public IReadOnlyList<BatchAcceptedEventArgs> Accepted => [.. _accepted];

    /// <summary>Every failover and fail-back so far.</summary>
    public IReadOnlyList<HubChangedEventArgs> Changes => [.. _changes];

    /// <summary>The first batch hub <paramref name="hubIndex"/> accepted after <paramref name="after"/>, or null.</summary>
    public BatchAcceptedEventArgs? FirstAcceptedBy(int hubIndex, DateTimeOffset after) =>
        _accepted.FirstOrDefault(a => a.HubIndex == hubIndex && a.At > after);

    /// <summary>Sequence numbers between the first and the last accepted that no hub accepted.</summary>
    public IReadOnlyList<long> MissingSequences()
    {
        var seen = _accepted.Select(a => a.Sequence).ToHashSet();
        if (seen.Count == 0)
        {
            return [];
        }

        var missing = new List<long>();
        for (var s = seen.Min(); s <= seen.Max(); s++)
        {
            if (!seen.Contains(s))
            {
                missing.Add(s);
            }
        }

        return missing;
    }

    /// <summary>Stops recording.</summary>
    public void Dispose()
    {
        _agent.BatchAccepted -= OnAccepted;
        _agent.FailedOver -= OnChanged;
        _agent.FailedBack -= OnChanged;
    }

    private void OnAccepted(object? sender, BatchAcceptedEventArgs e) => _accepted.Enqueue(e);

    private void OnChanged(object? sender, HubChangedEventArgs e) => _changes.Enqueue(e);
}
