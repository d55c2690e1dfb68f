using System.CommandLine;
using DualHub.Cli.Commands;
using DualHub.Cli.Supervision;

ParentWatch.StartIfRequested(TimeProvider.System);
var root = new RootCommand("DualHub: dual-hub observability backbone (Pushgateway API, remote-write, NATS JetStream).");
root.Subcommands.Add(HubCommand.Create());
root.Subcommands.Add(UpCommand.Create());
root.Subcommands.Add(AgentCommand.Create());
root.Subcommands.Add(StreamsCommand.Create());
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
