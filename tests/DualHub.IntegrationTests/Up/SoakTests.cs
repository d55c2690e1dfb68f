using System.Globalization;
using System.Text.Json;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Up;

/// <summary>
/// A short <c>dualhub soak</c> (the CI variant of the plan's 24 hours): up's deployment under load, the rollback drill,
/// then a fault every 20 s for 100 s, and the KPIs as measured in the results file and the report. Not in the serial
/// timing collection: a KPI the soak misses on a loaded machine is its printed verdict (exit 1), not a test failure.
/// </summary>
[LongRunning]
public sealed class SoakTests
{
    // Delivery is read from the store behind CentralHub: CentralHub's own journal deletes what the store acknowledged
    // every 10 s, which is why a ledger reading that journal once per fault interval once found 8 pushes "missing".
    [Fact]
    public async Task A_short_soak_injects_faults_loses_nothing_and_measures_every_kpi()
    {
        var basePort = FreePort.NextBlock(UpCheckTests.Offsets);
        var state = TempDir.Create();
        try
        {
            var (code, output) = await DualHubProcess.RunAsync(
                ["soak", "--duration", "100s", "--fault-every", "20s", "--scrape-series", "50", "--base-port", basePort.ToString(CultureInfo.InvariantCulture), "--state", state],
                TimeSpan.FromMinutes(6));

            // 0: every KPI and drill held; 1: one did not (a verdict, printed); anything else is a broken soak.
            Assert.True(code is 0 or 1, output);
            foreach (var fault in new[] { "edge-crash", "edge-hang", "nats-restart", "central-restart" })
            {
                Assert.Matches($@"(?m)^\d+\.\d min: {fault}$", output);
            }

            var results = System.Text.RegularExpressions.Regex.Match(output, @"(?m)^results: (?<path>\S+\.json)\s*$").Groups["path"].Value;
            using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(results));
            var checks = doc.RootElement.GetProperty("checks").EnumerateArray().ToList();
            double Value(string id, string name) => checks.Single(c => c.GetProperty("id").GetString() == id)
                .GetProperty("values").EnumerateArray().Single(v => v.GetProperty("name").GetString() == name).GetProperty("value").GetDouble();

            Assert.True(Value("soak-delivery:soak_pusher", "accepted") >= 60, output);
            Assert.True(Value("soak-delivery:soak_pusher", "lost") == 0, output);
            foreach (var agent in new[] { "resource_manager", "unified_utils_agent", "observability_hub" })
            {
                Assert.True(Value("soak-delivery:" + agent, "lost") == 0, output);
            }

            Assert.Equal(0, Value("rollback-drill", "missing"));
            Assert.Equal(0, Value("rollback-drill", "pushes_to_edge_after"));
            Assert.InRange(Value("soak-availability:edge-hub", "availability"), 0.001, 100);
            Assert.True(Value("soak-availability:edge-hub", "availability_overall") < 100, "the injected edge faults show in the overall figure");
            Assert.InRange(Value("soak-response", "p99"), 0.001, 10_000);
            Assert.True(Value("soak-growth:rss-edge-hub", "last") > 0, output);

            // The report takes its KPI rows from the soak: none of them is "not measured".
            var report = System.Text.RegularExpressions.Regex.Match(output, @"(?m)^report:  (?<path>\S+\.md)").Groups["path"].Value;
            var md = await File.ReadAllTextAsync(report);
            foreach (var kpi in new[] { "EdgeHub Uptime", "NATS Cluster Availability", "Pilot Agent Uptime", "Cross-Machine Sync", "Failover Time", "Message Latency", "Resource Overhead", "Hub Response Time" })
            {
                Assert.Matches($@"\| {kpi} \| [^|]+ \| [^|]+ \| \d", md);
            }

            foreach (var offset in UpCheckTests.Offsets)
            {
                Assert.True(FreePort.IsFree(basePort + offset), $"port {basePort + offset} still in use after soak exited");
            }
        }
        finally
        {
            TempDir.Delete(state);
        }
    }
}
