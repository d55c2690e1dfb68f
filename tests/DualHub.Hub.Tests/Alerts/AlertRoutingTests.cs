using DualHub.Hub.Alerts;
using DualHub.Nats.Messaging;

namespace DualHub.Hub.Tests.Alerts;

public sealed class AlertRoutingTests
{
    private static readonly DateTimeOffset Start = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("urgent", AlertSeverity.Urgent, null)]
    [InlineData("Urgent ", AlertSeverity.Urgent, null)]
    [InlineData("warning", AlertSeverity.Warning, null)]
    [InlineData("WARNING", AlertSeverity.Warning, null)]
    [InlineData("critical", AlertSeverity.Warning, "severity 'critical' is neither urgent nor warning: published as warning")]
    [InlineData("", AlertSeverity.Warning, "no severity label: published as warning")]
    [InlineData(null, AlertSeverity.Warning, "no severity label: published as warning")]
    public void The_severity_label_picks_the_subject_and_anything_else_is_a_warning_with_a_note(string? label, AlertSeverity expected, string? expectedNote)
    {
        var alert = Alert(label is null ? [] : [new("severity", label)]);

        Assert.Equal(expected, AlertRouting.Severity(alert, out var note));
        Assert.Equal(expectedNote, note);
    }

    [Fact]
    public void The_same_notification_gets_the_same_msg_id_and_a_firing_one_ignores_its_end()
    {
        var a = Alert([new("alertname", "X")]);
        var retried = a with { Annotations = [new("summary", "changed text")], EndsAt = Start.AddMinutes(4) };

        Assert.Equal("alert-00000000000000aa-firing-1714557600000", AlertRouting.MessageId(a));
        Assert.Equal(AlertRouting.MessageId(a), AlertRouting.MessageId(retried));
    }

    [Fact]
    public void Status_start_and_a_resolved_alerts_end_each_give_another_msg_id()
    {
        var firing = Alert([new("alertname", "X")]);
        var resolved = firing with { Resolved = true, EndsAt = Start.AddMinutes(5) };
        var resolvedLater = resolved with { EndsAt = Start.AddMinutes(6) };
        var again = firing with { StartsAt = Start.AddHours(1) };

        string[] ids = [AlertRouting.MessageId(firing), AlertRouting.MessageId(resolved), AlertRouting.MessageId(resolvedLater), AlertRouting.MessageId(again)];

        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Equal("alert-00000000000000aa-resolved-1714557600000-1714557900000", ids[1]);
    }

    private static AlertNotification Alert(List<KeyValuePair<string, string>> labels) =>
        new("alertmanager", false, labels, [], Start, null, "00000000000000aa", null);
}
