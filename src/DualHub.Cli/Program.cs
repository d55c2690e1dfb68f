using System.CommandLine;
using DualHub.Cli.Commands;

var root = new RootCommand("DualHub: dual-hub observability backbone (Pushgateway API, remote-write, NATS JetStream).");
root.Subcommands.Add(HubCommand.Create());
root.Subcommands.Add(UpCommand.Create());
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(AgentCommand.Create());
root.Subcommands.Add(StreamsCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(ValidateCommand.Create());
root.Subcommands.Add(RenderCommand.Create());
root.Subcommands.Add(MigrateCommand.Create());
root.Subcommands.Add(RollbackCommand.Create());
root.Subcommands.Add(SoakCommand.Create());

// One shutdown token for every verb: the first SIGINT/SIGTERM asks for a clean stop (children, NATS, journals) and
// waits for it however long it takes; a second one terminates at once.
using var shutdown = new CancellationTokenSource();
void OnSignal(System.Runtime.InteropServices.PosixSignalContext context)
{
    if (!shutdown.IsCancellationRequested)
    {
        context.Cancel = true;
        shutdown.Cancel();
    }
}

using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, OnSignal);
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, OnSignal);
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, shutdown.Token).ConfigureAwait(false);
