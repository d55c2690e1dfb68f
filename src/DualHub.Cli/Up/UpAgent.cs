namespace DualHub.Cli.Up;

/// <summary>
/// A pilot agent of the deployment: its verb, rendered config, job/instance (grouping key) and /health port, on
/// <paramref name="HealthHost"/> (loopback for <c>up</c>; its machine's host for <c>check</c> against a rendered deployment).
/// </summary>
internal sealed record UpAgent(string Verb, string ConfigPath, string Job, string Instance, int HealthPort, string HealthHost = "127.0.0.1")
{
    public string ChildName => "agent-" + Verb;

    /// <summary>True when the health listener speaks only https (<c>up --secure</c>, C# agents: <c>web_config_file</c>).</summary>
    public bool HealthTls { get; init; }

    public Uri HealthUrl => new($"{(HealthTls ? "https" : "http")}://{HealthHost}:{HealthPort}/health");

    /// <summary>False for the Python example agent: it publishes no health to NATS, so the cluster view does not list it.</summary>
    public bool PublishesNatsHealth { get; init; } = true;
}
