using System.Globalization;
using DualHub.Client.Options;
using DualHub.Testing;
using YamlDotNet.RepresentationModel;

namespace DualHub.Client.Tests.Options;

/// <summary>
/// The agent YAML cases both clients must read alike (tests/scenarios/config-cases.yaml): resolved values or the exact
/// error text. The Python client runs the same file (clients/python/tests/test_config_cases.py).
/// </summary>
public sealed class ConfigCasesTests
{
    private static readonly Lazy<Dictionary<string, YamlMappingNode>> All = new(Load);

    public static TheoryData<string> Names() => [.. All.Value.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void The_agent_yaml_reads_as_the_shared_case_says(string name)
    {
        var c = All.Value[name];
        var env = c.Children.TryGetValue("env", out var e) ? ((YamlMappingNode)e).Children.ToDictionary(p => p.Key.ToString(), p => p.Value.ToString()) : [];
        var yaml = c.Children[new YamlScalarNode("yaml")].ToString();
        if (c.Children.TryGetValue("error", out var error))
        {
            var ex = Assert.Throws<AgentConfigException>(() => AgentConfigLoader.Parse(yaml, "agent.yaml", [], v => env.GetValueOrDefault(v)).Validate());
            Assert.Equal(error.ToString(), ex.Message);
            return;
        }

        var actual = Values(AgentConfigLoader.Parse(yaml, "agent.yaml", [], v => env.GetValueOrDefault(v)).Validate());
        foreach (var (key, expected) in ((YamlMappingNode)c.Children[new YamlScalarNode("expect")]).Children)
        {
            var k = key.ToString();
            Assert.True(actual.ContainsKey(k), $"unknown expectation '{k}'");
            Assert.Equal(Text(expected), actual[k]);
        }
    }

    /// <summary>Every value a case may name, as text: durations in seconds, lists joined with commas, null as "null".</summary>
    private static Dictionary<string, string> Values(ResolvedAgentOptions o)
    {
        static string S(TimeSpan t) => Number(t.TotalSeconds);
        var f = o.Failover;
        return new()
        {
            ["name"] = o.Agent.Name,
            ["node"] = o.Agent.Node,
            ["hubs"] = string.Join(",", o.Hubs.Select(h => $"{h.Name}={h.Url}")),
            ["pushgateway"] = o.Pushgateway?.ToString() ?? "null",
            ["push_interval"] = S(o.PushInterval),
            ["health_check_interval"] = S(f.HealthCheckInterval),
            ["max_retries"] = Number(f.MaxRetries),
            ["failover_threshold"] = Number(f.FailoverThreshold),
            ["recovery_timeout"] = S(f.RecoveryTimeout),
            ["push_timeout"] = S(f.PushTimeout),
            ["retry_backoff"] = S(f.RetryBackoff),
            ["recovery_backoff"] = S(f.RecoveryBackoff),
            ["backoff_multiplier"] = Number(f.BackoffMultiplier),
            ["recovery_successes"] = Number(f.RecoverySuccesses),
            ["adaptive_timeout"] = f.AdaptiveTimeout ? "true" : "false",
            ["push_timeout_min"] = S(f.PushTimeoutMin),
            ["push_timeout_max"] = S(f.PushTimeoutMax),
            ["push_timeout_factor"] = Number(f.PushTimeoutFactor),
            ["push_timeout_percentile"] = Number(f.PushTimeoutPercentile),
            ["latency_window"] = Number(f.LatencyWindow),
            ["latency_min_samples"] = Number(f.LatencyMinSamples),
            ["spool_path"] = o.Spool.Path,
            ["spool_max_batches"] = Number(o.Spool.MaxBatches),
            ["spool_max_bytes"] = Number(o.Spool.MaxBytes),
            ["health_port"] = o.HealthPort is { } p ? Number(p) : "null",
            ["health_host"] = o.HealthHost,
            ["nats_urls"] = string.Join(",", o.Nats.Urls.Select(u => u.OriginalString)),
            ["health_subject"] = o.Nats.HealthSubject,
            ["metrics_subject"] = o.Nats.MetricsSubject,
        };
    }

    private static string Text(YamlNode node) => node switch
    {
        YamlSequenceNode s => string.Join(",", s.Children.Select(Text)),
        YamlScalarNode { Value: null or "null" or "~" } => "null",
        YamlScalarNode v when double.TryParse(v.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => Number(d),
        _ => node.ToString(),
    };

    private static string Number(double d) => d.ToString("0.######", CultureInfo.InvariantCulture);

    private static Dictionary<string, YamlMappingNode> Load()
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(RepoRoot.Combine("tests", "scenarios", "config-cases.yaml")))
        {
            stream.Load(reader);
        }

        return ((YamlSequenceNode)stream.Documents[0].RootNode).Children.Cast<YamlMappingNode>()
            .ToDictionary(c => c.Children[new YamlScalarNode("name")].ToString(), c => c);
    }
}
