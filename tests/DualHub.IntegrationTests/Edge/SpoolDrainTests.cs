using System.Globalization;
using System.Text.Json;
using DualHub.Client;
using DualHub.Client.Events;
using DualHub.Client.Options;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Edge;

/// <summary>
/// An agent that spooled many batches while both hubs were down drains them into EdgeHub back to back, much faster
/// than one per millisecond. Every accepted push must reach the long-term store behind CentralHub as its own sample:
/// real Prometheus 2.42 as the store refuses a second sample of a series at the same timestamp.
/// </summary>
public sealed class SpoolDrainTests : IAsyncLifetime
{
    private const int Spooled = 100;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _dir = TempDir.Create();
    private readonly List<IAsyncDisposable> _cleanup = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            await _cleanup[i].DisposeAsync();
        }

        TempDir.Delete(_dir);
    }

    [Fact]
    public async Task A_spool_drained_into_EdgeHub_at_full_speed_reaches_the_store_with_every_sequence_once()
    {
        var (prom, promUrl) = await Anchors.StartPrometheusAsync("global:\n  scrape_interval: 1m\n", "--web.enable-remote-write-receiver");
        _cleanup.Add(prom);
        var (centralPort, edgePort) = (FreePort.Next(), FreePort.Next());
        var (centralUrl, edgeUrl) = ($"http://127.0.0.1:{centralPort}", $"http://127.0.0.1:{edgePort}");

        // Both hubs down: the agent spools every batch.
        var o = new AgentOptions { Agent = { Name = "spool_agent", Node = "pc2" }, PushInterval = TimeSpan.FromMilliseconds(20), HealthPort = 0 };
        o.Hubs.Add(new HubEndpoint("edge", new Uri(edgeUrl)));
        o.Hubs.Add(new HubEndpoint("central", new Uri(centralUrl)));
        o.Failover.HealthCheckInterval = TimeSpan.FromMilliseconds(200);
        o.Failover.RecoveryBackoff = TimeSpan.FromMilliseconds(100);
        o.Spool.Path = Path.Combine(_dir, "spool");
        var agent = DualHubAgentFactory.Create(o);
        using var recorder = new FailoverRecorder(agent);
        _cleanup.Add(agent);
        await agent.StartAsync();
        await Poll.UntilAsync(() => agent.Stats.SpoolBatches >= Spooled, Wait, $"{Spooled} batches spooled");

        // EdgeHub comes back and takes the drained spool; CentralHub (and with it the store) only afterwards, so the
        // whole backlog is stamped by EdgeHub within a few milliseconds and forwarded from its journal.
        var edgeConfig = Path.Combine(_dir, "edge.yml");
        await File.WriteAllTextAsync(edgeConfig, $"role: edge\nremote_write:\n  - url: {centralUrl}/api/v1/write\n    name: central\n    queue_config:\n      min_backoff: 50ms\n      max_backoff: 500ms\n");
        var edge = DualHubProcess.Start(["hub", "--config", edgeConfig, "--listen", $"127.0.0.1:{edgePort}", "--data", Path.Combine(_dir, "edge")]);
        _cleanup.Add(edge);
        await edge.WaitForHttpOkAsync(edgeUrl + "/-/ready", Wait);
        await Poll.UntilAsync(() => agent.Stats.SpoolBatches == 0 && recorder.Accepted.Any(a => a.FromSpool), Wait, "the spool drained into EdgeHub");

        var centralConfig = Path.Combine(_dir, "central.yml");
        await File.WriteAllTextAsync(centralConfig, $"role: central\nremote_write:\n  - url: {promUrl}/api/v1/write\n    name: long-term\n");
        var central = DualHubProcess.Start(["hub", "--config", centralConfig, "--listen", $"127.0.0.1:{centralPort}", "--data", Path.Combine(_dir, "central")]);
        _cleanup.Add(central);
        await central.WaitForHttpOkAsync(centralUrl + "/-/ready", Wait);

        await agent.StopAsync();
        var accepted = recorder.Accepted.Select(a => a.Sequence).Distinct().Order().ToList();
        Assert.True(recorder.Accepted.Count(a => a.FromSpool) >= Spooled, $"drained from the spool: {recorder.Accepted.Count(a => a.FromSpool)}");
        Assert.Empty(recorder.MissingSequences());

        // Every accepted sequence is one sample in the store, once; none was refused or dropped on the way. (A push in
        // flight when the agent stopped may be in the store without the agent having seen its answer.)
        var stored = await Poll.UntilAsync(
            async () => await StoredSequencesAsync(promUrl) is { } s && accepted.All(a => s.Contains(a)) ? s : null,
            Wait,
            $"{accepted.Count} sequences in the store");
        Assert.Equal(stored.Count, stored.Distinct().Count());
        Assert.All(stored, s => Assert.True(s <= agent.Stats.Sequence, $"sequence {s} was never pushed"));
        var metrics = await Http.GetStringAsync(new Uri(centralUrl + "/metrics"));
        Assert.Matches(@"(?m)^dualhub_central_samples_dropped_total\{path=""http"",reason=""conflict""\} 0$", metrics);
        Assert.Contains("dualhub_remote_write_samples_failed_total{upstream=\"long-term\",url=\"" + promUrl + "/api/v1/write\"} 0", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pushes_of_one_group_arriving_faster_than_one_per_millisecond_each_reach_the_store()
    {
        const int Pushes = 400;
        var (prom, promUrl) = await Anchors.StartPrometheusAsync("global:\n  scrape_interval: 1m\n", "--web.enable-remote-write-receiver");
        _cleanup.Add(prom);
        var (centralUrl, edgeUrl) = await StartHubsAsync(promUrl);

        // Eight senders at once, as many agents' drains or one agent's retries could be: many pushes share a millisecond.
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) <= Pushes)
            {
                using var body = new StringContent($"dualhub_push_sequence {n}\n");
                using var response = await Http.PutAsync(new Uri($"{edgeUrl}/metrics/job/burst"), body);
                response.EnsureSuccessStatusCode();
            }
        })));

        var stored = await Poll.UntilAsync(
            async () => await StoredSequencesAsync(promUrl, "burst") is { Count: >= Pushes } s ? s : null,
            Wait,
            $"{Pushes} pushes in the store");
        Assert.Equal(Enumerable.Range(1, Pushes).Select(i => (long)i), stored.Order());
        var metrics = await Http.GetStringAsync(new Uri(centralUrl + "/metrics"));
        Assert.Matches(@"(?m)^dualhub_central_samples_dropped_total\{path=""http"",reason=""conflict""\} 0$", metrics);
    }

    [Fact]
    public async Task A_batch_EdgeHub_committed_and_the_agent_resent_to_CentralHub_is_one_sample_in_the_store()
    {
        // EdgeHub committed batch 1 but its answer never reached the agent (killed mid-response, a partition): the agent
        // sends the same batch, with the same batch time, to CentralHub. Both hubs stamp it with that time: one sample.
        var (prom, promUrl) = await Anchors.StartPrometheusAsync("global:\n  scrape_interval: 1m\n", "--web.enable-remote-write-receiver");
        _cleanup.Add(prom);
        var (centralUrl, edgeUrl) = await StartHubsAsync(promUrl);
        var batchTime = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - 2_000;

        Assert.Equal(400, await PushAsync(edgeUrl, 1, "soon"));
        Assert.Equal(200, await PushAsync(edgeUrl, 1, batchTime.ToString(CultureInfo.InvariantCulture)));
        await Poll.UntilAsync(async () => await StoredSequencesAsync(promUrl, "resent") is { Count: 1 }, Wait, "batch 1 forwarded by EdgeHub");
        Assert.Equal(200, await PushAsync(centralUrl, 1, batchTime.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(200, await PushAsync(centralUrl, 2, (batchTime + 1_000).ToString(CultureInfo.InvariantCulture)));

        var stored = await Poll.UntilAsync(
            async () => await StoredSamplesAsync(promUrl, "resent") is { Count: >= 2 } s ? s : null,
            Wait,
            "batch 2 in the store");
        Assert.Equal([(batchTime, 1L), (batchTime + 1_000, 2L)], stored);
        var metrics = await Http.GetStringAsync(new Uri(centralUrl + "/metrics"));
        Assert.Matches(@"(?m)^dualhub_central_samples_dropped_total\{path=""local"",reason=""duplicate""\} 1$", metrics);
    }

    private static async Task<int> PushAsync(string hubUrl, long sequence, string batchTime)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"{hubUrl}/metrics/job/resent"))
        {
            Content = new StringContent($"dualhub_push_sequence {sequence}\n"),
        };
        request.Headers.Add("X-DualHub-Batch-Time", batchTime);
        using var response = await Http.SendAsync(request);
        return (int)response.StatusCode;
    }

    /// <summary>EdgeHub forwarding to CentralHub, which forwards to the store at <paramref name="storeUrl"/>.</summary>
    private async Task<(string Central, string Edge)> StartHubsAsync(string storeUrl)
    {
        var (centralPort, edgePort) = (FreePort.Next(), FreePort.Next());
        var (centralUrl, edgeUrl) = ($"http://127.0.0.1:{centralPort}", $"http://127.0.0.1:{edgePort}");
        var centralConfig = Path.Combine(_dir, "central.yml");
        await File.WriteAllTextAsync(centralConfig, $"role: central\nremote_write:\n  - url: {storeUrl}/api/v1/write\n    name: long-term\n");
        var central = DualHubProcess.Start(["hub", "--config", centralConfig, "--listen", $"127.0.0.1:{centralPort}", "--data", Path.Combine(_dir, "central")]);
        _cleanup.Add(central);
        var edgeConfig = Path.Combine(_dir, "edge.yml");
        await File.WriteAllTextAsync(edgeConfig, $"role: edge\nremote_write:\n  - url: {centralUrl}/api/v1/write\n    name: central\n");
        var edge = DualHubProcess.Start(["hub", "--config", edgeConfig, "--listen", $"127.0.0.1:{edgePort}", "--data", Path.Combine(_dir, "edge")]);
        _cleanup.Add(edge);
        await central.WaitForHttpOkAsync(centralUrl + "/-/ready", Wait);
        await edge.WaitForHttpOkAsync(edgeUrl + "/-/ready", Wait);
        return (centralUrl, edgeUrl);
    }

    /// <summary>Every raw sample of <c>dualhub_push_sequence</c> of <paramref name="job"/> in the store (a range selector over 1 h).</summary>
    private static async Task<List<long>?> StoredSequencesAsync(string promUrl, string job = "spool_agent") =>
        (await StoredSamplesAsync(promUrl, job))?.Select(s => s.Value).ToList();

    /// <summary>Every raw sample (time in ms, value) of <c>dualhub_push_sequence</c> of <paramref name="job"/> in the store.</summary>
    private static async Task<List<(long TimeMs, long Value)>?> StoredSamplesAsync(string promUrl, string job)
    {
        var query = Uri.EscapeDataString($"dualhub_push_sequence{{job=\"{job}\"}}[1h]");
        using var doc = JsonDocument.Parse(await Http.GetStringAsync(new Uri($"{promUrl}/api/v1/query?query={query}")));
        var result = doc.RootElement.GetProperty("data").GetProperty("result");
        if (result.GetArrayLength() == 0)
        {
            return null;
        }

        return [.. result.EnumerateArray().SelectMany(s => s.GetProperty("values").EnumerateArray())
            .Select(v => ((long)Math.Round(v[0].GetDouble() * 1000), long.Parse(v[1].GetString()!, CultureInfo.InvariantCulture)))];
    }
}
