using System.Net;
using DualHub.Client.Agent;
using DualHub.Client.Health;
using DualHub.Client.Options;
using DualHub.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace DualHub.Client.Tests.Health;

public sealed class HealthListenerTests : IAsyncDisposable
{
    private readonly string _spool = TempDir.Create();
    private readonly FakeTransport _hubs = new();
    private readonly List<DualHubAgent> _agents = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async ValueTask DisposeAsync()
    {
        foreach (var a in _agents)
        {
            await a.DisposeAsync();
        }

        _http.Dispose();
        TempDir.Delete(_spool);
    }

    private async Task<DualHubAgent> StartAsync(int port = 0, TimeProvider? time = null)
    {
        var o = new AgentOptions { Agent = { Name = "h", Node = "n" }, HealthPort = port };
        o.Hubs.Add(new HubEndpoint("primary", new Uri("http://127.0.0.1:9100")));
        o.Spool.Path = Path.Combine(_spool, _agents.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        o.Failover.RetryBackoff = TimeSpan.Zero;
        var a = new DualHubAgent(o.Validate(), _hubs, time ?? TimeProvider.System, NullLogger.Instance, _ => false, NullHealthPublisher.Instance) { AutoRun = false };
        _agents.Add(a);
        await a.StartAsync();
        return a;
    }

    [Fact]
    public async Task Serves_health_json_healthy_and_the_last_batch()
    {
        var agent = await StartAsync();
        await agent.PushNowAsync();

        using var health = await _http.GetAsync(agent.HealthUrl);
        var json = await health.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("application/json", health.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\"status\":\"healthy\"", json, StringComparison.Ordinal);
        Assert.Equal("OK\n", await _http.GetStringAsync(new Uri(agent.HealthUrl!, "/-/healthy")));
        Assert.Contains("dualhub_push_sequence 1\n", await _http.GetStringAsync(new Uri(agent.HealthUrl!, "/metrics")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_503_when_no_hub_accepts_and_404_405_for_the_rest()
    {
        var agent = await StartAsync();
        _hubs.Down(9100);
        await agent.PushNowAsync();

        using var health = await _http.GetAsync(agent.HealthUrl);
        using var missing = await _http.GetAsync(new Uri(agent.HealthUrl!, "/nope"));
        using var post = await _http.PostAsync(agent.HealthUrl, new StringContent("x"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("\"status\":\"unhealthy\"", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    [Fact]
    public async Task A_health_port_in_use_is_refused_naming_the_key()
    {
        var first = await StartAsync();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(first.HealthUrl!.Port));

        Assert.StartsWith("health_port:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connections_beyond_64_wait_for_a_slot_and_are_served_when_one_frees()
    {
        // A clock that does not move: no idle connection times out, only closing one frees its slot.
        var agent = await StartAsync(time: new Microsoft.Extensions.Time.Testing.FakeTimeProvider());
        var endpoint = new IPEndPoint(IPAddress.Loopback, agent.HealthUrl!.Port);
        var idle = new List<System.Net.Sockets.TcpClient>();
        try
        {
            for (var i = 0; i < 64; i++)
            {
                var c = new System.Net.Sockets.TcpClient();
                await c.ConnectAsync(endpoint);
                idle.Add(c);
            }

            // The 65th completes its TCP handshake (the backlog) but is not read while 64 connections hold every slot.
            var ask = _http.GetStringAsync(new Uri(agent.HealthUrl!, "/-/healthy"));
            var early = await Task.WhenAny(ask, Task.Delay(TimeSpan.FromMilliseconds(500)));
            Assert.NotSame(ask, early);

            idle[0].Dispose();
            Assert.Equal("OK\n", await ask.WaitAsync(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            idle.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task The_health_check_reports_unhealthy_and_the_spool_depth_when_no_hub_accepts()
    {
        var agent = await StartAsync();
        _hubs.Down(9100);
        await agent.PushNowAsync();
        var check = new DualHubAgentHealthCheck(agent);

        var result = await check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("a", check, HealthStatus.Unhealthy, null) });

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("none", result.Data["active_hub"]);
        Assert.Equal(1, (int)result.Data["spool_batches"]);
    }
}
