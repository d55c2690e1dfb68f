using System.CommandLine;

namespace DualHub.Cli.Commands;

/// <summary><c>dualhub up</c>: starts the whole system on one machine as supervised child processes.</summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var check = new Option<bool>("--check") { Description = "Run the validation checkpoints, print the report, stop everything." };
        var cmd = new Command("up", "Start the whole system on this machine (hubs, NATS, agents).") { check };
        cmd.SetAction((parse, ct) =>
        {
            Console.Error.WriteLine("dualhub up: not built yet");
            return Task.FromResult(1);
        });
        return cmd;
    }
}
