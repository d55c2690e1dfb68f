using System.Globalization;
using DualHub.Cli.Checkpoints;
using DualHub.Cli.Up;
using DualHub.Nats.Checks;

namespace DualHub.Cli.Soak;

/// <summary>
/// <c>dualhub soak</c> on a started <c>up</c> deployment: the pilot agents and the synthetic load run throughout; the
/// rollback drill measures the resource overhead first; then every <c>FaultInterval</c> the next fault is injected with
/// the drill <c>up --check</c> uses for it (EdgeHub SIGKILL, SIGSTOP, NATS PC2 restart, CentralHub restart), followed by a
/// NATS latency measurement. Availability is sampled every <c>SampleInterval</c>, RSS and journal sizes ten times less
/// often. The results are the drills' check results plus the soak's own (<see cref="SoakChecks"/>).
/// </summary>
internal sealed class SoakRunner(UpSystem system, SoakOptions options, TimeProvider time, TextWriter output)
{
    private readonly AvailabilityTracker _availability = new();
    private readonly Dictionary<string, GrowthSeries> _growth = new(StringComparer.Ordinal);
    private readonly List<Task> _extraSamples = [];
    private volatile string? _faulted;
    private long _startedTicks;
    private int _faults;

    public async Task<IReadOnlyList<CheckResult>> RunAsync(CancellationToken ct)
    {
        var edge = system.Topology.Get("edge-hub").BaseUrl;
        var central = system.Topology.Get("central-hub").BaseUrl;
        var load = new SyntheticLoad(system.Http, edge, system.Topology.Get("pushgateway-pc2").BaseUrl, options.ScrapeSeries, time, hub => IsFaulted(hub));
        var ledger = new DeliveryLedger(system.Http, central, time);
        var tracked = system.Agents.Select(a => (a.Job, "dualhub_push_sequence", a.Job)).Append(("soak_pusher", SyntheticLoad.SequenceFamily, "soak_pusher")).ToList();
        var results = new List<CheckResult>();
        _startedTicks = time.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var loadTask = load.RunAsync(stop.Token);
        var sampleTask = SampleAsync(stop.Token);
        try
        {
            _faulted = "agents";
            results.AddRange(await RunChecksAsync(new RollbackDrill(system, time).Checks(), ct));
            _faulted = null;
            // The soak's duration is the load with its faults, after the rollback drill.
            _startedTicks = time.GetTimestamp();
            var next = options.FaultInterval;
            for (var k = 0; Elapsed < options.Duration; k++)
            {
                var wait = (next < options.Duration ? next : options.Duration) - Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, ct);
                }

                await ledger.ReadAsync(tracked, ct);
                if (Elapsed >= options.Duration)
                {
                    break;
                }

                var fault = SoakOptions.Faults[k % SoakOptions.Faults.Count];
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{Elapsed.TotalMinutes:0.0} min: {fault}"));
                results.AddRange(await RunFaultAsync(fault, ct));
                _faults++;
                results.AddRange(await RunChecksAsync([NatsLatencyCheck.Create("pc2", system.NatsDeployment!.Servers["pc2"].ClientUrl, "mainpc", system.NatsDeployment.Servers["mainpc"].ClientUrl, system.NatsDeployment.Topology.Security?.ClientAuth())], ct));
                next += options.FaultInterval;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(loadTask, sampleTask);
            Task[] extra;
            lock (_extraSamples)
            {
                extra = [.. _extraSamples];
            }

            await Task.WhenAll(extra);
        }

        // What was accepted last needs a moment to be forwarded: read until everything arrived, or 30 s. An agent's
        // batches reach the store by two paths (its fallback hub directly, its primary through EdgeHub), so a later
        // sequence can be searchable before an earlier one: wait for no gap, not only for the newest.
        var settle = time.GetTimestamp();
        do
        {
            await ledger.ReadAsync(tracked, ct);
            if (load.Accepted.All(ledger.Seen("soak_pusher").Contains) && system.Agents.All(a => ledger.Missing(a.Job) == 0))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), time, ct);
        }
        while (time.GetElapsedTime(settle) < TimeSpan.FromSeconds(30));

        var soak = new SoakChecks(options, Elapsed, _faults, _availability, _growth.Values.ToList(), load, ledger, system.Agents);
        results.AddRange(soak.Build(results));
        return results;
    }

    private TimeSpan Elapsed => time.GetElapsedTime(_startedTicks);

    private bool IsFaulted(string target) => _faulted is { } f && (f == target || (f == "agents" && target.StartsWith("agent-", StringComparison.Ordinal)));

    private async Task<IReadOnlyList<CheckResult>> RunFaultAsync(string fault, CancellationToken ct)
    {
        (string target, IEnumerable<ICheck> checks) = fault switch
        {
            "edge-crash" => ("edge-hub", new FailoverDrill(system, system.Agents, "crash", time, () => SampleNow("edge-hub", ct)).Checks(TimeSpan.FromSeconds(1))),
            "edge-hang" => ("edge-hub", new FailoverDrill(system, system.Agents, "hang", time, () => SampleNow("edge-hub", ct)).Checks(TimeSpan.FromSeconds(3))),
            "nats-restart" => ("nats-pc2", [UpCheckPlan.NatsNodeTest(system)]),
            _ => ("central-hub", CentralRestartChecks()),
        };
        _faulted = target;
        try
        {
            return await RunChecksAsync(checks, ct);
        }
        finally
        {
            _faulted = null;
        }
    }

    private IEnumerable<ICheck> CentralRestartChecks()
    {
        var outage = new CentralOutageDrill(system, SoakOptions.CentralOutage, time);
        var checks = outage.Checks().ToList();
        return
        [
            checks[0].Describe(CheckIds.OutageForwarding, "edge holds the backlog while central restarts, central gets it after, 0 dropped", () => outage.Last?.ForwardingMeasurements() ?? []),
            checks[1].Describe(CheckIds.OutageLoss, "every sample edge journaled during the restart is in central's journal", () => outage.Last?.LossMeasurements() ?? []),
        ];
    }

    private async Task<IReadOnlyList<CheckResult>> RunChecksAsync(IEnumerable<ICheck> checks, CancellationToken ct)
    {
        var quiet = new StringWriter();
        var results = await CheckRunner.RunAsync(checks, quiet, time, ct);
        foreach (var line in quiet.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).SkipLast(1))
        {
            await output.WriteLineAsync("  " + line.TrimEnd());
        }

        return results;
    }

    /// <summary>
    /// One sample of <paramref name="target"/> the moment a drill has injected its fault: agents fail over in well under
    /// the sample interval and the drill brings EdgeHub back as soon as they have, so the periodic samples alone can miss
    /// the whole outage. Not awaited by the drill, whose failover clock is running; awaited before the results.
    /// </summary>
    private void SampleNow(string target, CancellationToken ct)
    {
        var url = new Uri(system.Topology.Get(target).BaseUrl, "/-/healthy");
        lock (_extraSamples)
        {
            _extraSamples.Add(Task.Run(async () => _availability.Record(target, await system.Supervisor.IsHealthyAsync(url, ct), excused: true), ct));
        }
    }

    /// <summary>Availability every sample interval; RSS and journal sizes every tenth.</summary>
    private async Task SampleAsync(CancellationToken ct)
    {
        var targets = system.Topology.Components.Select(c => (Name: c.Name, Url: new Uri(c.BaseUrl, "/-/healthy")))
            .Concat(system.NatsDeployment!.Servers.Select(s => (Name: "nats-" + s.Key, Url: new Uri(new Uri(s.Value.MonitorUrl), "/healthz"))))
            .Concat(system.Agents.Select(a => (Name: a.ChildName, Url: a.HealthUrl)))
            .ToList();
        for (var n = 0; !ct.IsCancellationRequested; n++)
        {
            var tick = time.GetTimestamp();
            var faulted = targets.Select(t => IsFaulted(t.Name)).ToArray();
            var up = await Task.WhenAll(targets.Select(t => system.Supervisor.IsHealthyAsync(t.Url, ct)));
            for (var i = 0; i < targets.Count; i++)
            {
                // A target a fault held down when the sample started, or holds now, is excused for this sample.
                _availability.Record(targets[i].Name, up[i], faulted[i] || IsFaulted(targets[i].Name));
            }

            if (n % 10 == 0)
            {
                SampleGrowth();
            }

            var wait = options.SampleInterval - time.GetElapsedTime(tick);
            try
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void SampleGrowth()
    {
        var hours = Elapsed.TotalHours;
        foreach (var child in system.Supervisor.Children)
        {
            if (child.Process.ProcessId is { } pid && ProcessUsage.Read(pid) is { } usage)
            {
                Series("rss " + child.Spec.Name, "bytes").Add(hours, usage.RssBytes, pid);
            }
        }

        foreach (var c in system.Topology.Components.Where(c => c.Kind == "hub"))
        {
            var data = new DirectoryInfo(Path.Combine(system.Topology.StateDirectory, c.Name, "data"));
            if (data.Exists)
            {
                Series("journal " + c.Name, "bytes").Add(hours, data.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length));
            }
        }
    }

    private GrowthSeries Series(string name, string unit) => _growth.TryGetValue(name, out var s) ? s : _growth[name] = new GrowthSeries(name, unit);
}
