using System.Net;
using System.Text;
using System.Text.Json;
using DualHub.IntegrationTests.Nats;
using DualHub.Metrics.Model;
using DualHub.Metrics.RemoteWrite;
using DualHub.Nats.Messaging;
using DualHub.Nats.Streams;
using DualHub.Testing;
using NATS.Client.JetStream;

namespace DualHub.IntegrationTests.Alerts;

/// <summary>
/// The alert path with real processes started here: a rule evaluated by vmalert against CentralHub's query API, the alert
/// routed by Alertmanager 0.25 to CentralHub's webhook, and CentralHub publishing it to the NATS alerts stream.
/// </summary>
public sealed class AlertingEndToEndTests
{
    internal const string UrgentSubject = "observability.alerts.urgent";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(40);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task A_rule_firing_and_resolving_reaches_the_alerts_stream_by_severity_and_a_retried_webhook_is_stored_once()
    {
        await using var d = await NatsTestDeployment.StartAsync(NatsTestTopologies.Leaf);
        await NatsStreamApplier.ApplyAsync(d.Deployment.Topology);
        var (central, centralUrl) = await CentralHubProcess.StartAsync(d, "127.0.0.1", "role: central\nalerts:\n  webhook_max_bytes: 2097152\n", Wait);
        await using var centralGuard = central;

        var rules = Path.Combine(d.Directory, "rules.yml");
        await File.WriteAllTextAsync(rules, """
            groups:
              - name: e2e
                rules:
                  - alert: DualHubE2EProbe
                    expr: dualhub_e2e_probe
                    labels: { severity: urgent }
                    annotations: { summary: "probe on {{ $labels.instance }}", runbook: "none" }
            """);
        var (am, amUrl) = await AlertingProcesses.StartAlertmanagerAsync(d.Directory, centralUrl + "/api/v1/alerts/webhook");
        await using var amGuard = am;
        var (vmalert, _) = await AlertingProcesses.StartVmalertAsync(d.Directory, rules, centralUrl, amUrl);
        await using var vmalertGuard = vmalert;

        await using var nats = NatsConnectionFactory.Create([d["mainpc"].ClientUrl], "test");
        var js = new NatsJSContext(nats);

        // The probe series appears (a few seconds old, so vmalert's aligned evaluation time sees it): the alert fires.
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds();
        await WriteProbeAsync(centralUrl, 1, now - 5000);
        StoredAlert firing;
        try
        {
            firing = await Poll.UntilAsync(async () => (await AlertsAsync(js)).FirstOrDefault(a => a.Status == "firing"), Wait, "the firing alert in the alerts stream");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\nvmalert:\n{vmalert.Output}\nalertmanager:\n{am.Output}\ncentral:\n{central.Output}", ex);
        }

        Assert.Equal(UrgentSubject, firing.Subject);
        Assert.Equal("alertmanager", firing.Body.GetProperty("source").GetString());
        Assert.Equal("DualHubE2EProbe", firing.Body.GetProperty("labels").GetProperty("alertname").GetString());
        Assert.Equal("probe on e2e", firing.Body.GetProperty("annotations").GetProperty("summary").GetString());
        Assert.Equal(JsonValueKind.Null, firing.Body.GetProperty("endsAt").ValueKind);
        Assert.Matches("^alert-[0-9a-f]{16}-firing-[0-9]+$", firing.MsgId);

        // A stale marker ends the series: the resolution follows, with its own msg id.
        await WriteProbeAsync(centralUrl, StaleMarker.Value, now - 4000);
        var resolved = await Poll.UntilAsync(async () => (await AlertsAsync(js)).FirstOrDefault(a => a.Status == "resolved"), Wait, "the resolution in the alerts stream");
        Assert.Equal(UrgentSubject, resolved.Subject);
        Assert.Equal(firing.Body.GetProperty("fingerprint").GetString(), resolved.Body.GetProperty("fingerprint").GetString());
        Assert.NotEqual(JsonValueKind.Null, resolved.Body.GetProperty("endsAt").ValueKind);

        // Alertmanager retrying a call (same alerts): acked as duplicates, stored once. No severity label: warning.
        var payload = """
            {"version":"4","status":"firing","receiver":"dualhub","alerts":[
              {"status":"firing","labels":{"alertname":"Retried","severity":"urgent"},"annotations":{},"startsAt":"2024-05-01T10:00:00Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"00000000000000aa"},
              {"status":"firing","labels":{"alertname":"NoSeverity"},"annotations":{},"startsAt":"2024-05-01T10:00:00Z","endsAt":"0001-01-01T00:00:00Z","fingerprint":"00000000000000bb"}]}
            """;
        Assert.Equal("""{"status":"success","published":2,"duplicates":0}""", await PostAsync(centralUrl, payload, HttpStatusCode.OK));
        Assert.Equal("""{"status":"success","published":2,"duplicates":2}""", await PostAsync(centralUrl, payload, HttpStatusCode.OK));
        Assert.Single(await AlertsAsync(js), a => a.MsgId.StartsWith("alert-00000000000000aa-", StringComparison.Ordinal));
        var warning = Assert.Single(await AlertsAsync(js, "observability.alerts.warning"));
        Assert.Equal("no severity label: published as warning", warning.Body.GetProperty("note").GetString());

        // Not Alertmanager's payload: 400 naming the problem; too large: 413; nothing published.
        Assert.Contains("alerts[0].status: missing", await PostAsync(centralUrl, """{"version":"4","alerts":[{"startsAt":"2024-05-01T10:00:00Z"}]}""", HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("body larger than 2097152 bytes", await PostAsync(centralUrl, new string(' ', 2_100_000), HttpStatusCode.RequestEntityTooLarge), StringComparison.Ordinal);
        // An alert within the body limit but over NATS' max_payload (1 MB) can never be published: 400, not a 503 that
        // Alertmanager would retry forever.
        var huge = """{"version":"4","alerts":[{"status":"firing","labels":{"alertname":"Huge","severity":"urgent"},"annotations":{"a":"HUGE"},"startsAt":"2024-05-01T10:00:00Z"}]}"""
            .Replace("HUGE", new string('x', 1_200_000), StringComparison.Ordinal);
        Assert.Contains("too large for NATS", await PostAsync(centralUrl, huge, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal(3, (await AlertsAsync(js)).Count);

        // NATS gone: 503, so Alertmanager keeps retrying.
        await d.Deployment.DisposeAsync();
        Assert.Contains("publishing to NATS failed", await PostAsync(centralUrl, payload.Replace("00000000000000aa", "00000000000000cc", StringComparison.Ordinal), HttpStatusCode.ServiceUnavailable), StringComparison.Ordinal);
    }

    private static Task WriteProbeAsync(string hubUrl, double value, long timestampMs) => HubHttp.RemoteWriteAsync(hubUrl, new WriteRequest
    {
        Series = { new TimeSeries { Labels = [new Label("__name__", "dualhub_e2e_probe"), new Label("instance", "e2e"), new Label("job", "e2e")], Samples = [new Sample(value, timestampMs)] } },
    });

    private static async Task<string> PostAsync(string hubUrl, string body, HttpStatusCode expected)
    {
        using var response = await Http.PostAsync(new Uri(hubUrl + "/api/v1/alerts/webhook"), new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {text}");
        return text.Trim();
    }

    internal static async Task<List<StoredAlert>> AlertsAsync(INatsJSContext js, string subject = UrgentSubject)
    {
        var result = new List<StoredAlert>();
        foreach (var m in await NatsStreamReader.ReadMessagesAsync(js, ObservabilityStreams.Alerts, subject))
        {
            var body = JsonDocument.Parse(m.Data).RootElement.Clone();
            result.Add(new StoredAlert(m.MsgId ?? string.Empty, m.Subject, body.GetProperty("status").GetString()!, body));
        }

        return result;
    }
}
