namespace DualHub.Cli.Up;

/// <summary>A pilot agent of the local deployment: its verb, rendered config, job/instance (grouping key) and /health port.</summary>
internal sealed record UpAgent(string Verb, string ConfigPath, string Job, string Instance, int HealthPort)
{
    public string ChildName => "agent-" + Verb;

    public Uri HealthUrl => new($"http://127.0.0.1:{HealthPort}/health");
}
