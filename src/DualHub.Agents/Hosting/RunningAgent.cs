using DualHub.Client;

namespace DualHub.Agents.Hosting;

/// <summary>A started pilot agent and its SDK connection; dispose to stop both.</summary>
public sealed class RunningAgent : IAsyncDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly Task _work;
    private readonly IAsyncDisposable _services;

    internal RunningAgent(IPilotAgent pilot, IDualHubAgent agent, CancellationTokenSource cts, Task work, IAsyncDisposable services)
    {
        _services = services;
        Pilot = pilot;
        Agent = agent;
        _cts = cts;
        _work = work;
    }

    /// <summary>The pilot agent.</summary>
    public IPilotAgent Pilot { get; }

    /// <summary>Its SDK connection: events (FailedOver, FailedBack, BatchAccepted, SpoolOverflow), Stats, HealthUrl.</summary>
    public IDualHubAgent Agent { get; }

    /// <summary>Stops the agent's work and its pushes (spooled batches stay on disk).</summary>
    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        try
        {
            await _work;
        }
        catch (OperationCanceledException)
        {
        }

        // The container disposes in reverse order of creation: the agent, then its NATS publisher, which by then
        // holds the agent's last health and failover messages.
        await _services.DisposeAsync();

        Pilot.Dispose();
        _cts.Dispose();
    }
}
