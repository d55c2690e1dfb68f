using System.CommandLine;
using DualHub.Metrics.Durations;
using DualHub.Nats.Streams;
using DualHub.Nats.Topology;

namespace DualHub.Cli.Commands;

/// <summary><c>dualhub streams apply</c>: declarative, idempotent JetStream streams and consumers.</summary>
internal static class StreamsCommand
{
    public static Command Create()
    {
        var topology = new Option<FileInfo?>("--topology") { Description = "Topology file (YAML with a 'nats:' section); streams go where the topology puts them." };
        var servers = new Option<string[]>("--server")
        {
            Description = "NATS URL of one JetStream system (repeatable); used instead of --topology.",
            AllowMultipleArgumentsPerToken = true,
        };
        var replicas = new Option<int>("--replicas") { Description = "Stream replicas with --server (default 1).", DefaultValueFactory = _ => 1 };
        var dupWindow = new Option<string>("--duplicate-window") { Description = "Nats-Msg-Id dedup window with --server (default 2m).", DefaultValueFactory = _ => "2m" };
        var node = new Option<string?>("--node") { Description = "With --topology: only this node's JetStream system (what a machine's own dualhub-streams unit applies)." };
        var timeout = new Option<string>("--timeout") { Description = "Give up on a server that does not answer (no meta leader) after this long (default 10s).", DefaultValueFactory = _ => "10s" };
        var apply = new Command("apply", "Create or update the observability streams and consumers; prints what changed.") { topology, servers, replicas, dupWindow, node, timeout };
        apply.SetAction(async (parse, ct) =>
        {
            try
            {
                var limit = PositiveDuration(parse.GetValue(timeout), "--timeout");
                var file = parse.GetValue(topology);
                var urls = parse.GetValue(servers) ?? [];
                if ((file is null) == (urls.Length == 0))
                {
                    Console.Error.WriteLine("dualhub streams apply: give either --topology FILE or --server URL ...");
                    return 2;
                }

                IReadOnlyList<NatsApplyChange> changes;
                if (file is not null)
                {
                    var options = NatsTopologyLoader.LoadFile(file.FullName);
                    var lines = NatsTopologyLoader.KeyLines(await File.ReadAllTextAsync(file.FullName, ct));
                    var issues = NatsTopologyValidator.Validate(options);
                    foreach (var issue in issues)
                    {
                        Console.Error.WriteLine($"{file.FullName}:{NatsTopologyLoader.LineOf(lines, issue.Key)}: {issue}");
                    }

                    if (issues.Any(i => i.Severity == NatsIssueSeverity.Error))
                    {
                        return 2;
                    }

                    changes = parse.GetValue(node) is { } only
                        ? await ApplyNodeAsync(options, only, limit, ct)
                        : await NatsStreamApplier.ApplyAsync(options, limit, ct);
                }
                else if (parse.GetValue(node) is not null)
                {
                    Console.Error.WriteLine("dualhub streams apply: --node needs --topology");
                    return 2;
                }
                else
                {
                    var r = parse.GetValue(replicas);
                    if (r is < 1 or > 5)
                    {
                        Console.Error.WriteLine($"dualhub streams apply: --replicas {r} must be 1-5");
                        return 2;
                    }

                    var target = NatsStreamPlan.ForServers("servers", urls, r);
                    changes = await NatsStreamApplier.ApplyAsync(target, PositiveDuration(parse.GetValue(dupWindow), "--duplicate-window"), limit, ct);
                }

                foreach (var change in changes)
                {
                    Console.WriteLine(change);
                }

                Console.WriteLine($"{changes.Count(c => c.Action == NatsApplyAction.Created)} created, {changes.Count(c => c.Action == NatsApplyAction.Updated)} updated, {changes.Count(c => c.Action == NatsApplyAction.Unchanged)} unchanged");
                return 0;
            }
            catch (Exception ex) when (ex is NatsTopologyException or FormatException or ArgumentException)
            {
                Console.Error.WriteLine($"dualhub streams apply: {ex.Message}");
                return 2;
            }
            catch (NatsApplyException ex)
            {
                Console.Error.WriteLine($"dualhub streams apply: {ex.Message}");
                return 1;
            }
        });
        return new Command("streams", "JetStream streams and consumers.") { apply };
    }

    // One machine's part of the topology's plan: in the leaf topology its own domain (a hub's streams source the edges');
    // in a cluster the one system, reached through this node.
    private static async Task<IReadOnlyList<NatsApplyChange>> ApplyNodeAsync(NatsTopologyOptions options, string name, TimeSpan limit, CancellationToken ct)
    {
        var node = options.Find(name) ?? throw new ArgumentException($"--node '{name}' is not a node of the topology ({string.Join(", ", options.Nodes.Select(n => n.Name))})");
        var plan = NatsStreamPlan.For(options);
        var target = options.Topology == NatsTopologyKind.Leaf
            ? plan.Single(t => t.Label == node.Name)
            : plan[0] with { Urls = [node.ClientUrl] };
        return await NatsStreamApplier.ApplyAsync(target, options.DuplicateWindowValue, limit, ct);
    }

    // Go syntax allows a sign; a timeout or a dedup window must be more than zero.
    private static TimeSpan PositiveDuration(string? text, string option)
    {
        var value = DurationText.Parse(text, DurationSyntax.Go, option);
        return value > TimeSpan.Zero ? value : throw new FormatException($"{option}: '{text}' must be more than zero");
    }
}
