using System.Globalization;
using DualHub.Cli.Up;

namespace DualHub.Cli.Checks;

/// <summary>
/// CentralHub stopped (SIGTERM) for <paramref name="outage"/> while EdgeHub keeps scraping and taking the agents' pushes,
/// then started again. EdgeHub must hold everything in its journal, retry, and deliver the backlog once CentralHub is back.
/// Measured from outside: EdgeHub's <c>/health</c> (state, pending, sent, dropped) during and after; then every sample
/// EdgeHub journaled during the outage (read from its <c>samples.db</c> before CentralHub returns) is looked up in
/// CentralHub's journal afterwards: each must be there exactly once, and each series in timestamp order.
/// </summary>
internal sealed class CentralOutageDrill(UpSystem system, TimeSpan outage, TimeProvider time)
{
    /// <summary>The drill's figures once it has run (for the report), else null.</summary>
    public OutageResult? Last => _run is { IsCompletedSuccessfully: true } run ? run.Result : null;

    private const string Upstream = "central";
    private Task<OutageResult>? _run;

    private string Seconds => outage.TotalSeconds.ToString("0", CultureInfo.InvariantCulture);

    /// <summary>Two checks; the drill itself runs once, on the first of them.</summary>
    public IEnumerable<ICheck> Checks()
    {
        yield return new DelegateCheck($"central outage {Seconds} s: forwarding", async ct =>
        {
            var r = await (_run ??= RunAsync(ct));
            var s = (TimeSpan? t) => t is { } v ? v.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "never";
            var passed = r.SawRetrying && r.PendingPeak > 0 && r.ReadyAfter is not null && r.DrainedAfter is not null && r.DroppedDelta == 0;
            return (passed, string.Create(CultureInfo.InvariantCulture, $"down {r.Outage.TotalSeconds:0.0} s, edge upstream retrying: {(r.SawRetrying ? "yes" : "no")}, pending peak {r.PendingPeak} samples; central ready {s(r.ReadyAfter)} after start, backlog delivered {s(r.DrainedAfter)} after start; sent +{r.SentDelta}, dropped +{r.DroppedDelta}"));
        });
        yield return new DelegateCheck($"central outage {Seconds} s: samples lost", async ct =>
        {
            var r = await (_run ??= RunAsync(ct));
            // In `up` CentralHub gets the backlog twice, over HTTP remote-write and over NATS (DESIGN.md §5): extra copies in
            // its journal are expected and reported; the view stores each sample once. Loss is what fails the drill.
            var passed = r.Journaled > 0 && r.ChosenJournaled > 0 && r.Lost == 0;
            return (passed, string.Create(CultureInfo.InvariantCulture, $"edge journaled {r.Journaled} samples of {r.Series} series during the outage; in central's journal: lost {r.Lost}, extra copies {r.Duplicates} and {r.OutOfOrder} out of order (HTTP and NATS both deliver); {r.Chosen}: {r.ChosenAtCentral} of {r.ChosenJournaled} scraped"));
        });
    }

    private async Task<OutageResult> RunAsync(CancellationToken ct)
    {
        var edgeUrl = system.Topology.Get("edge-hub").BaseUrl;
        var central = system.Supervisor.Get("central-hub");
        var edgeJournal = Path.Combine(system.Topology.StateDirectory, "edge-hub", "data", "samples.db");
        var centralJournal = Path.Combine(system.Topology.StateDirectory, "central-hub", "data", "samples.db");
        var before = await EdgeForwardingStatus.ReadAsync(system.Http, edgeUrl, Upstream, ct)
            ?? throw new InvalidOperationException($"edge-hub /health has no upstream \"{Upstream}\" (is it started with deploy/hubs/edge.yml?)");

        var stopMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var down = time.GetTimestamp();
        await central.StopAsync(TimeSpan.FromSeconds(10));

        var sawRetrying = false;
        long pendingPeak = 0;
        List<JournalSample> journaled;
        try
        {
            // Records after this sequence were journaled with CentralHub gone: none of them can have been delivered yet.
            var from = (await EdgeForwardingStatus.ReadAsync(system.Http, edgeUrl, Upstream, ct))?.LastSequence ?? before.LastSequence;
            while (time.GetElapsedTime(down) < outage)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, ct);
                if (await EdgeForwardingStatus.ReadAsync(system.Http, edgeUrl, Upstream, ct) is { } s)
                {
                    sawRetrying |= s.State == "retrying";
                    pendingPeak = Math.Max(pendingPeak, s.PendingSamples);
                }
            }

            var to = (await EdgeForwardingStatus.ReadAsync(system.Http, edgeUrl, Upstream, ct))?.LastSequence ?? from;
            journaled = SampleJournalFile.Read(edgeJournal, "seq > $from AND seq <= $to", ("$from", from), ("$to", to));
        }
        finally
        {
            // Whatever happened, CentralHub comes back for the checks after this one.
            await central.StartAsync();
        }

        var outageTook = time.GetElapsedTime(down);
        var started = time.GetTimestamp();
        var ready = await system.Supervisor.WaitReadyAsync(central, TimeSpan.FromSeconds(30), ct);
        TimeSpan? drained = null;
        var after = before;
        while (time.GetElapsedTime(started) < TimeSpan.FromSeconds(60))
        {
            if (await EdgeForwardingStatus.ReadAsync(system.Http, edgeUrl, Upstream, ct) is { } s)
            {
                after = s;
                if (s.PendingSamples == 0 && s.State != "retrying")
                {
                    drained = time.GetElapsedTime(started);
                    break;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, ct);
        }

        // Anything delivered from the outage window was journaled by CentralHub after the stop began.
        var received = SampleJournalFile.Read(centralJournal, "appended_ms >= $since", ("$since", stopMs - 1000));
        var (lost, duplicates, outOfOrder) = Compare(journaled, received);
        var agent = system.Agents[0];
        var chosen = journaled.Select(j => j.Series)
            .FirstOrDefault(k => k.StartsWith("__name__=\"up\",", StringComparison.Ordinal) && k.Contains($"instance=\"127.0.0.1:{agent.HealthPort.ToString(CultureInfo.InvariantCulture)}\"", StringComparison.Ordinal));
        var chosenSet = journaled.Where(j => j.Series == chosen).Select(j => (j.TimestampMs, j.ValueBits)).ToHashSet();
        return new OutageResult(
            outageTook,
            sawRetrying,
            pendingPeak,
            ready,
            drained,
            after.SamplesSent - before.SamplesSent,
            after.SamplesDropped - before.SamplesDropped,
            journaled.Count,
            journaled.Select(j => j.Series).Distinct().Count(),
            lost,
            duplicates,
            outOfOrder,
            chosen is null ? $"up of agent :{agent.HealthPort}" : "up{" + chosen["__name__=\"up\",".Length..].TrimEnd(',') + "}",
            chosenSet.Count,
            received.Count(r => r.Series == chosen && chosenSet.Contains((r.TimestampMs, r.ValueBits))));
    }

    /// <summary>Multiset comparison of (series, timestamp, value bits), and per-series timestamp order in CentralHub's journal.</summary>
    private static (long Lost, long Duplicates, long OutOfOrder) Compare(List<JournalSample> expected, List<JournalSample> received)
    {
        var want = expected.GroupBy(e => (e.Series, e.TimestampMs, e.ValueBits)).ToDictionary(g => g.Key, g => g.Count());
        var got = new Dictionary<(string, long, long), int>();
        var series = expected.Select(e => e.Series).ToHashSet(StringComparer.Ordinal);
        var last = new Dictionary<string, long>(StringComparer.Ordinal);
        long outOfOrder = 0;
        foreach (var r in received)
        {
            if (!series.Contains(r.Series))
            {
                continue;
            }

            if (want.ContainsKey((r.Series, r.TimestampMs, r.ValueBits)))
            {
                got[(r.Series, r.TimestampMs, r.ValueBits)] = got.GetValueOrDefault((r.Series, r.TimestampMs, r.ValueBits)) + 1;
            }

            if (last.TryGetValue(r.Series, out var t) && r.TimestampMs < t)
            {
                outOfOrder++;
            }

            last[r.Series] = r.TimestampMs;
        }

        long lost = 0, duplicates = 0;
        foreach (var (key, n) in want)
        {
            var m = got.GetValueOrDefault(key);
            lost += Math.Max(0, n - m);
            duplicates += Math.Max(0, m - n);
        }

        return (lost, duplicates, outOfOrder);
    }
}
