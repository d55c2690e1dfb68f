using DualHub.Hub.Upstreams;
using DualHub.Hub.WebConsole.Html;

namespace DualHub.Hub.WebConsole.Sections;

/// <summary>Where this hub sends or from where it consumes: state, backlog, lag, last error.</summary>
internal static class UpstreamsSection
{
    public static void Render(HtmlWriter h, HubRuntime hub)
    {
        ConsolePage.Section(h, "upstreams", "Upstreams");
        ConsolePage.Table(h, "Upstreams of this hub", "Name", "Sends to", "State", "Backlog (samples)", "Lag", "Sent", "Dropped", "Last error");
        var rows = 0;
        foreach (var u in hub.Samples.Upstreams)
        {
            Row(h, u.Name, u.Url, UpstreamHealth.StateName(u.State), u);
            rows++;
        }

        if (hub.Nats?.PublishStatus is { } p)
        {
            Row(h, "nats " + p.Node, p.Subject + " (" + hub.Nats.ConnectionState + ")", p.State, p.Upstream);
            rows++;
        }

        if (hub.Nats?.ConsumeStatus is { } c)
        {
            h.Raw("<tr>").Td("nats consumer " + c.Consumer).Td("from stream " + c.Stream).Raw("<td>").Badge(c.State).Raw("</td>")
                .Td("-").Td("-").Td(c.SamplesConsumed).Td(c.MessagesDropped).Td(c.LastError, "err").Raw("</tr>");
            rows++;
        }

        if (rows == 0)
        {
            h.EmptyRow(8, "No remote_write or NATS on this hub.");
        }

        ConsolePage.EndTable(h);
        h.Raw("</section>");
    }

    private static void Row(HtmlWriter h, string name, string url, string state, UpstreamStatus u) =>
        h.Raw("<tr>").Td(name).Td(url).Raw("<td>").Badge(state).Raw("</td>").Td(u.PendingSamples).Td(Units.Seconds(u.LagSeconds), "num")
            .Td(u.SamplesSent).Td(u.SamplesDropped + u.SamplesDroppedByRetention).Td(u.LastError, "err").Raw("</tr>");
}
