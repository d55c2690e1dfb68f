using System.Globalization;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Up;

public sealed class UpKillTests
{
    private static readonly int[] Offsets = UpCheckTests.Offsets;
    private static readonly int[] NatsOffsets = [4222 - 9000, 4223 - 9000, 8222 - 9000, 8223 - 9000, 7422 - 9000];

    [Fact]
    public async Task Nats_servers_die_with_a_sigkilled_up_and_free_every_port()
    {
        var basePort = FreePort.NextBlock(Offsets);
        var state = TempDir.Create();
        var nats = new List<int>();
        try
        {
            await using (var up = DualHubProcess.Start(["up", "--base-port", basePort.ToString(CultureInfo.InvariantCulture), "--state", state]))
            {
                // Kill as soon as both servers are healthy: the cheapest moment that has them running.
                await up.WaitForHttpOkAsync($"http://127.0.0.1:{basePort + 8222 - 9000}/healthz", TimeSpan.FromSeconds(60));
                await up.WaitForHttpOkAsync($"http://127.0.0.1:{basePort + 8223 - 9000}/healthz", TimeSpan.FromSeconds(60));
                nats.AddRange(ProcessTable.ChildrenOf(up.Pid).Where(c => c.Command == "nats-server").Select(c => c.Pid));
                Assert.True(nats.Count == 2, $"expected 2 nats-server children of dualhub up, found {nats.Count}: {up.Output}");

                up.Signal(9);
                await up.WaitForExitAsync();
            }

            await Poll.UntilAsync(() => nats.All(ProcessTable.IsGone), TimeSpan.FromSeconds(30), $"nats-server pids {string.Join(", ", nats)} to die with their parent");
            await Poll.UntilAsync(() => NatsOffsets.All(o => FreePort.IsFree(basePort + o)), TimeSpan.FromSeconds(30), "the NATS ports to be free");
            // Hubs and agents die with it the same way; a new `up` on these ports can start.
            await Poll.UntilAsync(() => Offsets.All(o => FreePort.IsFree(basePort + o)), TimeSpan.FromSeconds(30), "every port of up to be free");
        }
        finally
        {
            foreach (var pid in nats.Where(p => !ProcessTable.IsGone(p)))
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
