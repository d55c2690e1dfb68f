using System.CommandLine;
using DualHub.Agents.Hosting;

namespace DualHub.Cli.Commands;

/// <summary><c>dualhub agent NAME --config FILE</c>: runs one pilot agent until SIGINT/SIGTERM.</summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "resource-manager | unified-utils | observability-hub" };
        name.AcceptOnlyFromAmong([.. PilotAgents.Names]);
        var config = new Option<FileInfo>("--config") { Description = "Agent configuration file (the plan's agent YAML).", Required = true };
        var cmd = new Command("agent", "Run one pilot agent: pushes its metrics to the first healthy hub, fails over and back, serves /health.") { name, config };
        cmd.SetAction((parse, ct) => AgentHost.RunAsync(parse.GetValue(name)!, parse.GetValue(config)!.FullName, ct));
        return cmd;
    }
}
