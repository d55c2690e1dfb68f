using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DualHub.Testing;
using Xunit.Abstractions;

namespace DualHub.IntegrationTests.Hub;

/// <summary>Slowloris and clients that never read their response: bounded by Kestrel's limits, never starving a normal push.</summary>
public sealed class SlowClientTests(ITestOutputHelper output)
{
    private const int Each = 100;

    [Fact]
    public async Task Two_hundred_slow_connections_neither_starve_a_push_nor_stay_open()
    {
        await using var hub = await HubInstance.StartAsync();
        using (var setup = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
        {
            // A /metrics of about 200 KB for the non-readers: more than their 4 KiB receive buffer.
            var big = new StringBuilder("# TYPE slow_client_filler gauge\n");
            for (var i = 0; i < 3000; i++)
            {
                big.Append(CultureInfo.InvariantCulture, $"slow_client_filler{{i=\"{i}\",pad=\"{new string('x', 32)}\"}} {i}\n");
            }

            using var content = new StringContent(big.ToString(), Encoding.UTF8, "text/plain");
            Assert.Equal(HttpStatusCode.OK, (await setup.PutAsync(new Uri(hub.Url + "/metrics/job/filler"), content)).StatusCode);
        }

        var endpoint = new IPEndPoint(IPAddress.Loopback, hub.Port);
        var slowloris = new List<Socket>();
        var nonReaders = new List<Socket>();
        using var stopTrickle = new CancellationTokenSource();
        try
        {
            for (var i = 0; i < Each; i++)
            {
                slowloris.Add(await ConnectAsync(endpoint, "PUT /metrics/job/slow HTTP/1.1\r\nHost: 127.0.0.1\r\n", smallReceiveBuffer: false));
                nonReaders.Add(await ConnectAsync(endpoint, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", smallReceiveBuffer: true));
            }

            var trickle = Task.Run(() => TrickleAsync(slowloris, stopTrickle.Token));
            // Every slowloris connection is held (its headers never end). A non-reader may already be done: on loopback
            // the kernel's send buffer (tcp_wmem, up to 4 MB) can take its whole response, and the hub closes it as
            // Connection: close says; the rest wait on the minimum response rate.
            var held = EstablishedTo(hub.Port);
            output.WriteLine($"{held} of {2 * Each} slow connections held open after connecting");
            Assert.InRange(held, Each, 2 * Each);

            // While all of them are held: a normal push and a normal scrape go through at once.
            var sw = Stopwatch.StartNew();
            using (var normal = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
            {
                using var content = new StringContent("# TYPE slow_client_probe gauge\nslow_client_probe 1\n", Encoding.UTF8, "text/plain");
                Assert.Equal(HttpStatusCode.OK, (await normal.PutAsync(new Uri(hub.Url + "/metrics/job/probe"), content)).StatusCode);
                var pushMs = sw.ElapsedMilliseconds;
                Assert.Contains("slow_client_probe{instance=\"\",job=\"probe\"} 1", await normal.GetStringAsync(new Uri(hub.Url + "/metrics")), StringComparison.Ordinal);
                output.WriteLine($"with {2 * Each} slow connections held: push answered in {pushMs} ms, push + 200 KB scrape in {sw.ElapsedMilliseconds} ms");
            }

            // The hub ends every slow connection by itself (headers timeout, minimum response rate).
            sw.Restart();
            await Poll.UntilAsync(() => EstablishedTo(hub.Port) == 0, TimeSpan.FromSeconds(60), "the hub closing all slow connections");
            output.WriteLine($"all {2 * Each} slow connections closed by the hub {sw.Elapsed.TotalSeconds:0.0} s later");
            await stopTrickle.CancelAsync();
            await trickle;
            using var after = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            Assert.Equal(HttpStatusCode.OK, (await after.GetAsync(new Uri(hub.Url + "/-/healthy"))).StatusCode);
        }
        finally
        {
            foreach (var s in slowloris.Concat(nonReaders))
            {
                s.Dispose();
            }
        }
    }

    private static async Task<Socket> ConnectAsync(IPEndPoint endpoint, string request, bool smallReceiveBuffer)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (smallReceiveBuffer)
        {
            socket.ReceiveBufferSize = 4096;
        }

        await socket.ConnectAsync(endpoint);
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        return socket;
    }

    /// <summary>One more header line per second on every slowloris connection, until the hub closes it.</summary>
    private static async Task TrickleAsync(List<Socket> sockets, CancellationToken ct)
    {
        var line = Encoding.ASCII.GetBytes("X-Slow: 1\r\n");
        var open = new List<Socket>(sockets);
        while (!ct.IsCancellationRequested && open.Count > 0)
        {
            foreach (var s in open.ToList())
            {
                try
                {
                    await s.SendAsync(line, SocketFlags.None, ct);
                }
                catch (SocketException)
                {
                    open.Remove(s);
                }
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The hub's ESTABLISHED server-side connections on its port (/proc/net/tcp): what it still holds open. A closed
    /// connection whose unread response still sits in the kernel's buffers is in FIN_WAIT, no longer the hub's.
    /// </summary>
    private static int EstablishedTo(int port)
    {
        var local = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        return File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Count(f => f.Length > 3 && f[1].EndsWith(local, StringComparison.Ordinal) && f[3] == "01");
    }
}
