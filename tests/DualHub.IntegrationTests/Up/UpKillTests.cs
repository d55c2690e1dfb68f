using System.Globalization;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Up;

public sealed class UpKillTests
{
    private static readonly int[] Offsets = UpCheckTests.Offsets;
    private static readonly int[] NatsOffsets = [4222 - 9000, 4223 - 9000, 8222 - 9000, 8223 - 9000, 7422 - 9000];

    [Fact]
    public async Task Nats_servers_the_store_and_the_alerting_pair_die_with_a_sigkilled_up_and_free_every_port()
    {
        var basePort = FreePort.NextBlock(Offsets);
        var state = TempDir.Create();
        var programs = new List<int>();
        try
        {
            await using (var up = DualHubProcess.Start(["up", "--base-port", basePort.ToString(CultureInfo.InvariantCulture), "--state", state]))
            {
                // Kill once vmalert answers: it starts after the store, the hubs and Alertmanager.
                await up.WaitForHttpOkAsync($"http://127.0.0.1:{basePort + 8880 - 9000}/health", TimeSpan.FromSeconds(60));
                await up.WaitForHttpOkAsync($"http://127.0.0.1:{basePort + 8428 - 9000}/health", TimeSpan.FromSeconds(10));
                await up.WaitForHttpOkAsync($"http://127.0.0.1:{basePort + 93}/-/ready", TimeSpan.FromSeconds(10));
                var children = ProcessTable.ChildrenOf(up.Pid);
                programs.AddRange(children.Where(c => c.Command is "nats-server" or "victoria-metric" or "vmalert" or "prometheus-aler").Select(c => c.Pid));
                Assert.True(programs.Count == 5, $"expected 2 nats-server, victoria-metrics, vmalert and prometheus-alertmanager among the children of dualhub up, found {string.Join(", ", children.Select(c => c.Command))}: {up.Output}");
                // The store's data and Alertmanager's config and data are under the state folder.
                Assert.True(Directory.Exists(Path.Combine(state, "store", "data")), up.Output);
                Assert.Contains("/api/v1/alerts/webhook", await File.ReadAllTextAsync(Path.Combine(state, "alertmanager", "alertmanager.yml")), StringComparison.Ordinal);

                up.Signal(9);
                await up.WaitForExitAsync();
            }

            await Poll.UntilAsync(() => programs.All(ProcessTable.IsGone), TimeSpan.FromSeconds(30), $"pids {string.Join(", ", programs)} to die with their parent");
            await Poll.UntilAsync(() => NatsOffsets.All(o => FreePort.IsFree(basePort + o)), TimeSpan.FromSeconds(30), "the NATS ports to be free");
            // Hubs and agents die with it the same way; a new `up` on these ports can start.
            await Poll.UntilAsync(() => Offsets.All(o => FreePort.IsFree(basePort + o)), TimeSpan.FromSeconds(30), "every port of up to be free");
        }
        finally
        {
            foreach (var pid in programs.Where(p => !ProcessTable.IsGone(p)))
            {
                DualHub.Core.Processes.ProcessSignal.Send(pid, DualHub.Core.Processes.ProcessSignal.Kill);
            }

            TempDir.Delete(state);
        }
    }

    [Fact]
    public async Task Up_refuses_to_start_next_to_a_leftover_nats_server_and_names_it()
    {
        var basePort = FreePort.NextBlock(Offsets);
        var client = basePort + 4222 - 9000;
        await using var leftover = ExternalProcess.Start(new DualHub.Nats.Supervision.NatsSupervisorOptions().ResolveBinary(), ["-a", "127.0.0.1", "-p", client.ToString(CultureInfo.InvariantCulture)]);
        await Poll.UntilAsync(() => !FreePort.IsFree(client), TimeSpan.FromSeconds(10), "the leftover nats-server to listen");
        var state = TempDir.Create();
        try
        {
            var (code, output) = await DualHubProcess.RunAsync(["up", "--base-port", basePort.ToString(CultureInfo.InvariantCulture), "--state", state], TimeSpan.FromSeconds(60));

            Assert.True(code == 2, output);
            Assert.Contains($"nats-mainpc :{client} (held by pid {leftover.Pid} nats-server)", output, StringComparison.Ordinal);
            Assert.False(leftover.HasExited);
        }
        finally
        {
            TempDir.Delete(state);
        }
    }
}
