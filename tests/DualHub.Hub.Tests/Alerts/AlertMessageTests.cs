using System.Text.Json;
using DualHub.Hub.Alerts;

namespace DualHub.Hub.Tests.Alerts;

public sealed class AlertMessageTests
{
    [Fact]
    public void The_body_carries_the_agents_alert_members_and_source_status_severity_labels_annotations_and_times()
    {
        var alert = new AlertNotification(
            "alertmanager",
            true,
            [new("alertname", "EdgeHubDown"), new("severity", "urgent")],
            [new("runbook", "restart it"), new("summary", "EdgeHub down")],
            new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1_250_000),
            new DateTimeOffset(2024, 5, 1, 10, 5, 0, TimeSpan.Zero),
            "7ff3e9a5b2c1d0e4",
            "http://vmalert/rule");

        using var doc = JsonDocument.Parse(AlertMessage.Write(alert, "urgent", null));
        var root = doc.RootElement;

        // The members the agents' own alerts have, so one reader takes both.
        Assert.Equal(("EdgeHubDown", "resolved", "EdgeHub down", "2024-05-01T10:05:00Z"), (root.GetProperty("kind").GetString(), root.GetProperty("state").GetString(), root.GetProperty("summary").GetString(), root.GetProperty("time").GetString()));
        Assert.Equal("alertmanager", root.GetProperty("source").GetString());
        Assert.Equal("resolved", root.GetProperty("status").GetString());
        Assert.Equal("urgent", root.GetProperty("severity").GetString());
        Assert.False(root.TryGetProperty("note", out _));
        Assert.Equal("EdgeHubDown", root.GetProperty("labels").GetProperty("alertname").GetString());
        Assert.Equal("restart it", root.GetProperty("annotations").GetProperty("runbook").GetString());
        Assert.Equal("2024-05-01T10:00:00.125Z", root.GetProperty("startsAt").GetString());
        Assert.Equal("2024-05-01T10:05:00Z", root.GetProperty("endsAt").GetString());
        Assert.Equal("7ff3e9a5b2c1d0e4", root.GetProperty("fingerprint").GetString());
        Assert.Equal("http://vmalert/rule", root.GetProperty("generatorURL").GetString());
    }

    [Fact]
    public void A_firing_alert_has_a_null_end_and_a_note_when_its_severity_was_replaced()
    {
        var alert = new AlertNotification("edgehub", false, [], [], DateTimeOffset.UnixEpoch, null, "cbf29ce484222325", null);

        using var doc = JsonDocument.Parse(AlertMessage.Write(alert, "warning", "no severity label: published as warning"));

        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("endsAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("generatorURL").ValueKind);
        Assert.Equal("no severity label: published as warning", doc.RootElement.GetProperty("note").GetString());
    }
}
