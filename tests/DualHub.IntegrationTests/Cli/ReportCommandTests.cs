using System.Text.Json;
using DualHub.Cli.Checkpoints;
using DualHub.Cli.Report;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Cli;

public sealed class ReportCommandTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Report_from_a_results_file_renders_markdown_json_and_writes_out()
    {
        var dir = TempDir.Create();
        try
        {
            var results = Path.Combine(dir, "check-results.json");
            var run = new CheckRun(Start, Start.AddMinutes(4), "test", [
                new CheckResult("edge-hub ready", true, "ready after 700 ms") { Id = "hub-ready:edge-hub", Values = [new("ready", 700, "ms")] },
                new CheckResult("edge crash: resource_manager", true, "failover 388 ms, lost 0") { Id = "failover-crash:resource_manager", Values = [new("failover", 388, "ms"), new("lost", 0, "batches")] },
                new CheckResult("nats pc2 -> mainpc latency", false, "p99=140 ms") { Id = "nats-latency", Values = [new("p99", 140, "ms")] },
            ]);
            await File.WriteAllTextAsync(results, CheckRunFile.Serialize(run));

            var (code, md) = await DualHubProcess.RunAsync(["report", "--from", results], TimeSpan.FromSeconds(60));
            Assert.True(code == 0, md);
            Assert.Contains("# Week 1 Completion Report", md, StringComparison.Ordinal);
            Assert.Contains("**Overall Status:** FAILED", md, StringComparison.Ordinal);
            Assert.Contains("**Next Week Readiness:** NO-GO", md, StringComparison.Ordinal);
            Assert.Matches(@"\| Message Latency \| < 100 ms \| < 50 ms \| 140 ms \| OVER LIMIT \|", md);
            Assert.Matches(@"\| Failover Time \| < 5000 ms \| < 3000 ms \| 388 ms \| meets target \|", md);
            Assert.Contains("  - FAIL nats pc2 -> mainpc latency: p99=140 ms", md, StringComparison.Ordinal);

            var (jcode, json) = await DualHubProcess.RunAsync(["report", "--from", results, "--format", "json"], TimeSpan.FromSeconds(60));
            Assert.True(jcode == 0, json);
            using (var doc = JsonDocument.Parse(json))
            {
                Assert.Equal("NO-GO", doc.RootElement.GetProperty("decision").GetString());
                Assert.Equal("FAILED", doc.RootElement.GetProperty("overall_status").GetString());
                var failover = doc.RootElement.GetProperty("criteria").EnumerateArray().Single(c => c.GetProperty("id").GetString() == "perf-failover");
                Assert.Equal("met", failover.GetProperty("status").GetString());
            }

            var outFile = Path.Combine(dir, "out", "report.md");
            var (ocode, printed) = await DualHubProcess.RunAsync(["report", "--from", results, "--out", outFile], TimeSpan.FromSeconds(60));
            Assert.True(ocode == 0, printed);
            Assert.Contains($"{outFile}: NO-GO (FAILED), 2 of 3 checks passed", printed, StringComparison.Ordinal);
            Assert.Equal(md, await File.ReadAllTextAsync(outFile));

            await File.WriteAllTextAsync(Path.Combine(dir, "bad.json"), "{\"format\":\"something/2\"}");
            var (bcode, bad) = await DualHubProcess.RunAsync(["report", "--from", Path.Combine(dir, "bad.json")], TimeSpan.FromSeconds(60));
            Assert.Equal(2, bcode);
            Assert.Contains("bad.json: \"format\" is 'something/2'", bad, StringComparison.Ordinal);
        }
        finally
        {
            TempDir.Delete(dir);
        }
    }
}
