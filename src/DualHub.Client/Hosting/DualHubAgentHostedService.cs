using Microsoft.Extensions.Hosting;

namespace DualHub.Client.Hosting;

/// <summary>Starts the registered agent with the host and stops it with the host; its spool stays on disk.</summary>
internal sealed class DualHubAgentHostedService(IDualHubAgent agent) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => agent.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => agent.StopAsync(cancellationToken);
}
