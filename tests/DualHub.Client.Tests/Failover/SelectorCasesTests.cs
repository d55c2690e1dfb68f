using System.Globalization;
using DualHub.Client.Failover;
using DualHub.Client.Options;
using DualHub.Testing;
using Microsoft.Extensions.Time.Testing;
using YamlDotNet.RepresentationModel;

namespace DualHub.Client.Tests.Failover;

/// <summary>
/// The failover state machine step by step as tests/scenarios/selector-cases.yaml describes it; the Python client runs
/// the same file (clients/python/tests/test_selector_cases.py), so the two implementations cannot drift apart.
/// </summary>
public sealed class SelectorCasesTests
{
    private static readonly Lazy<(YamlMappingNode Defaults, Dictionary<string, YamlMappingNode> Cases)> File = new(Load);

    public static TheoryData<string> Names() => [.. File.Value.Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void The_state_machine_steps_as_the_shared_case_says(string name)
    {
        var c = File.Value.Cases[name];
        var count = c.Children.TryGetValue("hubs", out var n) ? int.Parse(n.ToString(), CultureInfo.InvariantCulture) : 2;
        var names = Enumerable.Range(0, count).Select(i => i switch { 0 => "primary", 1 => "fallback", _ => "hub" + (i + 1).ToString(CultureInfo.InvariantCulture) }).ToList();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var s = new HubSelector([.. names.Select((h, i) => new HubEndpoint(h, new Uri($"http://127.0.0.1:{9000 + i}")))], Options(File.Value.Defaults), time);
        var k = 0;
        foreach (YamlMappingNode step in ((YamlSequenceNode)c.Children[new YamlScalarNode("steps")]).Children)
        {
            k++;
            var action = step.Children[new YamlScalarNode("do")].ToString().Split(' ');
            var change = Do(s, time, names, action);
            if (step.Children.TryGetValue("expect", out var expect))
            {
                Check(s, time, names, change, (YamlMappingNode)expect, $"step {k} ({string.Join(' ', action)})");
            }
        }
    }

    private static ActiveHubChange? Do(HubSelector s, FakeTimeProvider time, List<string> names, string[] a)
    {
        int Hub() => names.IndexOf(a[1]);
        switch (a[0])
        {
            case "start":
                return null;
            case "advance":
                time.Advance(TimeSpan.FromSeconds(double.Parse(a[1], CultureInfo.InvariantCulture)));
                return null;
            case "probe":
                var wait = s.Snapshot()[Hub()].NextProbe - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    time.Advance(wait);
                }

                return s.ReportProbe(Hub(), a[2] == "ok", a[2] == "ok" ? null : "refused");
            case "probe-now":
                return s.ReportProbe(Hub(), a[2] == "ok", a[2] == "ok" ? null : "refused");
            case "push-failure":
                return s.ReportPushFailure(Hub(), "refused");
            case "push-success":
                return s.ReportPushSuccess(Hub());
            default:
                throw new InvalidOperationException("unknown action " + a[0]);
        }
    }

    private static void Check(HubSelector s, FakeTimeProvider time, List<string> names, ActiveHubChange? change, YamlMappingNode expect, string where)
    {
        string Name(int i) => i < 0 ? "none" : names[i];
        var hubs = s.Snapshot();
        foreach (var (key, value) in expect.Children)
        {
            var want = value.ToString();
            switch (key.ToString())
            {
                case "change":
                    Assert.True(want == (change is { } ch ? $"{Name(ch.From)} -> {Name(ch.To)} {(ch.IsFailover ? "failover" : "failback")}" : "none"), $"{where}: change {want}, got {change}");
                    break;
                case "active":
                    Assert.True(want == Name(s.Active), $"{where}: active {want}, got {Name(s.Active)}");
                    break;
                case "delivery" or "panic":
                    var order = s.DeliveryOrder(out var panic);
                    var got = key.ToString() == "panic" ? panic.ToString().ToLowerInvariant() : string.Join(",", order.Select(Name));
                    Assert.True(List(value) == got, $"{where}: {key} {List(value)}, got {got}");
                    break;
                case "due":
                    var due = string.Join(",", s.DueProbes().Select(Name));
                    Assert.True(List(value) == due, $"{where}: due {List(value)}, got {due}");
                    break;
                default:
                    foreach (var (hub, v) in ((YamlMappingNode)value).Children)
                    {
                        var h = hubs[names.IndexOf(hub.ToString())];
                        var actual = key.ToString() switch
                        {
                            "state" => h.State.ToString().ToLowerInvariant(),
                            "failures" => h.ConsecutiveFailures.ToString(CultureInfo.InvariantCulture),
                            "next_probe_in" => (h.NextProbe - time.GetUtcNow()).TotalSeconds.ToString(CultureInfo.InvariantCulture),
                            _ => throw new InvalidOperationException("unknown expectation " + key),
                        };
                        Assert.True(v.ToString() == actual, $"{where}: {key} of {hub} {v}, got {actual}");
                    }

                    break;
            }
        }
    }

    private static string List(YamlNode n) => n is YamlSequenceNode seq ? string.Join(",", seq.Children) : n.ToString();

    private static ResolvedFailoverOptions Options(YamlMappingNode d)
    {
        double Get(string k) => double.Parse(d.Children[new YamlScalarNode(k)].ToString(), CultureInfo.InvariantCulture);
        var o = new AgentOptions
        {
            Agent = { Name = "cases" },
            Failover =
            {
                HealthCheckInterval = TimeSpan.FromSeconds(Get("health_check_interval")),
                FailoverThreshold = (int)Get("failover_threshold"),
                MaxRetries = (int)Get("max_retries"),
                RecoveryBackoff = TimeSpan.FromSeconds(Get("recovery_backoff")),
                BackoffMultiplier = Get("backoff_multiplier"),
                RecoveryTimeout = TimeSpan.FromSeconds(Get("recovery_timeout")),
                RecoverySuccesses = (int)Get("recovery_successes"),
            },
        };
        o.Hubs.Add(new HubEndpoint("primary", new Uri("http://127.0.0.1:9000")));
        return o.Validate().Failover;
    }

    private static (YamlMappingNode, Dictionary<string, YamlMappingNode>) Load()
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(RepoRoot.Combine("tests", "scenarios", "selector-cases.yaml")))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var cases = ((YamlSequenceNode)root.Children[new YamlScalarNode("cases")]).Children.Cast<YamlMappingNode>()
            .ToDictionary(c => c.Children[new YamlScalarNode("name")].ToString(), c => c);
        return ((YamlMappingNode)root.Children[new YamlScalarNode("defaults")], cases);
    }
}
