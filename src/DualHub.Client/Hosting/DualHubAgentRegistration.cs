using System.Diagnostics.Metrics;
using DualHub.Client.Options;

namespace DualHub.Client.Hosting;

/// <summary>
/// What <see cref="DualHubAgentServiceCollectionExtensions.AddDualHubAgent(Microsoft.Extensions.DependencyInjection.IServiceCollection, DualHubAgentRegistration)"/>
/// registers: where the options come from, and which meters the agent pushes. Read once, when it is registered.
/// </summary>
public sealed class DualHubAgentRegistration
{
    /// <summary>
    /// The agent YAML, read when the agent is first needed (at host start) with <see cref="AgentConfigLoader.Load"/>,
    /// so its errors name the file, line and key. Null: the options are built in code by <see cref="Configure"/> alone.
    /// </summary>
    public string? ConfigPath { get; set; }

    /// <summary>Top-level sections of the YAML the application reads itself (any other unknown key is refused).</summary>
    public IList<string> AgentSections { get; } = new List<string>();

    /// <summary>Changes the options after the file is read and before they are validated; may be null.</summary>
    public Action<AgentOptions>? Configure { get; set; }

    /// <summary>Picks the meters pushed. Default: every meter but <c>System.*</c> and <c>Microsoft.*</c>.</summary>
    public Func<Meter, bool>? MeterFilter { get; set; }
}
