using System.Globalization;
using DualHub.Testing;

namespace DualHub.IntegrationTests.Client;

/// <summary><c>dualhub agent</c> as a real process, pushing to real pushgateways.</summary>
public sealed class AgentCommandTests
{
    private static string Config(string dir, string primary, string fallback, int healthPort)
    {
        var path = Path.Combine(dir, "resource_manager.yaml");
        File.WriteAllText(path, $$"""
            agent: { name: resource_manager, node: pc2 }
            hub_endpoints: { primary: "{{primary}}", fallback: "{{fallback}}" }
            failover_config: { health_check_interval: 30, max_retries: 3, failover_threshold: 3, recovery_timeout: 300 }
            push_interval: 0.2
            nats: { nats_url: "nats://127.0.0.1:4223", health_subject: observability.health.cluster, metrics_subject: observability.metrics.pc2 }
            health_port: {{healthPort.ToString(CultureInfo.InvariantCulture)}}
            spool: { path: "{{Path.Combine(dir, "spool")}}" }
            resource_manager: { alert_thresholds: { cpu: 80, memory: 85, disk: 90 }, disk_paths: ["/"], collection_interval: 1 }
            """);
        return path;
    }

    private static async Task<bool> HasAsync(HttpClient http, string url, string text) =>
        (await http.GetStringAsync(new Uri(url + "/metrics"))).Contains(text, StringComparison.Ordinal);

    [Fact]
    public async Task Resource_manager_pushes_real_figures_serves_health_and_logs_its_failover()
    {
        var (primary, primaryUrl) = await Anchors.StartPushgatewayAsync();
        await using var p1 = primary;
        var (fallback, fallbackUrl) = await Anchors.StartPushgatewayAsync();
        await using var p2 = fallback;
        var dir = TempDir.Create();
        var healthPort = FreePort.Next();
        await using var agent = DualHubProcess.Start(["agent", "resource-manager", "--config", Config(dir, primaryUrl, fallbackUrl, healthPort)], dir);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        await Poll.UntilAsync(() => HasAsync(http, primaryUrl, "resource_memory_usage_percent{instance=\"pc2\",job=\"resource_manager\"}"), TimeSpan.FromSeconds(30), "resource figures on the primary: " + agent.Output);
        await Poll.UntilAsync(() => HasAsync(http, primaryUrl, "resource_cpu_usage_percent{instance=\"pc2\",job=\"resource_manager\"}"), TimeSpan.FromSeconds(10), "CPU figure on the primary");
        var health = await Poll.UntilAsync(() => http.GetStringAsync(new Uri($"http://127.0.0.1:{healthPort.ToString(CultureInfo.InvariantCulture)}/health"))!, TimeSpan.FromSeconds(10), "the agent's /health: " + agent.Output);
        using (var doc = System.Text.Json.JsonDocument.Parse(health))
        {
            Assert.Equal("primary", doc.RootElement.GetProperty("active_hub").GetProperty("name").GetString());
            Assert.True(doc.RootElement.TryGetProperty("details", out _), health + "\n" + agent.Output);
            Assert.Equal(80, doc.RootElement.GetProperty("details").GetProperty("thresholds").GetProperty("cpu").GetDouble());
        }

        primary.Signal(9);

        await Poll.UntilAsync(() => HasAsync(http, fallbackUrl, "resource_memory_usage_percent{instance=\"pc2\",job=\"resource_manager\"}"), TimeSpan.FromSeconds(30), "resource figures on the fallback");
        await Poll.UntilAsync(() => agent.Output.Contains("failover: primary (" + primaryUrl + "/) -> fallback (" + fallbackUrl + "/)", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the failover log line: " + agent.Output);
        Assert.Contains("DualHub.Client[3001]", agent.Output, StringComparison.Ordinal);
        TempDir.Delete(dir);
    }

    [Fact]
    public async Task A_bad_config_exits_2_naming_the_key()
    {
        var dir = TempDir.Create();
        var path = Path.Combine(dir, "bad.yaml");
        await File.WriteAllTextAsync(path, "agent: { name: x }\nhub_endpoints: { primary: http://127.0.0.1:1 }\nfailover_config: { max_retries: lots }\n");

        var (code, output) = await DualHubProcess.RunAsync(["agent", "unified-utils", "--config", path], TimeSpan.FromSeconds(60));

        Assert.Equal(2, code);
        Assert.Contains("bad.yaml:3: failover_config.max_retries: 'lots' is not an integer", output, StringComparison.Ordinal);
        TempDir.Delete(dir);
    }
}
