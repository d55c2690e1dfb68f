using System.Globalization;
using DualHub.Testing;

namespace DualHub.IntegrationTests.CheckCommand;

// Serial: the checks measure latency against the plan's bounds (hub response, NATS p99).
[Collection(TimingBoundTests.Name)]
public sealed class CheckCommandTests
{
    private static readonly int[] Offsets = Up.UpCheckTests.Offsets;

    [Fact]
    public async Task Check_against_a_running_up_passes_every_non_destructive_checkpoint_with_its_figures_and_stops_nothing()
    {
        var basePort = FreePort.NextBlock(Offsets);
        var port = basePort.ToString(CultureInfo.InvariantCulture);
        var state = TempDir.Create();
        try
        {
            await using var up = DualHubProcess.Start(["up", "--base-port", port, "--state", state]);
            // Every hub and agent answering: what an operator's deployment looks like when `check` runs.
            foreach (var offset in new[] { 0, 100, 91, 92 })
            {
                await up.WaitForHttpOkAsync($"http://127.0.0.1:{basePort + offset}/-/ready", TimeSpan.FromSeconds(90));
            }

            foreach (var offset in new[] { 201, 202, 203 })
            {
                await up.WaitForHttpOkAsync($"http://127.0.0.1:{basePort + offset}/health", TimeSpan.FromSeconds(60));
            }

            var json = Path.Combine(state, "check.json");
            var (code, output) = await DualHubProcess.RunAsync(["check", "--base-port", port, "--json", json], TimeSpan.FromMinutes(3));

            Assert.True(code == 0, output);
            foreach (var hub in new[] { "central-hub", "edge-hub", "pushgateway-mainpc", "pushgateway-pc2" })
            {
                Assert.Matches($@"(?m)^PASS\s+{hub} ready\s+http://127\.0\.0\.1:\d+/-/ready 2xx in \d+\.\d ms, /health role=", output);
                Assert.Matches($@"(?m)^PASS\s+{hub} push served back\s+PUT 200 in \d+\.\d ms, on /metrics after \d+\.\d ms, DELETE 202", output);
            }

            Assert.Matches(@"(?m)^PASS\s+hub response time\s+20 PUTs per hub: central-hub p50 \d+\.\d ms", output);
            Assert.Matches(@"(?m)^PASS\s+agents pushing to edge-hub\s+resource_manager seq \d+\+, unified_utils_agent seq \d+\+, observability_hub seq \d+\+", output);
            Assert.Matches(@"(?m)^PASS\s+forwarding lag edge -> central\s+10 pushes to edge-hub on central's /api/v1/query after p50 \d+ ms, max \d+ ms \(limit 5000 ms\)", output);
            Assert.Matches(@"(?m)^PASS\s+metrics edge -> central over NATS\s+edge published [1-9]\d* samples, central consumed [1-9]\d* samples", output);
            Assert.Matches($@"(?m)^PASS\s+pushgateways scraped\s+up\{{job=""pushgateways""\}} = 1 on central for 127\.0\.0\.1:{basePort + 91}, 127\.0\.0\.1:{basePort + 92}", output);
            Assert.Matches(@"(?m)^PASS\s+nats servers /healthz\s+/healthz: mainpc 200, pc2 200", output);
            Assert.Matches(@"(?m)^PASS\s+nats streams present\s+mainpc 3 streams, 2 consumers; pc2 3 streams, 1 consumers  \(\d+\.\d s\)$", output);
            Assert.Matches(@"(?m)^PASS\s+health pc2 -> mainpc over NATS\s+observability_hub sees resource_manager, unified_utils_agent, observability_hub up", output);
            Assert.Matches(@"(?m)^PASS\s+nats pc2 -> mainpc latency\s+n=500 p50=\d+\.\d+ ms", output);
            Assert.Contains("17 of 17 checks passed", output, StringComparison.Ordinal);
            Assert.Matches(@"(?m)^SKIP\s+central outage 30 s \(samples lost\)\s+stops a component: run `dualhub up --check`", output);
            Assert.DoesNotMatch("(?m)^FAIL", output);

            // Nothing was stopped: every component of the deployment still answers, and up still runs.
            Assert.False(up.HasExited, up.Output);
            foreach (var offset in new[] { 0, 100, 91, 92, 203 })
            {
                Assert.False(FreePort.IsFree(basePort + offset), $"port {basePort + offset} no longer in use after check");
            }

            // The results file is the format of up --check: report renders it.
            var (reportCode, report) = await DualHubProcess.RunAsync(["report", "--from", json], TimeSpan.FromSeconds(60));
            Assert.True(reportCode == 0, report);
            Assert.Contains("17 of 17 checks passed", report, StringComparison.Ordinal);
            Assert.Contains("**Infrastructure Deployment:** COMPLETE", report, StringComparison.Ordinal);

            up.Signal(15);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await up.WaitForExitAsync(cts.Token);
        }
        finally
        {
            TempDir.Delete(state);
        }
    }

    [Fact]
    public async Task Check_against_nothing_listening_fails_at_once_naming_each_unreachable_url()
    {
        var basePort = FreePort.NextBlock(Offsets);
        var state = TempDir.Create();
        try
        {
            var json = Path.Combine(state, "check.json");
            // The timeout is the point: an unreachable deployment must not hold the operator for the checks' own deadlines.
            var (code, output) = await DualHubProcess.RunAsync(["check", "--base-port", basePort.ToString(CultureInfo.InvariantCulture), "--json", json], TimeSpan.FromSeconds(20));

            Assert.True(code == 1, output);
            Assert.Matches($@"(?m)^FAIL\s+central-hub ready\s+unreachable: http://127\.0\.0\.1:{basePort}/-/healthy: Connection refused", output);
            Assert.Matches($@"(?m)^FAIL\s+forwarding lag edge -> central\s+unreachable: http://127\.0\.0\.1:{basePort + 100}/-/healthy: .*; http://127\.0\.0\.1:{basePort}/-/healthy: ", output);
            Assert.Matches($@"(?m)^FAIL\s+nats servers /healthz\s+unreachable: http://127\.0\.0\.1:{basePort + 8222 - 9000}/healthz: ", output);
            Assert.Matches($@"(?m)^FAIL\s+health pc2 -> mainpc over NATS\s+unreachable: http://127\.0\.0\.1:{basePort + 203}/health: ", output);
            Assert.Contains("0 of 17 checks passed", output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
            Assert.Contains("\"format\": \"dualhub-check-results/1\"", await File.ReadAllTextAsync(json), StringComparison.Ordinal);
        }
        finally
        {
            TempDir.Delete(state);
        }
    }

    [Fact]
    public async Task Check_with_a_bad_url_exits_2_naming_the_option()
    {
        var (code, output) = await DualHubProcess.RunAsync(["check", "--central", "ftp://somewhere:9000"], TimeSpan.FromSeconds(30));

        Assert.True(code == 2, output);
        Assert.Contains("dualhub check: --central 'ftp://somewhere:9000' is not a http URL", output, StringComparison.Ordinal);
    }
}
