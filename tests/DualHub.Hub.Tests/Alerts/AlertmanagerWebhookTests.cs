using System.Text;
using DualHub.Hub.Alerts;

namespace DualHub.Hub.Tests.Alerts;

public sealed class AlertmanagerWebhookTests
{
    // The shape Alertmanager 0.25 POSTs (one firing, one resolved alert), nanosecond timestamps included.
    private const string Payload = """
        {"receiver":"dualhub","status":"firing","alerts":[
          {"status":"firing","labels":{"severity":"urgent","alertname":"EdgeHubDown","instance":"127.0.0.1:9100"},
           "annotations":{"summary":"EdgeHub down","runbook":"restart it"},"startsAt":"2024-05-01T10:00:00.123456789Z",
           "endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://127.0.0.1:8880/vmalert/alert?group_id=1","fingerprint":"7ff3e9a5b2c1d0e4"},
          {"status":"resolved","labels":{"alertname":"PushgatewayDown"},"annotations":{},
           "startsAt":"2024-05-01T09:00:00+02:00","endsAt":"2024-05-01T10:05:00.5Z","generatorURL":"","fingerprint":"0123456789abcdef"}],
         "groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://mainpc:9093","version":"4",
         "groupKey":"{}:{}","truncatedAlerts":0}
        """;

    [Fact]
    public void Every_alert_is_read_with_sorted_labels_times_and_fingerprint_and_other_members_are_skipped()
    {
        var alerts = Parse(Payload);

        Assert.Equal(2, alerts.Count);
        var firing = alerts[0];
        Assert.Equal("alertmanager", firing.Source);
        Assert.False(firing.Resolved);
        Assert.Equal(["alertname", "instance", "severity"], firing.Labels.Select(l => l.Key));
        Assert.Equal("EdgeHubDown", firing.Label("alertname"));
        Assert.Equal(["runbook", "summary"], firing.Annotations.Select(l => l.Key));
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_567), firing.StartsAt);
        Assert.Null(firing.EndsAt);
        Assert.Equal("7ff3e9a5b2c1d0e4", firing.Fingerprint);
        Assert.Equal("http://127.0.0.1:8880/vmalert/alert?group_id=1", firing.GeneratorUrl);

        var resolved = alerts[1];
        Assert.True(resolved.Resolved);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 7, 0, 0, TimeSpan.Zero), resolved.StartsAt);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 5, 0, 500, TimeSpan.Zero), resolved.EndsAt);
        Assert.Null(resolved.GeneratorUrl);
    }

    [Fact]
    public void A_missing_fingerprint_is_computed_from_the_labels_as_Alertmanager_does()
    {
        var alerts = Parse("""{"version":"4","alerts":[{"status":"firing","labels":{"b":"2","a":"1"},"startsAt":"2024-05-01T10:00:00Z"}]}""");

        Assert.Equal(AlertFingerprint.Of([new("a", "1"), new("b", "2")]), alerts[0].Fingerprint);
        Assert.Empty(alerts[0].Annotations);
    }

    [Theory]
    [InlineData("", "invalid JSON")]
    [InlineData("[]", "expected a JSON object")]
    [InlineData("""{"alerts":[]}""", "version: missing")]
    [InlineData("""{"version":"3","alerts":[]}""", "version: '3' is not \"4\"")]
    [InlineData("""{"version":"4"}""", "alerts: missing")]
    [InlineData("""{"version":"4","alerts":{}}""", "alerts: expected an array, got an object")]
    [InlineData("""{"version":"4","alerts":[1]}""", "alerts[0]: expected an object")]
    [InlineData("""{"version":"4","alerts":[{"labels":{},"startsAt":"2024-05-01T10:00:00Z"}]}""", "alerts[0].status: missing")]
    [InlineData("""{"version":"4","alerts":[{"status":"pending","startsAt":"2024-05-01T10:00:00Z"}]}""", "alerts[0].status: 'pending' is neither firing nor resolved")]
    [InlineData("""{"version":"4","alerts":[{"status":"firing","labels":{"a":1},"startsAt":"2024-05-01T10:00:00Z"}]}""", "alerts[0].labels.a: expected a string, got a number")]
    [InlineData("""{"version":"4","alerts":[{"status":"firing","labels":{"a":"1","a":"2"},"startsAt":"2024-05-01T10:00:00Z"}]}""", "alerts[0].labels.a: given twice")]
    [InlineData("""{"version":"4","alerts":[{"status":"firing"}]}""", "alerts[0].startsAt: missing")]
    [InlineData("""{"version":"4","alerts":[{"status":"firing","startsAt":"yesterday"}]}""", "alerts[0].startsAt: 'yesterday' is not an RFC 3339 time")]
    [InlineData("""{"version":"4","alerts":[{"status":"resolved","startsAt":"2024-05-01T10:00:00Z"}]}""", "alerts[0].endsAt: missing on a resolved alert")]
    [InlineData("""{"version":"4","alerts":[]} {}""", "invalid JSON at line 1")]
    [InlineData("{\"version\":\"4\",\n\"alerts\":[{\"status\": }]}", "invalid JSON at line 2")]
    [InlineData("""{"version":"4","alerts":[{"status":"\ud800","startsAt":"2024-05-01T10:00:00Z"}]}""", "invalid JSON string")]
    [InlineData("""{"version":"4","alerts":[{"status":"firing","startsAt":"2024-05-01T10:00:00Z","fingerprint":"00aa\r\nX: y"}]}""", "alerts[0].fingerprint: '00aa\r\nX: y' is not 16 hex digits")]
    [InlineData("""{"version":"4","alerts":[{"status":"firing","startsAt":"2024-05-01T10:00:00Z","fingerprint":"00000000000000aag"}]}""", "alerts[0].fingerprint: '00000000000000aag' is not 16 hex digits")]
    public void A_body_that_is_not_the_version_4_payload_is_refused_naming_the_problem(string body, string expected)
    {
        var ex = Assert.Throws<AlertWebhookException>(() => Parse(body));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_string_that_is_not_UTF_8_is_refused_naming_the_problem()
    {
        var body = """{"version":"4","alerts":[{"status":"#","startsAt":"2024-05-01T10:00:00Z"}]}"""u8.ToArray();
        body[body.AsSpan().IndexOf((byte)'#')] = 0xff;

        var ex = Assert.Throws<AlertWebhookException>(() => AlertmanagerWebhook.Parse(body));

        Assert.Contains("invalid JSON string", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_alert_list_is_valid()
    {
        Assert.Empty(Parse("""{"version":"4","alerts":[]}"""));
    }

    private static IReadOnlyList<AlertNotification> Parse(string json) => AlertmanagerWebhook.Parse(Encoding.UTF8.GetBytes(json));
}
