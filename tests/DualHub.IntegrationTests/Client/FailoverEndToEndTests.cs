using System.Globalization;
using DualHub.Client;
using DualHub.Client.Events;
using DualHub.Client.Options;
using DualHub.Testing;
using Xunit.Abstractions;

namespace DualHub.IntegrationTests.Client;

/// <summary>
/// The SDK against real prometheus-pushgateway 1.5.1 processes as primary and fallback hubs: crash (SIGKILL),
/// hang (SIGSTOP), return (restart / SIGCONT). Times are measured from the fault to the first push the fallback accepted.
/// </summary>
#pragma warning disable CA1001 // the recorder is disposed in DisposeAsync (IAsyncLifetime)
[Collection(TimingBoundTests.Name)]
public sealed class FailoverEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
#pragma warning restore CA1001
{
    private static readonly TimeSpan PushInterval = TimeSpan.FromMilliseconds(200);
    private readonly string _spool = TempDir.Create();
    private readonly List<IAsyncDisposable> _cleanup = [];
    private FailoverRecorder? _recorder;
    private ExternalProcess _primary = null!;
    private ExternalProcess _fallback = null!;
    private string _primaryUrl = null!;
    private string _fallbackUrl = null!;

    public async Task InitializeAsync()
    {
        (_primary, _primaryUrl) = await Anchors.StartPushgatewayAsync();
        (_fallback, _fallbackUrl) = await Anchors.StartPushgatewayAsync();
        _cleanup.Add(_primary);
        _cleanup.Add(_fallback);
    }

    public async Task DisposeAsync()
    {
        _recorder?.Dispose();
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }

        TempDir.Delete(_spool);
    }

    private async Task<IDualHubAgent> StartAgentAsync(Action<AgentOptions>? tweak = null)
    {
        var o = new AgentOptions { Agent = { Name = "e2e_agent", Node = "pc2" }, PushInterval = PushInterval, HealthPort = 0 };
        o.Hubs.Add(new HubEndpoint("primary", new Uri(_primaryUrl)));
        o.Hubs.Add(new HubEndpoint("fallback", new Uri(_fallbackUrl)));
        o.Failover.HealthCheckInterval = TimeSpan.FromSeconds(1);
        o.Failover.RecoveryBackoff = TimeSpan.FromMilliseconds(200);
        o.Spool.Path = _spool;
        tweak?.Invoke(o);
        var agent = DualHubAgentFactory.Create(o);
        _recorder = new FailoverRecorder(agent);
        _cleanup.Add(agent);
        await agent.StartAsync();
        await Poll.UntilAsync(() => _recorder!.Accepted.Count(a => a.HubIndex == 0) >= 3, TimeSpan.FromSeconds(10), "three pushes accepted by the primary");
        return agent;
    }

    private async Task<BatchAcceptedEventArgs> FirstAcceptedByAsync(int hub, DateTimeOffset after, TimeSpan timeout) =>
        await Poll.UntilAsync(() => Task.FromResult(_recorder!.FirstAcceptedBy(hub, after)), timeout, $"a push accepted by hub {hub}");

    /// <summary>
    /// Waits for <paramref name="count"/> hub changes: a probe switches the active hub a moment before it raises the
    /// change and counts it, so a push can reach the new hub (and be seen above) before either.
    /// </summary>
    private Task ChangesAsync(int count) =>
        Poll.UntilAsync(() => _recorder!.Changes.Count >= count, TimeSpan.FromSeconds(10), $"{count} hub change(s) raised");

    /// <summary>Every sequence from the first to the last accepted was accepted by some hub.</summary>
    private void AssertNoSequenceGap()
    {
        var missing = _recorder!.MissingSequences();
        Assert.True(missing.Count == 0, "sequence gap: " + string.Join(",", missing));
        Assert.True(_recorder!.Accepted.Count > 5);
    }

    private static async Task<double?> SequenceOnHubAsync(string url)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri(url + "/metrics"));
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("dualhub_push_sequence{", StringComparison.Ordinal) && l.Contains("job=\"e2e_agent\"", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Crashed_primary_fails_over_in_under_a_second_without_a_sequence_gap_and_fails_back_after_restart()
    {
        var agent = await StartAgentAsync();
        var port = new Uri(_primaryUrl).Port;

        var fault = TimeProvider.System.GetUtcNow();
        _primary.Signal(9);
        var first = await FirstAcceptedByAsync(1, fault, TimeSpan.FromSeconds(10));

        output.WriteLine($"crash failover {(first.At - fault).TotalMilliseconds:0} ms (batch {first.Sequence}, {first.Attempts} attempts)");
        Assert.True(first.At - fault < TimeSpan.FromSeconds(1), $"failover took {(first.At - fault).TotalMilliseconds:0} ms");
        await ChangesAsync(1);
        var failover = Assert.Single(_recorder!.Changes);
        Assert.True(failover.IsFailover);
        Assert.Equal(("primary", "fallback"), (failover.FromHub, failover.ToHub));
        Assert.Equal(1, agent.Stats.Failovers);
        Assert.True(await SequenceOnHubAsync(_fallbackUrl) >= first.Sequence, "the fallback pushgateway holds the re-sent batch");

        // The primary comes back on the same port: the agent returns after the recovery hysteresis.
        var restarted = ExternalProcess.Start(Anchors.PushgatewayBinary, [$"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--persistence.file="]);
        _cleanup.Add(restarted);
        await restarted.WaitForHttpOkAsync(_primaryUrl + "/-/ready");
        var back = TimeProvider.System.GetUtcNow();
        await FirstAcceptedByAsync(0, back, TimeSpan.FromSeconds(10));

        await ChangesAsync(2);
        Assert.Contains(_recorder!.Changes, c => !c.IsFailover && c.ToHub == "primary");
        Assert.Equal(0, agent.Stats.ActiveHubIndex);
        AssertNoSequenceGap();
    }

    [Fact]
    public async Task Hung_primary_fails_over_in_under_three_seconds_and_fails_back_once_it_answers_again()
    {
        var agent = await StartAgentAsync();

        var fault = TimeProvider.System.GetUtcNow();
        _primary.Signal(19);
        var first = await FirstAcceptedByAsync(1, fault, TimeSpan.FromSeconds(10));

        output.WriteLine($"hang failover {(first.At - fault).TotalMilliseconds:0} ms (batch {first.Sequence}, {first.Attempts} attempts)");
        Assert.True(first.At - fault < TimeSpan.FromSeconds(3), $"failover took {(first.At - fault).TotalMilliseconds:0} ms");
        await ChangesAsync(1);
        Assert.Contains("timeout", Assert.Single(_recorder!.Changes).Reason, StringComparison.Ordinal);

        _primary.Signal(18);
        var resumed = TimeProvider.System.GetUtcNow();
        await FirstAcceptedByAsync(0, resumed, TimeSpan.FromSeconds(10));

        await ChangesAsync(2);
        Assert.Equal(1, agent.Stats.Failbacks);
        Assert.Equal(0, agent.Stats.ActiveHubIndex);
        AssertNoSequenceGap();
    }

    [Fact]
    public async Task With_both_hubs_down_batches_are_spooled_and_delivered_in_order_when_the_fallback_returns()
    {
        var agent = await StartAgentAsync();
        var fallbackPort = new Uri(_fallbackUrl).Port;
        _fallback.Signal(9);
        _primary.Signal(9);
        await Poll.UntilAsync(() => agent.Stats.SpoolBatches >= 3, TimeSpan.FromSeconds(10), "three spooled batches");
        Assert.Equal(-1, agent.Stats.ActiveHubIndex);

        var restarted = ExternalProcess.Start(Anchors.PushgatewayBinary, [$"--web.listen-address=127.0.0.1:{fallbackPort.ToString(CultureInfo.InvariantCulture)}", "--persistence.file="]);
        _cleanup.Add(restarted);
        await Poll.UntilAsync(() => agent.Stats.SpoolBatches == 0 && agent.Stats.ActiveHubIndex == 1, TimeSpan.FromSeconds(10), "the spool delivered to the fallback");

        var spooled = _recorder!.Accepted.Where(a => a.FromSpool).Select(a => a.Sequence).ToList();
        Assert.True(spooled.Count >= 3);
        Assert.Equal(spooled.Order(), spooled);
        AssertNoSequenceGap();
    }

    [Fact]
    public async Task The_health_listener_serves_the_documented_json()
    {
        var agent = await StartAgentAsync();
        using var http = new HttpClient();

        using var doc = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(agent.HealthUrl));
        var root = doc.RootElement;

        Assert.Equal("healthy", root.GetProperty("status").GetString());
        Assert.Equal(("e2e_agent", "pc2"), (root.GetProperty("agent").GetString(), root.GetProperty("node").GetString()));
        Assert.Equal("primary", root.GetProperty("active_hub").GetProperty("name").GetString());
        Assert.Equal(2, root.GetProperty("hubs").GetArrayLength());
        Assert.True(root.GetProperty("last_push").GetProperty("sequence").GetInt64() >= 3);
        Assert.Equal(0, root.GetProperty("spool").GetProperty("batches").GetInt32());
        var metrics = await http.GetStringAsync(new Uri(agent.HealthUrl!, "/metrics"));
        Assert.Contains("# TYPE dualhub_push_sequence gauge", metrics, StringComparison.Ordinal);
        Assert.Contains("dualhub_client_active_hub{hub=\"primary\"", metrics, StringComparison.Ordinal);
    }
}
