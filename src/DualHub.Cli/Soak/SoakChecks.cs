using System.Globalization;
using DualHub.Cli.Checkpoints;
using DualHub.Cli.Up;

namespace DualHub.Cli.Soak;

/// <summary>
/// The soak's own results, beside the drills': availability per target (outside the injected faults, the KPI; overall
/// beside it), delivery per path into the store behind CentralHub, hub response time of the synthetic load, growth (slope) of
/// every process's RSS and every hub's journal, and the stability verdict over all of them and the drills.
/// </summary>
internal sealed class SoakChecks(SoakOptions options, TimeSpan elapsed, int faults, AvailabilityTracker availability, IReadOnlyList<GrowthSeries> growth, SyntheticLoad load, DeliveryLedger ledger, IReadOnlyList<UpAgent> agents)
{
    /// <summary>
    /// An RSS growing by more than this share of its mean per hour, over the run's second half (past start-up and caches
    /// filling), is reported as a leak; a run shorter than <see cref="LeakJudgedAfter"/> reports the slope without a verdict.
    /// </summary>
    public const double RssLeakPercentPerHour = 10;

    public static readonly TimeSpan LeakJudgedAfter = TimeSpan.FromMinutes(30);

    public IReadOnlyList<CheckResult> Build(IReadOnlyList<CheckResult> drills)
    {
        var results = new List<CheckResult>();
        foreach (var target in availability.Targets)
        {
            var (outside, overall, samples) = availability.Of(target);
            var limit = target.StartsWith("agent-", StringComparison.Ordinal) ? 99.5 : 99.9;
            results.Add(new CheckResult($"soak availability: {target}", outside >= limit, string.Create(CultureInfo.InvariantCulture,
                $"{outside:0.###} % of {samples} samples outside injected faults (limit >= {limit} %), {overall:0.###} % with them"))
            {
                Id = CheckIds.Of(CheckIds.SoakAvailability, target),
                Values = [new("availability", outside ?? 0, "%"), new("availability_overall", overall ?? 0, "%"), new("samples", samples, "samples")],
            });
        }

        var accepted = load.Accepted;
        var seen = ledger.Seen("soak_pusher");
        var lost = accepted.LongCount(s => !seen.Contains(s));
        results.Add(new CheckResult("soak delivery: synthetic pushes edge -> central", accepted.Count > 0 && lost == 0, string.Create(CultureInfo.InvariantCulture,
            $"{accepted.Count} accepted by EdgeHub, {accepted.Count - lost} in the store behind CentralHub, lost {lost} ({load.Failed} pushes not accepted during faults)"))
        {
            Id = CheckIds.Of(CheckIds.SoakDelivery, "soak_pusher"),
            Values = [new("accepted", accepted.Count, "pushes"), new("lost", lost, "pushes")],
        });
        foreach (var a in agents)
        {
            var got = ledger.Seen(a.Job);
            var (first, last) = got.Count > 0 ? (got.Min(), got.Max()) : (0, -1);
            var missing = ledger.Missing(a.Job);
            results.Add(new CheckResult($"soak delivery: {a.Job} batches", got.Count > 0 && missing == 0, string.Create(CultureInfo.InvariantCulture,
                $"sequences {first}..{last} in the store behind CentralHub: {got.Count} present, {missing} missing{(missing > 0 ? " (" + string.Join(", ", Enumerable.Range(0, (int)(last - first + 1)).Select(i => first + i).Where(q => !got.Contains(q)).Take(10)) + ")" : string.Empty)}"))
            {
                Id = CheckIds.Of(CheckIds.SoakDelivery, a.Job),
                Values = [new("accepted", last - first + 1, "batches"), new("lost", missing, "batches")],
            });
        }

        var (p50, p99, worst, count) = load.Latency();
        results.Add(new CheckResult("soak hub response time", count > 0 && worst < 200, string.Create(CultureInfo.InvariantCulture,
            $"{count} PUTs outside faults (EdgeHub, PC2 Pushgateway with {options.ScrapeSeries} series): p50 {p50:0.0} ms, p99 {p99:0.0} ms, slowest hub's p50 {worst:0.0} ms"))
        {
            Id = CheckIds.SoakResponse,
            Values = [new("p50", p50, "ms"), new("p99", p99, "ms"), new("p50_worst_hub", worst, "ms")],
        });

        foreach (var g in growth.OrderBy(g => g.Name, StringComparer.Ordinal))
        {
            var rss = g.Name.StartsWith("rss ", StringComparison.Ordinal);
            var slope = g.SlopePerHour();
            var relative = g.RelativeSlopePercentPerHour();
            var late = g.Skip(0.5);
            var judged = rss && elapsed >= LeakJudgedAfter;
            var verdict = !rss ? "a journal grows until its max_age, then holds"
                : judged ? string.Create(CultureInfo.InvariantCulture, $"second half {late.RelativeSlopePercentPerHour():0.0} %/h, leak limit {RssLeakPercentPerHour} %/h")
                : string.Create(CultureInfo.InvariantCulture, $"second half {late.RelativeSlopePercentPerHour():0.0} %/h; not judged: a leak is judged on runs of {LeakJudgedAfter.TotalMinutes:0} min or more");
            results.Add(new CheckResult($"soak growth: {g.Name}", !judged || late.RelativeSlopePercentPerHour() < RssLeakPercentPerHour, string.Create(CultureInfo.InvariantCulture,
                $"{g.First / 1048576:0.0} -> {g.Last / 1048576:0.0} MiB over {g.Count} samples{(rss ? " (since the process's last start)" : string.Empty)}; slope {slope / 1048576:0.00} MiB/h ({relative:0.0} %/h); {verdict}"))
            {
                Id = CheckIds.Of(CheckIds.SoakGrowth, g.Name.Replace(' ', '-')),
                Values =
                [
                    new("first", g.First, "bytes"), new("last", g.Last, "bytes"), new("slope", Math.Round(slope), "bytes/h"), new("slope_percent", Math.Round(relative, 2), "%/h"),
                    new("second_half_slope_percent", Math.Round(late.RelativeSlopePercentPerHour(), 2), "%/h"),
                ],
            });
        }

        var issues = drills.Concat(results).Where(r => !r.Passed).Select(r => r.Name).ToList();
        results.Add(new CheckResult("soak stability", issues.Count == 0, string.Create(CultureInfo.InvariantCulture,
            $"{elapsed.TotalHours:0.00} h of load with a fault every {options.FaultInterval.TotalSeconds:0} s ({faults} faults injected): {(issues.Count == 0 ? "no issue" : issues.Count + " issues: " + string.Join("; ", issues))}"))
        {
            Id = CheckIds.SoakStability,
            Values = [new("duration", Math.Round(elapsed.TotalHours, 3), "h"), new("faults", faults, "faults"), new("issues", issues.Count, "checks")],
        });
        return results;
    }
}
