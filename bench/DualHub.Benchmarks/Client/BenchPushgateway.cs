using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DualHub.Benchmarks.Client;

/// <summary>
/// A real prometheus-pushgateway 1.5.1 process on a loopback port, for the agent drills; with
/// <c>DUALHUB_BENCH_NETNS</c> and <c>DUALHUB_BENCH_HOST</c> set (bench/agent-failover-netem.sh), inside that network
/// namespace on that address, so every request crosses the namespace's link (<c>ip netns exec</c> execs the
/// pushgateway: the signals reach it).
/// </summary>
internal sealed class BenchPushgateway : IDisposable
{
    private readonly Process _process;

    private BenchPushgateway(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    private static string? Netns => Environment.GetEnvironmentVariable("DUALHUB_BENCH_NETNS");

    private static string Host => Environment.GetEnvironmentVariable("DUALHUB_BENCH_HOST") ?? "127.0.0.1";

    public string Url => $"http://{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public static async Task<BenchPushgateway> StartAsync(int port)
    {
        string[] gateway = ["/usr/bin/prometheus-pushgateway", $"--web.listen-address={Host}:{port.ToString(CultureInfo.InvariantCulture)}", "--persistence.file="];
        var psi = new ProcessStartInfo(Netns is null ? gateway[0] : "ip", Netns is null ? gateway[1..] : ["netns", "exec", Netns, .. gateway])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start prometheus-pushgateway");
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        var gw = new BenchPushgateway(p, port);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                using var r = await http.GetAsync(new Uri(gw.Url + "/-/ready"));
                if (r.IsSuccessStatusCode)
                {
                    return gw;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(20);
        }

        gw.Dispose();
        throw new TimeoutException("pushgateway did not become ready");
    }

    public void Signal(int signal)
    {
        using var kill = Process.Start("kill", [$"-{signal.ToString(CultureInfo.InvariantCulture)}", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Signal(18);
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
