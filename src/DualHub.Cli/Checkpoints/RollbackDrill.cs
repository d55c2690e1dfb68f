using System.Globalization;
using DualHub.Cli.Migration;
using DualHub.Cli.Supervision;
using DualHub.Cli.Up;
using DualHub.Core.Processes;

namespace DualHub.Cli.Checkpoints;

/// <summary>
/// The plan's emergency rollback, drilled: each agent's config is put in its Phase 1 form (CentralHub only) and migrated
/// with <c>dualhub migrate</c> (which keeps the Phase 1 file as FILE.backup), the agents restart on dual-hub and their
/// CPU and memory are measured over a window; then <c>dualhub rollback --emergency</c> restores the Phase 1 configs and
/// the agents restart on them (timed until each pushes to CentralHub, against the plan's 5 minutes), and the same window
/// is measured again: EdgeHub must get no push, CentralHub every one, and CentralHub's journal every sequence number
/// from the first dual-hub batch on. The second window is the baseline of the resource overhead. The drill leaves the
/// configs as it found them.
/// </summary>
internal sealed class RollbackDrill(UpSystem system, TimeProvider time)
{
    public static readonly TimeSpan PlanLimit = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);
    private readonly PushSequenceReader _reader = new(system.Http, time);
    private Task<RollbackResult>? _run;

    public RollbackResult? Last { get; private set; }

    public IEnumerable<ICheck> Checks() =>
    [
        new DelegateCheck("rollback --emergency drill", async ct =>
        {
            var r = await (_run ??= RunAsync(ct));
            var passed = r.ExitCode == 0 && r.BackOnCentral is { } t && t < PlanLimit && r.PushesToEdgeAfter == 0 && r.PushesToCentralAfter > 0 && r.Missing == 0 && r.Checked > 0;
            return new CheckResult("rollback --emergency drill", passed, string.Create(CultureInfo.InvariantCulture,
                $"rollback exit {r.ExitCode} in {r.Command.TotalMilliseconds:0} ms; every agent on CentralHub after {(r.BackOnCentral is { } b ? $"{b.TotalSeconds:0.0} s" : "never")} (plan < 5 min); then {r.PushesToCentralAfter} pushes to central, {r.PushesToEdgeAfter} to edge; central's journal: {r.Checked} sequences checked, {r.Missing} missing"))
            {
                Values =
                [
                    Measurement.Ms("rollback", r.BackOnCentral ?? PlanLimit), Measurement.Ms("command", r.Command),
                    new("pushes_to_edge_after", r.PushesToEdgeAfter, "pushes"), new("pushes_to_central_after", r.PushesToCentralAfter, "pushes"),
                    new("checked", r.Checked, "batches"), new("missing", r.Missing, "batches"),
                ],
            };
        }).Describe(CheckIds.RollbackDrill, "dualhub rollback --emergency restores the Phase 1 configs; agents push to CentralHub only, no batch lost, within 5 minutes"),
        new DelegateCheck("resource overhead vs phase 1", async ct =>
        {
            var r = await (_run ??= RunAsync(ct));
            if (r.DualHub is not { } dual || r.Phase1 is not { } baseline)
            {
                return new CheckResult("resource overhead vs phase 1", false, "not measured: an agent process was gone during a window");
            }

            var (cpu, noise, rss) = dual.OverheadOver(baseline);
            return new CheckResult("resource overhead vs phase 1", true, string.Create(CultureInfo.InvariantCulture,
                $"3 agents over {Window.TotalSeconds:0} s each: dual-hub cpu {dual.CpuPercent:0.00} % of a core, rss {dual.RssBytes / 1048576.0:0.0} MiB; phase 1 cpu {baseline.CpuPercent:0.00} %, rss {baseline.RssBytes / 1048576.0:0.0} MiB; overhead cpu {cpu:0.0} % (noise ± {noise:0.0} %: 3 standard errors over 1 s slices), rss {rss:0.0} %"))
            {
                Values =
                [
                    new("cpu_overhead", cpu, "%"), new("rss_overhead", rss, "%"), new("overhead", Math.Max(cpu, rss), "%"),
                    new("overhead_low", Math.Max(cpu - noise, rss), "%"), new("overhead_high", Math.Max(cpu + noise, rss), "%"),
                    new("dual_cpu", Math.Round(dual.CpuPercent, 3), "%"), new("phase1_cpu", Math.Round(baseline.CpuPercent, 3), "%"),
                    new("dual_rss", dual.RssBytes, "bytes"), new("phase1_rss", baseline.RssBytes, "bytes"),
                ],
            };
        }).Describe(CheckIds.ResourceOverhead, "the agents' CPU and memory on dual-hub over their Phase 1 (CentralHub-only) run: < 10 % (target < 5 %)"),
    ];

    private async Task<RollbackResult> RunAsync(CancellationToken ct)
    {
        var agents = Pilots;
        var edge = system.Topology.Get("edge-hub").BaseUrl;
        var central = system.Topology.Get("central-hub").BaseUrl;
        var original = agents.ToDictionary(a => a.ConfigPath, a => File.ReadAllText(a.ConfigPath));
        try
        {
            foreach (var a in agents)
            {
                File.WriteAllText(a.ConfigPath, AgentConfigMigrator.ToCentralOnly(original[a.ConfigPath], a.ConfigPath, central));
                File.Delete(a.ConfigPath + ConfigRollback.BackupSuffix);
            }

            await Task.WhenAll(agents.Select(a => RunCliAsync(["migrate", a.Verb, "--config", a.ConfigPath, "--edge", edge.AbsoluteUri, "--central", central.AbsoluteUri], ct)));

            await RestartAgentsAsync(ct);
            var firstDual = await ReadEveryAgentAsync(edge, ct);
            var dual = await UsageWindow.MeasureAsync(Pids(), Window, time, ct);

            var edgeBefore = await ReadEveryAgentAsync(edge, ct);
            var started = time.GetTimestamp();
            var exit = await RunCliAsync(["rollback", "--emergency", .. agents.Select(a => a.ConfigPath)], ct);
            var command = time.GetElapsedTime(started);
            await RestartAgentsAsync(ct);
            TimeSpan? back = null;
            while (time.GetElapsedTime(started) < PlanLimit)
            {
                var seen = await _reader.ReadAsync(central, agents, ct);
                if (agents.All(a => seen.GetValueOrDefault(a.Job) > edgeBefore.GetValueOrDefault(a.Job, long.MaxValue)))
                {
                    back = time.GetElapsedTime(started);
                    break;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct);
            }

            var edgeAt = await ReadEveryAgentAsync(edge, ct);
            var centralAt = await ReadEveryAgentAsync(central, ct);
            var phase1 = await UsageWindow.MeasureAsync(Pids(), Window, time, ct);
            var edgeEnd = await ReadEveryAgentAsync(edge, ct);
            var centralEnd = await ReadEveryAgentAsync(central, ct);
            var (checkedCount, missing) = await MissingFromCentralAsync(firstDual, centralEnd, ct);
            Last = new RollbackResult(
                exit,
                command,
                back,
                agents.Sum(a => edgeEnd.GetValueOrDefault(a.Job) - edgeAt.GetValueOrDefault(a.Job)),
                agents.Sum(a => centralEnd.GetValueOrDefault(a.Job) - centralAt.GetValueOrDefault(a.Job)),
                checkedCount,
                missing,
                dual,
                phase1);
            return Last;
        }
        finally
        {
            foreach (var a in agents)
            {
                File.WriteAllText(a.ConfigPath, original[a.ConfigPath]);
                File.Delete(a.ConfigPath + ConfigRollback.BackupSuffix);
            }

            await RestartAgentsAsync(CancellationToken.None);
        }
    }

    /// <summary>Every agent's sequence on <paramref name="hub"/>: a read that times out on a busy machine is read again (up to 30 s).</summary>
    private async Task<Dictionary<string, long>> ReadEveryAgentAsync(Uri hub, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            var seen = await _reader.ReadAsync(hub, Pilots, ct);
            if (Pilots.All(a => seen.ContainsKey(a.Job)) || time.GetElapsedTime(started) > TimeSpan.FromSeconds(30))
            {
                return seen;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct);
        }
    }

    /// <summary>The pilot agents (the drill migrates and rolls back their configs; an extra agent such as the Python example is left alone).</summary>
    private IReadOnlyList<UpAgent> Pilots => [.. system.Agents.Where(a => AgentConfigRenderer.Agents.Any(p => p.Verb == a.Verb))];

    private int[] Pids() => [.. Pilots.Select(a => system.Supervisor.Get(a.ChildName).Process.ProcessId ?? 0)];

    private async Task RestartAgentsAsync(CancellationToken ct)
    {
        foreach (var a in Pilots)
        {
            var child = system.Supervisor.Get(a.ChildName);
            await child.Process.StopAsync(TimeSpan.FromSeconds(5), ct);
            await child.Process.StartAsync(ct);
        }

        foreach (var a in Pilots)
        {
            await system.Supervisor.Get(a.ChildName).WaitReadyAsync(TimeSpan.FromSeconds(30), ct);
        }

        // Past each agent's start-up work (first scans, JIT), so both windows measure the steady state.
        await Task.Delay(Settle, time, ct);
    }

    /// <summary>Every sequence from the first dual-hub batch to the last CentralHub holds, looked up in its journal (forwarded or pushed).</summary>
    private async Task<(long Checked, long Missing)> MissingFromCentralAsync(Dictionary<string, long> from, Dictionary<string, long> to, CancellationToken ct)
    {
        var journal = Path.Combine(system.Topology.StateDirectory, "central-hub", "data", "samples.db");
        var deadline = time.GetTimestamp();
        long checkedCount = 0, missing = 0;
        do
        {
            var values = SampleJournalFile.Read(journal, "appended_ms >= $since", ("$since", time.GetUtcNow().ToUnixTimeMilliseconds() - 600_000))
                .Where(s => s.Series.StartsWith("__name__=\"dualhub_push_sequence\",", StringComparison.Ordinal))
                .ToList();
            checkedCount = 0;
            missing = 0;
            foreach (var a in Pilots)
            {
                var job = $"job=\"{a.Job}\",";
                var have = values.Where(v => v.Series.Contains(job, StringComparison.Ordinal)).Select(v => (long)BitConverter.Int64BitsToDouble(v.ValueBits)).ToHashSet();
                for (var s = from.GetValueOrDefault(a.Job); s > 0 && s <= to.GetValueOrDefault(a.Job); s++)
                {
                    checkedCount++;
                    missing += have.Contains(s) ? 0 : 1;
                }
            }

            if (missing == 0)
            {
                break;
            }

            // Forwarded samples may still be on their way from EdgeHub.
            await Task.Delay(TimeSpan.FromMilliseconds(200), time, ct);
        }
        while (time.GetElapsedTime(deadline) < TimeSpan.FromSeconds(15));

        return (checkedCount, missing);
    }

    /// <summary>Runs this CLI once (as an operator would) and returns its exit code.</summary>
    private async Task<int> RunCliAsync(string[] arguments, CancellationToken ct)
    {
        var (file, prefix) = SelfLauncher.Command();
        var log = Path.Combine(system.Topology.StateDirectory, $"rollback-drill-{arguments[0]}-{Guid.NewGuid():N}.log");
        await using var process = ChildProcessFactory.Create(new ChildProcessSpec("dualhub " + arguments[0], file, [.. prefix, .. arguments]) { OutputFile = log }, time);
        await process.StartAsync(ct);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60), time);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        var exit = await process.WaitForExitAsync(cts.Token);
        if (exit != 0 && arguments[0] == "migrate")
        {
            throw new InvalidOperationException($"dualhub {string.Join(' ', arguments)} exited {exit} (see {log})");
        }

        return exit;
    }
}
