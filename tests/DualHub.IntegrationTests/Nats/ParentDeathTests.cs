using DualHub.Nats.Supervision;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Nats;

public sealed class ParentDeathTests
{
    // PR_SET_PDEATHSIG fires when the thread that forked the child exits; .NET forks on the calling thread. A server
    // started from a short-lived thread must outlive that thread (the supervisor forks from its own launcher thread).
    [Fact]
    public async Task A_server_started_from_a_thread_that_exits_keeps_running()
    {
        Assert.True(File.Exists("/usr/bin/setpriv"), "util-linux setpriv is what makes servers die with their parent");
        var dir = TempDir.Create();
        try
        {
            await using var deployment = NatsSupervisor.Create(NatsTestTopologies.Leaf(dir), Path.Combine(dir, "conf"));
            var server = deployment.Servers["mainpc"];
            string? task = null;
            var starter = new Thread(() =>
            {
                task = new FileInfo("/proc/thread-self").LinkTarget; // "PID/task/TID"
                server.StartAsync().GetAwaiter().GetResult();
            });
            starter.Start();
            starter.Join();
            Assert.NotNull(task);
            await Poll.UntilAsync(() => !Directory.Exists(Path.Combine("/proc", task)), TimeSpan.FromSeconds(10), "the starting thread to be gone");

            await server.WaitReadyAsync(NatsReadiness.Healthy, TimeSpan.FromSeconds(30));
            Assert.True(server.IsRunning, server.RecentOutput);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }
}
