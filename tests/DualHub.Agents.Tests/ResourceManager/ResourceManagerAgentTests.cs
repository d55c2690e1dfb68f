using DualHub.Agents.ResourceManager;
using DualHub.Client.Health;
using DualHub.Client.Options;
using DualHub.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DualHub.Agents.Tests.ResourceManager;

public sealed class ResourceManagerAgentTests : IDisposable
{
    private readonly string _proc = TempDir.Create();
    private readonly ResourceManagerAgent _agent = new(new FakeTimeProvider());

    public ResourceManagerAgentTests()
    {
        Directory.CreateDirectory(Path.Combine(_proc, "net"));
        File.WriteAllText(Path.Combine(_proc, "net", "dev"), "h\nh\n  eth0: 10 0 0 0 0 0 0 0 20 0 0 0 0 0 0 0\n");
    }

    public void Dispose()
    {
        _agent.Dispose();
        TempDir.Delete(_proc);
    }

    private void Configure(string section)
    {
        var o = AgentConfigLoader.Parse($"agent: {{ name: rm }}\nhub_endpoints: {{ primary: http://127.0.0.1:1 }}\nresource_manager:\n{section}", "rm.yaml", ["resource_manager"], _ => null).Validate();
        _agent.Configure(o.Config!.GetSection("resource_manager"), o);
    }

    private void Write(string stat, ulong memTotalKb, ulong memAvailableKb)
    {
        File.WriteAllText(Path.Combine(_proc, "stat"), stat + "\ncpu0 0 0 0 0\n");
        File.WriteAllText(Path.Combine(_proc, "meminfo"), $"MemTotal: {memTotalKb} kB\nMemAvailable: {memAvailableKb} kB\n");
    }

    [Fact]
    public void Cpu_is_the_busy_share_between_two_readings_and_thresholds_raise_alerts()
    {
        Configure($"  proc_root: {_proc}\n  alert_thresholds: {{ cpu: 80, memory: 85, disk: 90 }}\n  disk_paths: [/]\n");
        Write("cpu  100 0 0 900 0 0 0 0", 1000, 500);
        _agent.Sample();
        Write("cpu  190 0 0 910 0 0 0 0", 1000, 100); // 90 of 100 jiffies busy; 90 % memory used

        var s = _agent.Sample();

        Assert.Equal(90, s.CpuPercent, 6);
        Assert.Equal(90, s.MemoryPercent, 6);
        Assert.Equal([("eth0", 10UL, 20UL)], s.Network);
        Assert.Single(s.Disks);
        Assert.Equal(["cpu", "memory"], _agent.ActiveAlerts().Select(a => a.Resource));
        Assert.Equal(AgentHealthStatus.Degraded, _agent.HealthStatus());
        Assert.Equal(2, _agent.HealthDetails()!["alerts"]!.AsArray().Count);
    }

    [Fact]
    public void An_unreadable_meminfo_keeps_the_last_memory_figures_and_a_firing_alert()
    {
        Configure($"  proc_root: {_proc}\n  alert_thresholds: {{ memory: 85 }}\n");
        Write("cpu  100 0 0 900 0 0 0 0", 1000, 100); // 90 % used: firing
        _agent.Sample();
        Assert.Equal(["memory"], _agent.ActiveAlerts().Select(a => a.Resource));

        File.WriteAllText(Path.Combine(_proc, "meminfo"), string.Empty); // read between truncation and rewrite: no figures
        var s = _agent.Sample();

        Assert.Equal(90, s.MemoryPercent, 6);
        Assert.Equal(["memory"], _agent.ActiveAlerts().Select(a => a.Resource));
    }

    [Fact]
    public void Below_the_thresholds_nothing_alerts()
    {
        Configure($"  proc_root: {_proc}\n");
        Write("cpu  100 0 0 900 0 0 0 0", 1000, 900);
        _agent.Sample();
        Write("cpu  110 0 0 990 0 0 0 0", 1000, 900);
        _agent.Sample();

        Assert.Empty(_agent.ActiveAlerts());
        Assert.Equal(AgentHealthStatus.Healthy, _agent.HealthStatus());
    }

    [Fact]
    public void A_bad_threshold_is_named()
    {
        var ex = Assert.Throws<AgentConfigException>(() => Configure("  alert_thresholds: { cpu: 180 }\n"));

        Assert.Equal("resource_manager.alert_thresholds.cpu", ex.Key);
    }

    [Fact]
    public async Task The_real_proc_files_are_readable()
    {
        Configure("  disk_paths: [/]\n");
        _agent.Sample();

        // CPU needs two readings at least one jiffy apart
        var s = await Poll.UntilAsync(() => Task.FromResult(_agent.Sample() is { CpuPercent: >= 0 } r ? r : null), TimeSpan.FromSeconds(5), "a CPU reading");

        Assert.InRange(s.CpuPercent, 0, 100);
        Assert.True(s.MemoryTotal > 0);
        Assert.Contains(s.Network, n => n.Device == "lo");
    }
}
