using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DualHub.Cli.Checkpoints;
using DualHub.Cli.Up;
using DualHub.Nats.Messaging;
using DualHub.Nats.Streams;
using DualHub.Testing;
using DualHub.Testing.Netns;
using NATS.Client.JetStream;
using Xunit.Abstractions;

namespace DualHub.IntegrationTests.Deployment;

/// <summary>
/// The rendered deployment on two machines: MainPC and PC2 as network namespaces joined by one link, every program
/// started from the ExecStart of its rendered unit. One deployment goes through the faults in turn, each followed by
/// a heal and a settle; then every accepted agent push must be in CentralHub's journal exactly once, in order.
/// <c>DUALHUB_NETNS_LONG=1</c> lengthens the partition to 5 minutes and the bad-link phases to a minute each.
/// </summary>
[LongRunning]
public sealed class TwoMachineNetnsTests(ITestOutputHelper log) : IDisposable
{
    private static readonly bool Long = Environment.GetEnvironmentVariable("DUALHUB_NETNS_LONG") == "1";

    // Longer than the agents' health_check_interval (30 s): every agent publishes health on PC2 inside the partition.
    private static readonly TimeSpan PartitionFor = Long ? TimeSpan.FromMinutes(5) : TimeSpan.FromSeconds(32);
    private static readonly TimeSpan BadLinkFor = Long ? TimeSpan.FromMinutes(1) : TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(120);

    private static readonly (string Job, string Verb, int Port)[] Agents =
        [("resource_manager", "resource-manager", 9201), ("unified_utils_agent", "unified-utils", 9202), ("observability_hub", "observability-hub", 9203)];

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(3) };

    public void Dispose() => _http.Dispose();

    [TwoMachineFact]
    public async Task The_rendered_deployment_keeps_every_push_through_partitions_machine_losses_and_a_bad_link()
    {
        using var pair = NetnsPair.Create();
        var dir = TempDir.Create();
        try
        {
            await using var deployment = await RenderedDeployment.RenderAsync(pair, dir);
            var m = new Machines(pair.AddressA, pair.AddressB);
            var total = Stopwatch.StartNew();
            await deployment.StartAsync("mainpc");
            await deployment.StartAsync("pc2");
            foreach (var hub in new[] { m.Central, m.Edge, m.PushgatewayMain, m.PushgatewayPc2 })
            {
                await Poll.UntilAsync(() => OkAsync(new Uri(hub, "/-/ready")), Settle, $"{hub} ready ({Outputs(deployment)})");
            }

            await SettleAsync(m, "start");
            Log($"started and settled in {total.Elapsed.TotalSeconds:0.0} s");
            await using var load = new PushgatewayLoad(new Dictionary<string, Uri> { ["mainpc"] = m.PushgatewayMain, ["pc2"] = m.PushgatewayPc2 });

            await PartitionAsync(pair, deployment, m, load, killEdge: false);
            await PartitionAsync(pair, deployment, m, load, killEdge: true);
            await Pc2PowerLossAsync(deployment, m);
            await MainPcLossAsync(deployment, m, load);
            await FlappingLinkAsync(pair, m);
            await SlowLossyLinkAsync(pair, deployment, m);

            await AssertEveryPushOnceInOrderAsync(m, agentKills: 1);
            Log($"whole run {total.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }

    private async Task PartitionAsync(NetnsPair pair, RenderedDeployment deployment, Machines m, PushgatewayLoad load, bool killEdge)
    {
        var name = killEdge ? "partition with EdgeHub SIGKILLed inside" : "partition";
        Log("begin: " + name);
        var before = await AgentHealthAsync(m);
        var nats = await NatsIdsAsync(m);
        var clock = Stopwatch.StartNew();
        pair.Partition();
        if (killEdge)
        {
            // Agents lose both hubs: CentralHub is cut off, EdgeHub gone; they spool until EdgeHub is back.
            await Task.Delay(TimeSpan.FromSeconds(2));
            await deployment.KillAsync("pc2", "edge-hub");
            await Poll.UntilAsync(async () => (await AgentHealthAsync(m)).Values.All(h => h.SpoolBatches > 0), Settle, "every agent spooling");
            await Task.Delay(TimeSpan.FromSeconds(5));
            await deployment.StartAsync("pc2", "edge-hub");
        }

        // MainPC's own Pushgateway stays fresh at CentralHub while PC2 is unreachable.
        var staleness = TimeSpan.Zero;
        var samples = 0;
        while (clock.Elapsed < PartitionFor)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            var seen = await CentralValueAsync(m, "netns_load_sequence{exported_instance=\"mainpc\",hub=\"central-mainpc\"}");
            var age = seen is { } s ? load.Age("mainpc", s) : TimeSpan.MaxValue;
            staleness = age > staleness ? age : staleness;
            samples++;
        }

        Assert.True(staleness < TimeSpan.FromSeconds(5), $"{name}: MainPC's Pushgateway data at CentralHub was {staleness.TotalSeconds:0.0} s old");
        var publishedInside = (await NatsIdsAsync(m)).Pc2.Except(nats.Pc2).ToList();
        var atMainInside = (await NatsIdsAsync(m)).MainPc;
        var heal = Stopwatch.StartNew();
        pair.Heal();

        // What PC2's NATS took while cut off is in MainPC's streams afterwards, each message once.
        var delivered = await Poll.UntilAsync(
            async () => await NatsIdsAsync(m) is var ids && publishedInside.All(ids.MainPc.Contains) ? ids : null,
            Settle,
            $"{publishedInside.Count} messages published on PC2 during the {name} in MainPC's streams",
            TimeSpan.FromMilliseconds(200));
        var natsAfter = heal.Elapsed;
        var settled = await SettleAsync(m, name);
        Assert.NotEmpty(publishedInside);
        Assert.NotEqual(publishedInside.Count, publishedInside.Count(atMainInside.Contains));
        Assert.Equal(delivered.MainPc.Count, delivered.MainPc.Distinct().Count());
        var after = await AgentHealthAsync(m);
        Log($"{name} {clock.Elapsed.TotalSeconds - heal.Elapsed.TotalSeconds:0.0} s: MainPC Pushgateway at CentralHub at most {staleness.TotalSeconds:0.0} s old ({samples} reads); "
            + $"NATS messages published on PC2 inside: {publishedInside.Count} (health + alerts), all in MainPC's streams {natsAfter.TotalSeconds:0.0} s after the heal; "
            + $"settled {natsAfter.TotalSeconds + settled.TotalSeconds:0.0} s after the heal; {Deltas(before, after)}");
    }

    private async Task Pc2PowerLossAsync(RenderedDeployment deployment, Machines m)
    {
        var before = await AgentHealthAsync(m);
        await deployment.KillAsync("pc2");
        var clock = Stopwatch.StartNew();
        await deployment.StartAsync("pc2");
        var boot = clock.Elapsed;
        var settled = await SettleAsync(m, "PC2 power loss");
        Log($"PC2 power loss: every PC2 process SIGKILLed together, booted in unit order in {boot.TotalSeconds:0.0} s, settled {settled.TotalSeconds:0.0} s after; "
            + $"agents restarted at sequence {string.Join(", ", (await AgentHealthAsync(m)).Select(h => $"{h.Key} {before[h.Key].Sequence}->{h.Value.Sequence}"))}");
    }

    private async Task MainPcLossAsync(RenderedDeployment deployment, Machines m, PushgatewayLoad load)
    {
        var before = await AgentHealthAsync(m);
        await deployment.KillAsync("mainpc");
        await Task.Delay(TimeSpan.FromSeconds(5));
        var clock = Stopwatch.StartNew();
        await deployment.StartAsync("mainpc");
        await Poll.UntilAsync(() => OkAsync(new Uri(m.Central, "/-/ready")), Settle, "CentralHub ready after MainPC's restart");
        var ready = clock.Elapsed;
        var settled = await SettleAsync(m, "MainPC loss");
        var pushed = load.Last("mainpc");
        await Poll.UntilAsync(
            async () => await CentralValueAsync(m, "netns_load_sequence{exported_instance=\"mainpc\",hub=\"central-mainpc\"}") >= pushed,
            Settle,
            "MainPC's Pushgateway scraped again after its restart");
        var after = await AgentHealthAsync(m);
        Assert.All(Agents, a => Assert.Equal(before[a.Job].Failovers, after[a.Job].Failovers));
        Log($"MainPC loss (CentralHub, NATS, Pushgateway SIGKILLed, down 5 s): CentralHub ready {ready.TotalSeconds:0.0} s after restart, "
            + $"EdgeHub's backlog delivered and settled {settled.TotalSeconds:0.0} s after the restart; agents stayed on EdgeHub: {Deltas(before, after)}");
    }

    private async Task FlappingLinkAsync(NetnsPair pair, Machines m)
    {
        var before = await AgentHealthAsync(m);
        var clock = Stopwatch.StartNew();
        var flaps = 0;
        while (clock.Elapsed < BadLinkFor)
        {
            pair.Partition();
            await Task.Delay(TimeSpan.FromSeconds(3));
            pair.Heal();
            await Task.Delay(TimeSpan.FromSeconds(2));
            flaps++;
        }

        var settled = await SettleAsync(m, "flapping link");
        var after = await AgentHealthAsync(m);
        Assert.All(Agents, a => Assert.Equal(before[a.Job].Failovers, after[a.Job].Failovers));
        Log($"flapping link: {flaps} cuts of 3 s, 2 s apart, over {clock.Elapsed.TotalSeconds - settled.TotalSeconds:0} s; settled {settled.TotalSeconds:0.0} s after; agents never left EdgeHub: {Deltas(before, after)}");
    }

    private async Task SlowLossyLinkAsync(NetnsPair pair, RenderedDeployment deployment, Machines m)
    {
        // Without netem in the kernel the EdgeHub crash still runs, over the plain link, and says so.
        var link = "slow lossy link (netem delay 100ms 20ms loss 5%)";
        if (pair.NetemUnavailableReason is { } reason)
        {
            link = $"plain link (netem SKIPPED: {reason})";
        }
        else
        {
            pair.Impair("delay", "100ms", "20ms", "loss", "5%");
        }

        var before = await AgentHealthAsync(m);
        try
        {
            await Task.Delay(BadLinkFor / 2);

            // EdgeHub crashes with the slow lossy link to CentralHub: each agent's next batch reaches CentralHub over it.
            var sequences = new PushSequenceReader(_http, TimeProvider.System);
            var agents = Agents.Select(a => new UpAgent(a.Verb, string.Empty, a.Job, "pc2", a.Port, m.Pc2)).ToList();
            var baseline = await sequences.ReadAsync(m.Central, agents, CancellationToken.None);
            var kill = Stopwatch.StartNew();
            await deployment.KillAsync("pc2", "edge-hub");
            var failover = new Dictionary<string, TimeSpan>();
            await Poll.UntilAsync(
                async () =>
                {
                    foreach (var (job, seq) in await sequences.ReadAsync(m.Central, agents, CancellationToken.None))
                    {
                        if (!failover.ContainsKey(job) && seq > baseline.GetValueOrDefault(job))
                        {
                            failover[job] = kill.Elapsed;
                        }
                    }

                    return failover.Count == agents.Count;
                },
                Settle,
                "every agent's next batch on CentralHub after EdgeHub's crash");
            await Task.Delay(TimeSpan.FromSeconds(2));
            var restart = Stopwatch.StartNew();
            await deployment.StartAsync("pc2", "edge-hub");
            await Poll.UntilAsync(async () => (await AgentHealthAsync(m)).Values.All(h => h.OnPrimary), Settle, "agents back on EdgeHub");
            var failback = restart.Elapsed;
            await Task.Delay(BadLinkFor / 2);
            var after = await AgentHealthAsync(m);

            // One failover and one fail-back each: no flapping on the bad link.
            Assert.All(Agents, a => Assert.Equal((before[a.Job].Failovers + 1, before[a.Job].Failbacks + 1), (after[a.Job].Failovers, after[a.Job].Failbacks)));
            Assert.All(failover.Values, t => Assert.True(t < TimeSpan.FromSeconds(5), $"failover took {t.TotalMilliseconds:0} ms (the plan's limit: 5 s)"));
            Log($"{link}, {BadLinkFor.TotalSeconds:0} s, with an EdgeHub crash: failover to CentralHub over the link "
                + $"{string.Join(", ", failover.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} {f.Value.TotalMilliseconds:0} ms"))}; "
                + $"all back on EdgeHub {failback.TotalSeconds:0.0} s after its restart; {Deltas(before, after)}");
        }
        finally
        {
            pair.Heal();
        }

        await SettleAsync(m, "slow lossy link");
    }

    /// <summary>
    /// Every accepted push of every agent, in MainPC's store, asked through CentralHub's query API (CentralHub's journal
    /// keeps only what the store has not acknowledged yet).
    /// </summary>
    private async Task AssertEveryPushOnceInOrderAsync(Machines m, int agentKills)
    {
        var health = await AgentHealthAsync(m);
        foreach (var (job, _, _) in Agents)
        {
            var last = health[job].Sequence;
            List<(long TimeMs, long Value)> pushes = [];
            List<long> missing = [];

            // The store has the last pushes once CentralHub has forwarded them: poll until nothing more is missing or the deadline.
            try
            {
                await Poll.UntilAsync(
                    async () =>
                    {
                        pushes = await StoredPushesAsync(m, job);
                        missing = [.. Enumerable.Range(1, (int)last).Select(i => (long)i).Except(pushes.Select(p => p.Value))];
                        return missing.Count <= agentKills;
                    },
                    Settle,
                    $"{job}: sequences 1..{last} in the store");
            }
            catch (TimeoutException)
            {
                // Reported below with the sequences that are missing.
            }

            var values = pushes.Select(p => p.Value).ToList();
            Assert.Equal(values.Count, values.Distinct().Count());
            var byTime = pushes.OrderBy(p => p.TimeMs).Select(p => p.Value).ToList();
            Assert.Equal(byTime.Order(), byTime);

            // A batch in flight at a SIGKILL of the agent was never acknowledged to it: at most one per kill may be absent.
            Assert.True(missing.Count <= agentKills, $"{job}: sequences 1..{last} missing from the store: {string.Join(", ", missing)}");
            Log($"{job}: {values.Count} pushes in the store, sequences 1..{last}, each once, in timestamp order; missing: {(missing.Count == 0 ? "none" : string.Join(", ", missing))}");
        }

        var metrics = await _http.GetStringAsync(new Uri(m.Central, "/metrics"));
        Log("central ingest: " + string.Join("; ", metrics.Split('\n').Where(l => l.StartsWith("dualhub_central_samples_dropped_total", StringComparison.Ordinal))));
        Assert.Matches(@"(?m)^dualhub_central_samples_dropped_total\{path=""http"",reason=""conflict""\} 0$", metrics);
    }

    /// <summary>
    /// Every raw sample (time in ms, value) of an agent's own <c>dualhub_push_sequence</c> (job=&lt;agent&gt;, not the copy
    /// it pushes to PC2's Pushgateway, which is exported_job=&lt;agent&gt;) over the last hour, through CentralHub.
    /// </summary>
    private async Task<List<(long TimeMs, long Value)>> StoredPushesAsync(Machines m, string job)
    {
        var query = Uri.EscapeDataString($"dualhub_push_sequence{{job=\"{job}\"}}[1h]");
        using var doc = JsonDocument.Parse(await _http.GetStringAsync(new Uri(m.Central, $"/api/v1/query?query={query}")));
        return [.. doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
            .SelectMany(s => s.GetProperty("values").EnumerateArray())
            .Select(v => ((long)Math.Round(v[0].GetDouble() * 1000), long.Parse(v[1].GetString()!, CultureInfo.InvariantCulture)))];
    }

    /// <summary>Every agent on EdgeHub with an empty spool, and EdgeHub's upstream to CentralHub caught up.</summary>
    private async Task<TimeSpan> SettleAsync(Machines m, string after)
    {
        var clock = Stopwatch.StartNew();
        await Poll.UntilAsync(
            async () => (await AgentHealthAsync(m)).Values.All(h => h.OnPrimary && h.SpoolBatches == 0) && await EdgeCaughtUpAsync(m),
            Settle,
            $"agents on EdgeHub with empty spools and EdgeHub's upstream caught up after {after}");
        return clock.Elapsed;
    }

    private async Task<bool> EdgeCaughtUpAsync(Machines m)
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync(new Uri(m.Edge, "/health")));
        // Scrapes keep arriving every second: caught up = the oldest unsent record is under 2 s old.
        return doc.RootElement.GetProperty("upstreams").EnumerateArray().All(u => u.GetProperty("lag_seconds").GetDouble() < 2);
    }

    private async Task<Dictionary<string, AgentState>> AgentHealthAsync(Machines m)
    {
        var result = new Dictionary<string, AgentState>();
        foreach (var (job, _, port) in Agents)
        {
            // 503 while no hub accepts, with the same JSON.
            using var response = await _http.GetAsync(new Uri($"http://{m.Pc2}:{port}/health"));
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var r = doc.RootElement;
            result[job] = new AgentState(
                r.GetProperty("active_hub") is { ValueKind: JsonValueKind.Object } a && a.GetProperty("index").GetInt32() == 0,
                r.GetProperty("sequence").GetInt64(),
                r.GetProperty("spool").GetProperty("batches").GetInt64(),
                r.GetProperty("failovers").GetInt64(),
                r.GetProperty("failbacks").GetInt64());
        }

        return result;
    }

    private async Task<long?> CentralValueAsync(Machines m, string selector)
    {
        try
        {
            using var doc = JsonDocument.Parse(await _http.GetStringAsync(new Uri(m.Central, "/api/v1/query?query=" + Uri.EscapeDataString(selector))));
            var result = doc.RootElement.GetProperty("data").GetProperty("result");
            return result.GetArrayLength() == 0 ? null : long.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>Nats-Msg-Ids of health and alerts in each machine's streams.</summary>
    private static async Task<NatsIds> NatsIdsAsync(Machines m)
    {
        async Task<List<string>> IdsAsync(string url)
        {
            await using var nats = NatsConnectionFactory.Create([url], "netns-test", requestTimeout: TimeSpan.FromSeconds(5));
            var js = new NatsJSContext(nats);
            var health = await NatsStreamReader.ReadAsync(js, ObservabilityStreams.Health, ObservabilityStreams.HealthSubjectPrefix + ">");
            var alerts = await NatsStreamReader.ReadAsync(js, ObservabilityStreams.Alerts, ObservabilityStreams.AlertsSubjectPrefix + ">");
            return [.. health.Concat(alerts).Select(x => x.MsgId ?? string.Empty).Where(id => id.Length > 0)];
        }

        return new NatsIds(await IdsAsync($"nats://{m.Pc2}:4223"), await IdsAsync($"nats://{m.MainPc}:4222"));
    }

    private async Task<bool> OkAsync(Uri url)
    {
        try
        {
            using var r = await _http.GetAsync(url);
            return r.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static string Deltas(Dictionary<string, AgentState> before, Dictionary<string, AgentState> after) =>
        string.Join(", ", after.Select(a => $"{a.Key} +{a.Value.Sequence - before[a.Key].Sequence} pushes, failovers +{a.Value.Failovers - before[a.Key].Failovers}, fail-backs +{a.Value.Failbacks - before[a.Key].Failbacks}"));

    private static string Outputs(RenderedDeployment deployment) =>
        string.Join("\n", deployment.Units.SelectMany(u => u.Value.Select(unit => $"--- {u.Key} {unit.Name}: {deployment.OutputOf(u.Key, unit.Name)}")));

    private void Log(string line)
    {
        log.WriteLine(line);

        // Progress while it runs (xunit shows the output only at the end): DUALHUB_NETNS_PROGRESS=FILE.
        if (Environment.GetEnvironmentVariable("DUALHUB_NETNS_PROGRESS") is { Length: > 0 } file)
        {
            File.AppendAllText(file, $"{TimeProvider.System.GetUtcNow():HH:mm:ss} {line}\n");
        }
    }

    private sealed record NatsIds(List<string> Pc2, List<string> MainPc);

    private sealed record AgentState(bool OnPrimary, long Sequence, long SpoolBatches, long Failovers, long Failbacks);

    private sealed record Machines(string MainPc, string Pc2)
    {
        public Uri Central => new($"http://{MainPc}:9000");

        public Uri Edge => new($"http://{Pc2}:9100");

        public Uri PushgatewayMain => new($"http://{MainPc}:9091");

        public Uri PushgatewayPc2 => new($"http://{Pc2}:9091");
    }
}
