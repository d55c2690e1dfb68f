using System.Globalization;
using DualHub.Cli.Supervision;
using DualHub.Cli.Up;

namespace DualHub.Cli.Checkpoints;

/// <summary>
/// Fault drill on EdgeHub with every agent pushing to it: <c>crash</c> is SIGKILL, <c>hang</c> is SIGSTOP (sockets stay open,
/// nothing answers). Measures per agent, from outside: fault -> first push CentralHub holds (polled every 10 ms), the
/// sequence gap between the last batch EdgeHub kept (read back after it returns: its journal survives the kill) and the
/// first CentralHub took, and the time until the agent pushes to EdgeHub again after it returns. <paramref name="injected"/>
/// is called as soon as EdgeHub is killed or stopped, for observers that must see the fault (the soak's availability).
/// </summary>
internal sealed class FailoverDrill(UpSystem system, IReadOnlyList<UpAgent> agents, string fault, TimeProvider time, Action? injected = null)
{
    private readonly PushSequenceReader _reader = new(system.Http, time);
    private Task<IReadOnlyDictionary<string, DrillResult>>? _run;

    public string Fault => fault;

    /// <summary>One check per agent; the drill itself runs once, on the first of them.</summary>
    public IEnumerable<ICheck> Checks(TimeSpan limit) => agents.Select(a => new DelegateCheck($"edge {fault}: {a.Job}", async ct =>
    {
        var results = await (_run ??= RunAsync(ct));
        var r = results[a.Job];
        var ms = (TimeSpan? t) => t is { } v ? v.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms" : "never";
        var passed = r.Failover is { } f && f < limit && r.Lost == 0 && r.Recovery is not null;
        return new CheckResult($"edge {fault}: {a.Job}", passed, $"failover {ms(r.Failover)} (limit {limit.TotalMilliseconds:0} ms), last on edge {r.LastOnPrimary?.ToString(CultureInfo.InvariantCulture) ?? "?"}, first on central {r.FirstOnFallback?.ToString(CultureInfo.InvariantCulture) ?? "?"}, lost {r.Lost?.ToString(CultureInfo.InvariantCulture) ?? "?"}, back on edge after {ms(r.Recovery)}")
        {
            Values = r.Measurements(),
        };
    }).Describe(
        CheckIds.Of(fault == "crash" ? CheckIds.FailoverCrash : CheckIds.FailoverHang, a.Job),
        string.Create(CultureInfo.InvariantCulture, $"failover < {limit.TotalMilliseconds:0} ms, 0 batches lost, back on edge after it returns (plan: < 5 s, target < 3 s; zero data loss)")));

    private async Task<IReadOnlyDictionary<string, DrillResult>> RunAsync(CancellationToken ct)
    {
        var edge = system.Supervisor.Get("edge-hub");
        var edgeUrl = system.Topology.Get("edge-hub").BaseUrl;
        var centralUrl = system.Topology.Get("central-hub").BaseUrl;
        var before = await _reader.ReadAsync(edgeUrl, agents, ct);

        var start = time.GetTimestamp();
        if (fault == "crash")
        {
            await edge.Process.KillAsync(CancellationToken.None);
        }
        else
        {
            edge.Process.Pause();
        }

        injected?.Invoke();

        var failover = new Dictionary<string, TimeSpan>();
        var first = new Dictionary<string, long>();
        while (failover.Count < agents.Count && time.GetElapsedTime(start) < TimeSpan.FromSeconds(15))
        {
            var seen = await _reader.ReadAsync(centralUrl, agents, ct);
            foreach (var a in agents)
            {
                if (!failover.ContainsKey(a.Job) && seen.TryGetValue(a.Job, out var seq) && seq > before.GetValueOrDefault(a.Job, long.MaxValue))
                {
                    failover[a.Job] = time.GetElapsedTime(start);
                    first[a.Job] = seq;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), time, ct);
        }

        // Bring EdgeHub back: what it holds now is what it had accepted before the fault.
        if (fault == "crash")
        {
            await edge.Process.StartAsync(CancellationToken.None);
        }
        else
        {
            edge.Process.Unpause();
        }

        var returned = time.GetTimestamp();
        await edge.WaitReadyAsync(TimeSpan.FromSeconds(30), ct);
        var after = await _reader.ReadAsync(edgeUrl, agents, ct);

        var recovery = new Dictionary<string, TimeSpan>();
        while (recovery.Count < agents.Count && time.GetElapsedTime(returned) < TimeSpan.FromSeconds(90))
        {
            var seen = await _reader.ReadAsync(edgeUrl, agents, ct);
            foreach (var a in agents)
            {
                if (!recovery.ContainsKey(a.Job) && first.TryGetValue(a.Job, out var f) && seen.TryGetValue(a.Job, out var seq) && seq > f)
                {
                    recovery[a.Job] = time.GetElapsedTime(returned);
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct);
        }

        return agents.ToDictionary(
            a => a.Job,
            a => new DrillResult(
                a.Job,
                failover.TryGetValue(a.Job, out var t) ? t : null,
                after.TryGetValue(a.Job, out var l) ? l : null,
                first.TryGetValue(a.Job, out var f) ? f : null,
                recovery.TryGetValue(a.Job, out var r) ? r : null));
    }
}
