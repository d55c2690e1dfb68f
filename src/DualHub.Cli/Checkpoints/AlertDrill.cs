using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DualHub.Metrics.Durations;
using DualHub.Cli.Up;
using DualHub.Nats.Messaging;
using DualHub.Nats.Streams;
using NATS.Client.JetStream;

namespace DualHub.Cli.Checkpoints;

/// <summary>
/// The alert path end to end: EdgeHub frozen with SIGSTOP until the rule <c>EdgeHubDown</c> fires, then SIGCONT.
/// Measured from the freeze: when Alertmanager shows the alert active, when CentralHub's webhook has published it to
/// MainPC's <c>observability-alerts</c> stream, and after the thaw when both say resolved. The bound is the rule's as
/// vmalert loaded it (the shipped deploy/rules/dualhub-forwarding.yml: <c>absent_over_time(up{job="edgehub-self"}[1m])</c>,
/// <c>for: 1m</c>, every 15 s): its absent window plus its <c>for:</c> in whole intervals plus two evaluation intervals
/// (Alertmanager must have it then), plus Alertmanager's <c>group_wait</c> for the stream.
/// </summary>
internal sealed class AlertDrill(UpSystem system, TimeProvider time) : ICheck
{
    private const string AlertName = "EdgeHubDown";

    // The alerting pair's figures (AlertmanagerConfigRenderer).
    private static readonly TimeSpan GroupWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan GroupInterval = TimeSpan.FromSeconds(30);

    // What a loaded machine adds: a scrape interval, the store's 1 s latency offset, a query and a webhook round trip.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(5);

    public string Name => "alert drill (edge frozen): EdgeHubDown";

    public string Id => CheckIds.AlertDrill;

    public string Target => "active in Alertmanager within the rule's absent window + for + two evaluation intervals of the freeze (shipped rule: 1m + 1m + 2 x 15s), in the alerts stream after Alertmanager's group_wait more; resolved in both after SIGCONT";

    public async Task<CheckResult> RunAsync(CancellationToken ct)
    {
        if (await RuleTimingAsync(ct) is not { } rule)
        {
            return new CheckResult(Name, false, $"vmalert has no alerting rule {AlertName} (rule files: {system.Topology.Vmalert.Rules})");
        }

        // vmalert sees the absence at the first evaluation after the window, counts for: in whole intervals, and queries
        // at the evaluation time aligned down to the interval (-datasource.queryTimeAlignment), up to one interval behind.
        var forRounded = rule.Evaluation * Math.Ceiling(rule.For / rule.Evaluation);
        var firingLimit = rule.Window + forRounded + (2 * rule.Evaluation) + Slack;
        var streamLimit = firingLimit + GroupWait;
        var resolveLimit = (2 * rule.Evaluation) + GroupInterval + Slack;
        var edge = system.Supervisor.Get("edge-hub").Process;
        var alertmanager = system.Topology.Alertmanager.BaseUrl("127.0.0.1");
        await using var nats = NatsConnectionFactory.Create([system.NatsDeployment!.Servers["mainpc"].ClientUrl], "dualhub-check-alerts", auth: system.NatsDeployment.Topology.Security?.ClientAuth());
        var js = new NatsJSContext(nats);
        var before = (await ReadStreamAsync(js, ct)).Select(m => m.Seq).DefaultIfEmpty(0UL).Max();

        var frozen = time.GetTimestamp();
        edge.Pause();
        TimeSpan? active = null, published = null;
        try
        {
            while ((active is null || published is null) && time.GetElapsedTime(frozen) < streamLimit + Slack)
            {
                if (active is null && await ActiveAsync(alertmanager, ct))
                {
                    active = time.GetElapsedTime(frozen);
                }

                if (published is null && (await ReadStreamAsync(js, ct)).Any(m => m.Seq > before && m.State == "firing"))
                {
                    published = time.GetElapsedTime(frozen);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), time, ct);
            }
        }
        finally
        {
            edge.Unpause();
        }

        var thawed = time.GetTimestamp();
        TimeSpan? inactive = null, resolved = null;
        while ((inactive is null || resolved is null) && time.GetElapsedTime(thawed) < resolveLimit + Slack)
        {
            if (inactive is null && !await ActiveAsync(alertmanager, ct))
            {
                inactive = time.GetElapsedTime(thawed);
            }

            if (resolved is null && (await ReadStreamAsync(js, ct)).Any(m => m.Seq > before && m.State == "resolved"))
            {
                resolved = time.GetElapsedTime(thawed);
            }

            await Task.Delay(TimeSpan.FromSeconds(1), time, ct);
        }

        var passed = active <= firingLimit && published <= streamLimit && inactive <= resolveLimit && resolved <= resolveLimit;
        var s = (TimeSpan? t) => t is { } v ? v.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "never";
        var values = new List<Measurement>();
        Add(values, "alertmanager_active", active);
        Add(values, "stream_firing", published);
        Add(values, "alertmanager_resolved", inactive);
        Add(values, "stream_resolved", resolved);
        return new CheckResult(Name, passed, string.Create(
            CultureInfo.InvariantCulture,
            $"edge frozen: {AlertName} active in Alertmanager after {s(active)} (limit {firingLimit.TotalSeconds:0} s), firing in {ObservabilityStreams.Alerts} after {s(published)} (limit {streamLimit.TotalSeconds:0} s); after SIGCONT: gone from Alertmanager after {s(inactive)}, resolved in the stream after {s(resolved)} (limit {resolveLimit.TotalSeconds:0} s); rule: absent {rule.Window.TotalSeconds:0} s, for {rule.For.TotalSeconds:0} s, every {rule.Evaluation.TotalSeconds:0} s"))
        {
            Values = values,
        };
    }

    /// <summary>
    /// <see cref="AlertName"/> as vmalert loaded it (<c>/api/v1/rules</c>): the range of its selector, its <c>for:</c> and its
    /// group's evaluation interval; null when vmalert does not have it.
    /// </summary>
    private async Task<RuleTiming?> RuleTimingAsync(CancellationToken ct)
    {
        var url = new Uri(system.Topology.Vmalert.HealthUrl("127.0.0.1"), "/api/v1/rules");
        using var doc = JsonDocument.Parse(await system.Http.GetStringAsync(url, ct));
        foreach (var group in doc.RootElement.GetProperty("data").GetProperty("groups").EnumerateArray())
        {
            foreach (var rule in group.GetProperty("rules").EnumerateArray())
            {
                if (rule.GetProperty("name").GetString() != AlertName || rule.GetProperty("type").GetString() != "alerting")
                {
                    continue;
                }

                var range = Regex.Match(rule.GetProperty("query").GetString() ?? string.Empty, @"\[([0-9a-z]+)\]");
                var window = range.Success && DurationText.TryParse(range.Groups[1].Value, DurationSyntax.Prometheus, out var w) ? w : TimeSpan.Zero;
                return new RuleTiming(window, TimeSpan.FromSeconds(rule.GetProperty("duration").GetDouble()), TimeSpan.FromSeconds(group.GetProperty("interval").GetDouble()));
            }
        }

        return null;
    }

    private static void Add(List<Measurement> values, string name, TimeSpan? t)
    {
        if (t is { } v)
        {
            values.Add(Measurement.Ms(name, v));
        }
    }

    /// <summary>Whether Alertmanager holds <see cref="AlertName"/> as an active alert (API v2).</summary>
    private async Task<bool> ActiveAsync(Uri alertmanager, CancellationToken ct)
    {
        var filter = Uri.EscapeDataString($"alertname=\"{AlertName}\"");
        try
        {
            using var doc = JsonDocument.Parse(await system.Http.GetStringAsync(new Uri(alertmanager, $"/api/v2/alerts?active=true&silenced=false&inhibited=false&filter={filter}"), ct));
            return doc.RootElement.ValueKind == JsonValueKind.Array && doc.RootElement.GetArrayLength() > 0;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>The <see cref="AlertName"/> messages in MainPC's alerts stream: sequence and state (firing or resolved).</summary>
    private static async Task<List<(ulong Seq, string State)>> ReadStreamAsync(INatsJSContext js, CancellationToken ct)
    {
        var found = new List<(ulong, string)>();
        foreach (var m in await NatsStreamReader.ReadMessagesAsync(js, ObservabilityStreams.Alerts, ObservabilityStreams.AlertsSubjectPrefix + ">", ct))
        {
            using var doc = JsonDocument.Parse(m.Data);
            if (doc.RootElement.TryGetProperty("kind", out var kind) && kind.GetString() == AlertName
                && doc.RootElement.TryGetProperty("state", out var state))
            {
                found.Add((m.Seq, state.GetString() ?? string.Empty));
            }
        }

        return found;
    }

    private readonly record struct RuleTiming(TimeSpan Window, TimeSpan For, TimeSpan Evaluation);
}
