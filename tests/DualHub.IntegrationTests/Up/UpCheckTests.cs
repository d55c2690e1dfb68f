using DualHub.Testing;

namespace DualHub.IntegrationTests.Up;

/// <summary>
/// The whole <c>up --check</c>, secured (<c>--secure</c>: TLS with client certificates and basic auth on every hub, agent
/// health port and NATS server), with the Python agent. Secure is the superset CI can afford once: every checkpoint and
/// drill runs over TLS, and the same drills run plain in <c>SoakTests</c> (crash, hang, NATS and central restarts,
/// rollback), the plain non-destructive checks in <c>CheckCommandTests</c>, the store SIGKILL in <c>StoreOutageTests</c>.
/// </summary>
[Collection(TimingBoundTests.Name)]
public sealed class UpCheckTests
{
    // Ports relative to --base-port: hubs 9000/9091/9092/9100, agents' /health 9201-9204 (9204: the Python agent), NATS 4222/4223 with monitoring 8222/8223 and leafnodes 7422,
    // the store 8428, vmalert 8880, Alertmanager 9093.
    internal static readonly int[] Offsets = [0, 91, 92, 100, 201, 202, 203, 204, 4222 - 9000, 4223 - 9000, 8222 - 9000, 8223 - 9000, 7422 - 9000, 8428 - 9000, 8880 - 9000, 93];

    [Fact]
    public async Task Up_check_secure_with_the_python_agent_starts_every_hub_passes_every_checkpoint_and_stops_everything()
    {
        var basePort = FreePort.NextBlock(Offsets);
        var state = TempDir.Create();
        try
        {
            // The shipped rules with EdgeHubDown's windows shortened to 15 s: the drill takes the rule's figures from vmalert
            // and proves the wiring (up's vmalert, Alertmanager, central's webhook, the stream) in about a minute instead of the
            // shipped rule's 2.5 (1 m absent + 1 m for:). The shipped rule's own timing is what deploy/rules/tests checks with promtool.
            var rules = FastEdgeHubDownRules(state);
            var (code, output) = await DualHubProcess.RunAsync(["up", "--check", "--secure", "--base-port", basePort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--state", state, "--python-agent", "--rules", Path.Combine(rules, "*.yml")], TimeSpan.FromMinutes(8));

            Assert.True(code == 0, output);
            Assert.True(File.Exists(Path.Combine(state, "secure", "web.yml")), output);
            foreach (var hub in new[] { "central-hub", "edge-hub", "pushgateway-mainpc", "pushgateway-pc2" })
            {
                Assert.Matches($@"(?m)^PASS\s+{hub} ready\s+ready after \d+ ms", output);
                Assert.Matches($@"(?m)^PASS\s+{hub} push served back\s+PUT 200", output);
            }

            Assert.Matches(@"(?m)^PASS\s+hub response time\s+20 PUTs per hub: central-hub p50 \d+\.\d ms", output);
            Assert.Matches(@"(?m)^PASS\s+agents pushing to edge-hub", output);
            Assert.Matches(@"(?m)^PASS\s+forwarding lag edge -> central\s+10 pushes to edge-hub on central's /api/v1/query after p50 \d+ ms, max \d+ ms \(limit 5000 ms\)", output);
            // The drills cover both clients: the C# pilot agents and the Python example agent (clients/python).
            foreach (var agent in new[] { "resource_manager", "unified_utils_agent", "observability_hub", "python_example" })
            {
                Assert.Matches($@"(?m)^PASS\s+edge crash: {agent}\s+failover \d+ ms .* lost 0, back on edge after \d+ ms", output);
                Assert.Matches($@"(?m)^PASS\s+edge hang: {agent}\s+failover \d+ ms .* lost 0, back on edge after \d+ ms", output);
            }

            // EdgeHub keeps scraping and taking pushes while CentralHub is down 30 s; afterwards CentralHub's journal holds every one of them once.
            Assert.Matches(@"(?m)^PASS\s+central outage 30 s: forwarding\s+down 3\d\.\d s, edge upstream retrying: yes, pending peak [1-9]\d* samples; .*dropped \+0", output);
            Assert.Matches(@"(?m)^PASS\s+central outage 30 s: samples lost\s+edge journaled [1-9]\d* samples of \d+ series during the outage; in central's journal \(what it forwards\): lost 0, duplicates 0, out of order 0; second copies dropped by central: http \d+, nats \d+; up\{.*job=""pilot-agents"".*\}: \d+ of [1-9]\d* scraped", output);
            // PromQL through CentralHub to its store, and the store SIGKILLed and restarted by the supervisor with nothing missing.
            Assert.Matches(@"(?m)^PASS\s+promql rate\(\) at central\s+pushed 10/s to 127\.0\.0\.1:\d+; max\(rate\(dualhub_promql_probe_total\{run=""[0-9a-f]+""\}\[10s\] offset 3s\)\) = \d+(\.\d+)? at central, off by \d+\.\d %", output);
            Assert.Matches(@"(?m)^PASS\s+store outage \(SIGKILL\): samples lost\s+store SIGKILLed \(pid \d+\), restarted by the supervisor: yes, ready \d+\.\d s after the kill; central accepted [1-9]\d* samples, in the store [1-9]\d*: missing 0, extra 0", output);
            // The alert path: EdgeHub frozen until the (shortened) EdgeHubDown rule fires in Alertmanager and reaches the alerts stream.
            Assert.Matches(@"(?m)^PASS\s+alert drill \(edge frozen\): EdgeHubDown\s+edge frozen: EdgeHubDown active in Alertmanager after \d+\.\d s .*firing in observability-alerts after \d+\.\d s .*resolved in the stream after \d+\.\d s .*rule: absent 15 s, for 15 s, every 15 s", output);
            Assert.Matches(@"(?m)^PASS\s+nats pc2 -> mainpc latency\s+n=500 p50=", output);
            Assert.Matches(@"(?m)^PASS\s+pushgateways scraped\s+up\{job=""pushgateways""\} = 1 on central for 127\.0\.0\.1:\d+, 127\.0\.0\.1:\d+", output);
            Assert.Matches(@"(?m)^PASS\s+nats servers /healthz\s+/healthz: mainpc 200, pc2 200", output);
            Assert.Matches(@"(?m)^PASS\s+health pc2 -> mainpc over NATS\s+observability_hub sees resource_manager, unified_utils_agent, observability_hub up from MainPC's health stream", output);
            Assert.Matches(@"(?m)^PASS\s+nats node test .* lost 0, duplicates 0", output);
            Assert.Matches(@"(?m)^PASS\s+nats stream persists across restart\s+published 100, present after restart 100, missing 0", output);
            // The plan's rollback: Phase 1 configs restored by `rollback --emergency`, the agents on CentralHub only, nothing lost.
            Assert.Matches(@"(?m)^PASS\s+rollback --emergency drill\s+rollback exit 0 in \d+ ms; every agent on CentralHub after \d+\.\d s \(plan < 5 min\); then [1-9]\d* pushes to central, 0 to edge; central's journal: [1-9]\d* sequences checked, 0 missing", output);
            Assert.Matches(@"(?m)^PASS\s+resource overhead vs phase 1\s+3 agents over 10 s each: dual-hub cpu \d+\.\d\d % of a core, rss \d+\.\d MiB; phase 1 cpu", output);
            Assert.DoesNotMatch("(?m)^FAIL", output);

            // The results file and the completion report land under the state folder; the report renders from the file again.
            var results = System.Text.RegularExpressions.Regex.Match(output, @"(?m)^results: (?<path>\S+\.json)\s*$").Groups["path"].Value;
            Assert.True(File.Exists(results), output);
            Assert.StartsWith(Path.Combine(state, "reports"), results, StringComparison.Ordinal);
            Assert.Matches(@"(?m)^report:  \S+week1-report-\S+\.md \(Week 1 readiness: NO-GO, PARTIAL;", output);
            var (reportCode, report) = await DualHubProcess.RunAsync(["report", "--from", results], TimeSpan.FromSeconds(60));
            Assert.True(reportCode == 0, report);
            Assert.Contains("**Overall Status:** PARTIAL", report, StringComparison.Ordinal);
            Assert.Matches(@"\| Failover time <5 seconds validated \| met \| worst \d+(\.\d+)? ms over 8 checks", report);
            Assert.Matches(@"\| Data loss detected during testing \| does not hold \|", report);
            Assert.Matches(@"\| Emergency rollback capability confirmed \| met \|", report);
            Assert.Matches(@"\| Resource Overhead \| < 10 % \| < 5 % \| -?\d+(\.\d+)? % \|", report);
            foreach (var offset in Offsets)
            {
                Assert.True(FreePort.IsFree(basePort + offset), $"port {basePort + offset} still in use after up --check exited");
            }
        }
        finally
        {
            TempDir.Delete(state);
        }
    }

    private static string FastEdgeHubDownRules(string state)
    {
        var rules = Directory.CreateDirectory(Path.Combine(state, "rules")).FullName;
        foreach (var file in Directory.GetFiles(RepoRoot.Combine("deploy", "rules"), "*.yml"))
        {
            File.Copy(file, Path.Combine(rules, Path.GetFileName(file)));
        }

        var forwarding = Path.Combine(rules, "dualhub-forwarding.yml");
        const string Shipped = "expr: absent_over_time(up{job=\"edgehub-self\"}[1m])\n        for: 1m\n";
        var text = File.ReadAllText(forwarding);
        Assert.Contains(Shipped, text, StringComparison.Ordinal);
        File.WriteAllText(forwarding, text.Replace(Shipped, "expr: absent_over_time(up{job=\"edgehub-self\"}[15s])\n        for: 15s\n", StringComparison.Ordinal));
        return rules;
    }
}
