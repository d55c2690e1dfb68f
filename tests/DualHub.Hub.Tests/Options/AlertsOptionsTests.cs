using DualHub.Hub.Options;

namespace DualHub.Hub.Tests.Options;

public sealed class AlertsOptionsTests
{
    [Fact]
    public void Defaults_are_a_4_MiB_webhook_body_and_60_s_without_a_2xx()
    {
        var o = HubConfigLoader.Parse("role: edge\n");

        Assert.Equal(4L * 1024 * 1024, o.Alerts.WebhookMaxBytes);
        Assert.Equal(TimeSpan.FromSeconds(60), o.Alerts.UpstreamFailingAfter);
    }

    [Fact]
    public void The_alerts_section_sets_both_and_zero_turns_the_edge_alert_off()
    {
        var o = HubConfigLoader.Parse("alerts:\n  webhook_max_bytes: 65536\n  upstream_failing_after: 1m30s\n");
        var off = HubConfigLoader.Parse("alerts:\n  upstream_failing_after: 0s\n");

        Assert.Equal(65536, o.Alerts.WebhookMaxBytes);
        Assert.Equal(TimeSpan.FromSeconds(90), o.Alerts.UpstreamFailingAfter);
        Assert.Equal(TimeSpan.Zero, off.Alerts.UpstreamFailingAfter);
    }

    [Theory]
    [InlineData("alerts:\n  upstream_failing_after: soon\n", "alerts.upstream_failing_after: 'soon' is not a duration")]
    [InlineData("alerts:\n  webhook_max_bytes: 0\n", "alerts.webhook_max_bytes: must be positive")]
    [InlineData("alerts:\n  colour: red\n", "unknown key 'colour'")]
    public void Errors_name_the_key(string yaml, string expected)
    {
        var ex = Assert.Throws<HubConfigException>(() => HubConfigLoader.Parse(yaml));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
