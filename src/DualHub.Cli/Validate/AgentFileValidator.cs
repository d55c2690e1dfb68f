using System.Globalization;
using DualHub.Agents.Hosting;
using DualHub.Client.Options;
using DualHub.Nats.Streams;

namespace DualHub.Cli.Validate;

/// <summary>
/// An agent config (the plan's agent YAML): the SDK's binding (errors name file:line:key, unknown or stale keys are
/// refused), the pilot agent's own section, and the plan's traps: failover timing against the plan's &lt; 5 s (target
/// &lt; 3 s), subjects no stream captures, a single hub.
/// </summary>
internal static class AgentFileValidator
{
    /// <summary>The plan's failover limit and target (Weekly Checklist; KPIs).</summary>
    public static readonly TimeSpan PlanLimit = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan PlanTarget = TimeSpan.FromSeconds(3);

    private static readonly string[] Sections = ["resource_manager", "unified_utils", "observability_hub"];

    public static void Validate(FileReport report, IReadOnlyCollection<string> topLevelKeys)
    {
        report.Kind = "agent config";
        var section = Sections.FirstOrDefault(topLevelKeys.Contains);
        ResolvedAgentOptions options;
        try
        {
            // OBS_HUB_URL is ignored: the file is validated, not this shell's environment.
            options = AgentConfigLoader.Parse(report.Text, report.File, section is null ? [] : [section], _ => null).Validate();
            if (section is not null)
            {
                using var pilot = PilotAgents.Create(section)!;
                pilot.Configure(options.Config?.GetSection(section), options);
            }
        }
        catch (AgentConfigException ex)
        {
            report.AddMessage(FindingSeverity.Error, ex.Message);
            return;
        }

        CheckFailoverTiming(report, options);
        CheckSubjects(report, options);
        if (options.Hubs.Count == 1)
        {
            report.Add(FindingSeverity.Warning, "hub_endpoints", "hub_endpoints: one hub only, so there is nothing to fail over to (the plan's agents list primary and fallback)");
        }

        foreach (var dup in options.Hubs.GroupBy(h => h.Url.GetLeftPart(UriPartial.Authority)).Where(g => g.Count() > 1))
        {
            report.Add(FindingSeverity.Warning, "hub_endpoints", $"hub_endpoints: {string.Join(" and ", dup.Select(h => h.Name))} are the same hub ({dup.Key}): failing over between them changes nothing");
        }

        if (options.HealthPort is > 0 and var port)
        {
            report.Claims.Add(new PortClaim(report.File, report.LineOf("health_port"), PortClaim.NormalizeHost(options.HealthHost), port, $"agent {options.Agent.Name} health_port {port}"));
        }

        if (options.Nats.Enabled)
        {
            foreach (var url in options.Nats.Urls)
            {
                report.NatsReferences.Add(new NatsReference(report.File, report.LineOf(report.LineOf("nats.nats_url") > 0 ? "nats.nats_url" : "nats_url"), url.Host, url.Port > 0 ? url.Port : 4222, $"agent {options.Agent.Name} nats_url"));
            }
        }
    }

    /// <summary>
    /// docs/client.md, "Detection time": from the fault, a crashed hub is left within push_interval + (max_retries - 1) x
    /// retry_backoff, a hung one within push_interval + max_retries x push_timeout + (max_retries - 1) x retry_backoff
/// (with the adaptive timeout, its floor push_timeout_min: the bound on a fast link; a slower link's timeout is longer);
    /// the active probes notice a dead hub after failover_threshold x health_check_interval. Whichever comes first.
    /// </summary>
    internal static (TimeSpan Crash, TimeSpan Hang, TimeSpan Active) DetectionBounds(ResolvedAgentOptions o)
    {
        var f = o.Failover;
        var backoffs = f.RetryBackoff * (f.MaxRetries - 1);
        var active = f.HealthCheckInterval * f.FailoverThreshold;
        var crash = o.PushInterval + backoffs;
        var hang = o.PushInterval + (HangTimeout(f) * f.MaxRetries) + backoffs;
        return (Min(crash, active), Min(hang, active), active);
    }

    private static TimeSpan HangTimeout(ResolvedFailoverOptions f) => f.AdaptiveTimeout ? f.PushTimeoutMin : f.PushTimeout;

    private static void CheckFailoverTiming(FileReport report, ResolvedAgentOptions options)
    {
        var (crash, hang, active) = DetectionBounds(options);
        var worst = crash > hang ? crash : hang;
        if (worst < PlanTarget)
        {
            return;
        }

        var key = report.LineOf("push_interval") > 0 && options.PushInterval >= PlanTarget ? "push_interval" : "failover_config";
        var f = options.Failover;
        var formula = string.Create(CultureInfo.InvariantCulture,
            $"a crashed hub is left up to {S(crash)} after the fault, a hung one up to {S(hang)} (push_interval {S(options.PushInterval)} + max_retries {f.MaxRetries} x {(f.AdaptiveTimeout ? "push_timeout_min" : "push_timeout")} {S(HangTimeout(f))} + retry backoffs; active probes: failover_threshold {f.FailoverThreshold} x health_check_interval {S(f.HealthCheckInterval)} = {S(active)})");
        report.Add(FindingSeverity.Warning, key, worst >= PlanLimit
            ? $"failover timing: {formula}: over the plan's failover limit < {S(PlanLimit)}; lower push_interval (the pilot configs use 0.5) or the probe interval"
            : $"failover timing: {formula}: within the plan's < {S(PlanLimit)} but over its target < {S(PlanTarget)}");
    }

    private static void CheckSubjects(FileReport report, ResolvedAgentOptions options)
    {
        if (!options.Nats.Enabled || options.Nats.Urls.Count == 0)
        {
            return;
        }

        Check(options.Nats.HealthSubject, ObservabilityStreams.Health, ObservabilityStreams.HealthSubjectPrefix, "health_subject");
        Check(options.Nats.MetricsSubject, ObservabilityStreams.Metrics, ObservabilityStreams.MetricsSubjectPrefix, "metrics_subject");

        void Check(string subject, string stream, string prefix, string name)
        {
            var key = report.LineOf("nats." + name) > 0 ? "nats." + name : name;
            var tokens = subject.Split('.');
            if (tokens.Any(t => t.Length == 0 || t.Contains('*', StringComparison.Ordinal) || t.Contains('>', StringComparison.Ordinal) || t.Any(char.IsWhiteSpace)))
            {
                report.Add(FindingSeverity.Error, key, $"{key}: '{subject}' is not a subject to publish to (empty token, wildcard or space)");
            }
            else if (!subject.StartsWith(prefix, StringComparison.Ordinal))
            {
                var other = ObservabilityStreams.All.FirstOrDefault(s => subject.StartsWith(s.Subjects[..^1], StringComparison.Ordinal));
                report.Add(FindingSeverity.Error, key, other.Name is null
                    ? $"{key}: '{subject}' is in no stream (stream/subject mismatch: {stream} takes {prefix}>): nothing published there is kept"
                    : $"{key}: '{subject}' lands in stream {other.Name}, not {stream} ({prefix}>)");
            }
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string S(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
