using DualHub.Agents.ResourceManager;
using DualHub.Client.Nats;
using DualHub.Client.Options;
using DualHub.Nats.Messaging;
using DualHub.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DualHub.Agents.Tests.ResourceManager;

public sealed class ThresholdAlertsTests : IDisposable
{
    private readonly string _proc = TempDir.Create();
    private readonly List<AgentAlert> _alerts = [];

    public void Dispose() => TempDir.Delete(_proc);

    private sealed class Recorder(List<AgentAlert> alerts) : IAlertPublisher
    {
        public void PublishAlert(AgentAlert alert) => alerts.Add(alert);
    }

    [Fact]
    public void One_alert_when_a_threshold_is_crossed_one_when_it_clears_none_while_it_stays()
    {
        var t = new ThresholdAlerts(new Recorder(_alerts));

        Assert.Equal(1, t.Update([("cpu", "", 91, 80)]));
        Assert.Equal(0, t.Update([("cpu", "", 95, 80)]));
        Assert.Equal(1, t.Update([("cpu", "", 97, 80), ("disk", "/", 93, 90)]));
        Assert.Equal(2, t.Update([]));
        Assert.Equal(0, t.Update([]));

        Assert.Equal(
            [("cpu", false), ("disk", false), ("cpu", true), ("disk", true)],
            _alerts.Select(a => ((string)a.Details!["resource"]!, a.Resolved)));
        Assert.All(_alerts, a => Assert.Equal(AlertSeverity.Warning, a.Severity));
        Assert.Equal("cpu at 91% is above 80%", _alerts[0].Summary);
    }

    [Fact]
    public void The_resource_manager_publishes_a_memory_crossing_once_across_samples()
    {
        using var agent = new ResourceManagerAgent(new FakeTimeProvider());
        Directory.CreateDirectory(Path.Combine(_proc, "net"));
        File.WriteAllText(Path.Combine(_proc, "net", "dev"), "h\nh\n");
        File.WriteAllText(Path.Combine(_proc, "stat"), "cpu  100 0 0 900 0 0 0 0\n");
        var o = AgentConfigLoader.Parse($"agent: {{ name: rm }}\nhub_endpoints: {{ primary: http://127.0.0.1:1 }}\nresource_manager:\n  proc_root: {_proc}\n  disk_paths: []\n", "rm.yaml", ["resource_manager"], _ => null).Validate();
        agent.Configure(o.Config!.GetSection("resource_manager"), o);
        agent.UseAlerts(new Recorder(_alerts));

        foreach (var available in new ulong[] { 500, 100, 100, 120, 600 }) // 50 %, 90 %, 90 %, 88 %, 40 % used
        {
            File.WriteAllText(Path.Combine(_proc, "meminfo"), $"MemTotal: 1000 kB\nMemAvailable: {available} kB\n");
            agent.Sample();
        }

        Assert.Equal([("memory", false), ("memory", true)], _alerts.Select(a => ((string)a.Details!["resource"]!, a.Resolved)));
    }
}
