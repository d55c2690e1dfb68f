namespace DualHub.Cli.Render;

/// <summary>
/// One long-running process of the deployment, rendered both as the systemd unit <c>dualhub-Name.service</c> and as
/// the compose service <c>Name</c>, so both run the same command line in the same start order. <c>After</c> names
/// the processes on the same machine that start before this one, in order. A <c>OneShot</c> process runs to completion
/// (retried until it succeeds) before the processes after it start.
/// </summary>
internal sealed record DeployedProcess(string Machine, string Name, string Description, IReadOnlyList<string> CommandLine, IReadOnlyList<string> After, bool OneShot = false)
{
    public string UnitName => UnitOf(Name);

    public static string UnitOf(string name) => $"dualhub-{name}.service";
}
