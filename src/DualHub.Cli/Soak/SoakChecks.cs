using System.Globalization;
using DualHub.Cli.Checkpoints;
using DualHub.Cli.Up;

namespace DualHub.Cli.Soak;

/// <summary>
/// The soak's own results, beside the drills': availability per target (outside the injected faults, the KPI; overall
/// beside it), delivery per path into CentralHub's journal, hub response time of the synthetic load, growth (slope) of
/// every process's RSS and every hub's journal, and the stability verdict over all of them and the drills.
/// </summary>
internal sealed class SoakChecks(SoakOptions options, TimeSpan elapsed, AvailabilityTracker availability, IReadOnlyList<GrowthSeries> growth, SyntheticLoad load, DeliveryLedger ledger, IReadOnlyList<UpAgent> agents)
{
    /// <summary>An RSS growing by more than this share of its mean per hour is reported as a leak.</summary>
    public const double RssLeakPercentPerHour = 10;

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
            $"{accepted.Count} accepted by EdgeHub, {accepted.Count - lost} in CentralHub's journal, lost {lost} ({load.Failed} pushes not accepted during faults)"))
        {
            Id = CheckIds.Of(CheckIds.SoakDelivery, "soak_pusher"),
            Values = [new("accepted", accepted.Count, "pushes"), new("lost", lost, "pushes")],
        });
        foreach (var a in agents)
        {
            var got = ledger.Seen(a.Job);
            var (first, last) = got.Count > 0 ? (got.Min(), got.Max()) : (0, -1);
            var missing = got.Count > 0 ? last - first + 1 - got.Count : 0;
            results.Add(new CheckResult($"soak delivery: {a.Job} batches", got.Count > 0 && missing == 0, string.Create(CultureInfo.InvariantCulture,
                $"sequences {first}..{last} in CentralHub's journal: {got.Count} present, {missing} missing"))
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
            results.Add(new CheckResult($"soak growth: {g.Name}", !rss || relative < RssLeakPercentPerHour, string.Create(CultureInfo.InvariantCulture,
                $"{g.First / 1048576:0.0} -> {g.Last / 1048576:0.0} MiB over {g.Count} samples; slope {slope / 1048576:0.00} MiB/h ({relative:0.0} %/h){(rss ? $", leak limit {RssLeakPercentPerHour} %/h" : ", a journal grows until its max_age")}"))
            {
                Id = CheckIds.Of(CheckIds.SoakGrowth, g.Name.Replace(' ', '-')),
                Values = [new("first", g.First, "bytes"), new("last", g.Last, "bytes"), new("slope", Math.Round(slope), "bytes/h"), new("slope_percent", Math.Round(relative, 2), "%/h")],
            });
        }

        var issues = drills.Concat(results).Where(r => !r.Passed).Select(r => r.Name).ToList();
        var faults = drills.Count(r => CheckIds.IsKind(r.Id, CheckIds.FailoverCrash) || CheckIds.IsKind(r.Id, CheckIds.FailoverHang) || r.Id == CheckIds.NatsNodeTest || r.Id == CheckIds.OutageLoss);
        results.Add(new CheckResult("soak stability", issues.Count == 0, string.Create(CultureInfo.InvariantCulture,
            $"{elapsed.TotalHours:0.00} h of load with a fault every {options.FaultInterval.TotalSeconds:0} s ({faults} drill results): {(issues.Count == 0 ? "no issue" : issues.Count + " issues: " + string.Join("; ", issues))}"))
        {
            Id = CheckIds.SoakStability,
            Values = [new("duration", Math.Round(elapsed.TotalHours, 3), "h"), new("issues", issues.Count, "checks")],
        });
        return results;
    }
}
