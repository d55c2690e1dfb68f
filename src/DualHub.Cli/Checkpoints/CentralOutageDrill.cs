using System.Globalization;
using DualHub.Cli.Up;

namespace DualHub.Cli.Checkpoints;

/// <summary>
/// CentralHub stopped (SIGTERM) for <paramref name="outage"/> while EdgeHub keeps scraping and taking the agents' pushes,
/// then started again. EdgeHub must hold everything in its journal, retry, and deliver the backlog once CentralHub is back.
/// Measured from outside: EdgeHub's <c>/health</c> (state, pending, sent, dropped) during and after; then every sample
/// EdgeHub journaled during the outage (read from its <c>samples.db</c> before CentralHub returns) is looked up in
/// CentralHub's journal afterwards, which is what CentralHub forwards to a long-term store: each must be there exactly
/// once, and every series in CentralHub's journal (from a minute before the stop on) in timestamp order, although the
/// backlog reaches CentralHub twice (HTTP remote-write and NATS) and concurrently. CentralHub's own counters of the
/// second copies it dropped (<c>/health</c>, per path) are reported.
/// </summary>
internal sealed class CentralOutageDrill(UpSystem system, TimeSpan outage, TimeProvider time)
{
    /// <summary>The drill's figures once it has run (for the report), else null.</summary>
    public OutageResult? Last => _run is { IsCompletedSuccessfully: true } run ? run.Result : null;

    private const string Upstream = "central";

    // CentralHub's counters of the second copies it dropped, read after the drill (kept beside OutageResult).
    private CentralIngestStatus? _ingest;

    // Which series the lost samples belong to (how many, and the one with the most), so a failure names its suspect.
    private string _lostWhere = "";
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
            // In `up` CentralHub gets the backlog twice, over HTTP remote-write and over NATS. Its journal, and so
            // its long-term upstream, must still see each sample once and in order: a copy or an older sample there is what a
            // Prometheus behind it would reject (a whole request with 400).
            var passed = r.Journaled > 0 && r.ChosenJournaled > 0 && r.Lost == 0 && r.Duplicates == 0 && r.OutOfOrder == 0;
            return (passed, string.Create(CultureInfo.InvariantCulture, $"edge journaled {r.Journaled} samples of {r.Series} series during the outage; in central's journal (what it forwards): lost {r.Lost}{_lostWhere}, duplicates {r.Duplicates}, out of order {r.OutOfOrder}; second copies dropped by central: http {Dropped("http")}, nats {Dropped("nats")}; {r.Chosen}: {r.ChosenAtCentral} of {r.ChosenJournaled} scraped"));
        });
    }

    /// <summary>Second copies CentralHub dropped on <paramref name="path"/> since its start, or "?" when its /health did not say.</summary>
    private string Dropped(string path) => _ingest?.Dropped(path).ToString(CultureInfo.InvariantCulture) ?? "?";

    private async Task<OutageResult> RunAsync(CancellationToken ct)
    {
        var edgeUrl = system.Topology.Get("edge-hub").BaseUrl;
        var centralUrl = system.Topology.Get("central-hub").BaseUrl;
        var central = system.Supervisor.Get("central-hub");
        var edgeJournal = Path.Combine(system.Topology.StateDirectory, "edge-hub", "data", "samples.db");
        var centralJournal = Path.Combine(system.Topology.StateDirectory, "central-hub", "data", "samples.db");
        var before = await EdgeForwardingStatus.ReadAsync(system.Http, edgeUrl, Upstream, time, ct)
            ?? throw new InvalidOperationException($"edge-hub /health has no upstream \"{Upstream}\" (is it started with deploy/hubs/edge.yml?)");

        var stopMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var down = time.GetTimestamp();
        await central.Process.StopAsync(TimeSpan.FromSeconds(10), CancellationToken.None);

        var sawRetrying = false;
        long pendingPeak = 0;
        List<JournalSample> journaled;
        try
        {
            // Records after this sequence were journaled with CentralHub gone: none of them can have been delivered yet.
            var from = (await EdgeForwardingStatus.ReadAsync(system.Http, edgeUrl, Upstream, time, ct))?.LastSequence ?? before.LastSequence;
            while (time.GetElapsedTime(down) < outage)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, ct);
                if (await EdgeForwardingStatus.ReadAsync(system.Http, edgeUrl, Upstream, time, ct) is { } s)
                {
                    sawRetrying |= s.State == "retrying";
                    pendingPeak = Math.Max(pendingPeak, s.PendingSamples);
                }
            }

            var to = (await EdgeForwardingStatus.ReadAsync(system.Http, edgeUrl, Upstream, time, ct))?.LastSequence ?? from;
            journaled = SampleJournalFile.Read(edgeJournal, "seq > $from AND seq <= $to", ("$from", from), ("$to", to));
        }
        finally
        {
            // Whatever happened, CentralHub comes back for the checks after this one.
            await central.Process.StartAsync(CancellationToken.None);
        }

        var outageTook = time.GetElapsedTime(down);
        var started = time.GetTimestamp();
        var ready = await central.WaitReadyAsync(TimeSpan.FromSeconds(30), ct);
        TimeSpan? drained = null;
        var after = before;
        while (time.GetElapsedTime(started) < TimeSpan.FromSeconds(60))
        {
            if (await EdgeForwardingStatus.ReadAsync(system.Http, edgeUrl, Upstream, time, ct) is { } s)
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

        // Anything delivered from the outage window was journaled by CentralHub after the stop began; the minute before it
        // is read too, so a backlog sample journaled after a newer one from before the stop counts as out of order.
        var received = SampleJournalFile.Read(centralJournal, "appended_ms >= $since", ("$since", stopMs - 60_000));
        var (lost, duplicates, outOfOrder) = Compare(journaled, received);
        _ingest = await CentralIngestStatus.ReadAsync(system.Http, centralUrl, time, ct);
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

    /// <summary>
    /// Loss: the expected samples (series, timestamp, value bits) missing from CentralHub's journal. Duplicates: samples of any
    /// series journaled by CentralHub more than once (same series and timestamp). Out of order: samples journaled after a
    /// newer one of their series.
    /// </summary>
    private (long Lost, long Duplicates, long OutOfOrder) Compare(List<JournalSample> expected, List<JournalSample> received)
    {
        var got = new HashSet<(string, long, long)>();
        var seen = new HashSet<(string, long)>();
        var last = new Dictionary<string, long>(StringComparer.Ordinal);
        long duplicates = 0, outOfOrder = 0;
        foreach (var r in received)
        {
            got.Add((r.Series, r.TimestampMs, r.ValueBits));
            if (!seen.Add((r.Series, r.TimestampMs)))
            {
                duplicates++;
            }
            else if (last.TryGetValue(r.Series, out var t) && r.TimestampMs < t)
            {
                outOfOrder++;
            }

            if (!last.TryGetValue(r.Series, out var newest) || r.TimestampMs > newest)
            {
                last[r.Series] = r.TimestampMs;
            }
        }

        var missing = expected.Select(e => (e.Series, e.TimestampMs, e.ValueBits)).Distinct().Where(k => !got.Contains(k)).ToList();
        var bySeries = missing.GroupBy(m => m.Series).OrderByDescending(g => g.Count()).ToList();
        _lostWhere = bySeries.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" (of {bySeries.Count} series, most of {{{bySeries[0].Key}}}: {bySeries[0].Count()})");
        return (missing.Count, duplicates, outOfOrder);
    }
}
