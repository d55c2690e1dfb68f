using DualHub.Cli.Supervision;

namespace DualHub.Cli.Up;

/// <summary>
/// The Python client's example agent (clients/python, shipped next to the CLI under <c>python/</c>) as one more agent of
/// <c>dualhub up --python-agent</c>: <c>/usr/bin/python3 -m dualhub_client.example --config FILE</c>, so the failover
/// drills measure both clients.
/// </summary>
internal static class PythonAgent
{
    public const string Verb = "python-example";
    public const string Python = "/usr/bin/python3";

    public static string ConfigTemplate => Path.Combine(AgentConfigRenderer.TemplateDirectory, "python", "example.yaml");

    public static string PackageRoot => Path.Combine(AppContext.BaseDirectory, "python");

    /// <summary>The supervised child of <paramref name="agent"/>, whose config was rendered from <see cref="ConfigTemplate"/>.</summary>
    public static ChildSpec Child(UpAgent agent, string directory)
    {
        if (!File.Exists(Python) || !File.Exists(Path.Combine(PackageRoot, "dualhub_client", "example.py")))
        {
            throw new InvalidOperationException($"--python-agent needs {Python} (Debian python3, python3-prometheus-client, python3-yaml) and the client in {PackageRoot}");
        }

        return new ChildSpec(agent.ChildName, "agent", ["-m", "dualhub_client.example", "--config", agent.ConfigPath], directory, agent.HealthUrl)
        {
            Executable = Python,
            Environment = new Dictionary<string, string> { ["PYTHONPATH"] = PackageRoot, ["PYTHONUNBUFFERED"] = "1" },
        };
    }
}
