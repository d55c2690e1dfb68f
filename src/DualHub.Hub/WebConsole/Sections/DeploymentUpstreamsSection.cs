using System.Text.Json;
using DualHub.Hub.WebConsole.Deployment;
using DualHub.Hub.WebConsole.Html;

namespace DualHub.Hub.WebConsole.Sections;

/// <summary>Every hub's upstreams (edge -> central, central -> store, NATS publish and consume) from each hub's <c>/health</c>.</summary>
internal static class DeploymentUpstreamsSection
{
    public static void Render(HtmlWriter h, DeploymentSnapshot d)
    {
        ConsolePage.Section(h, "paths", "Forwarding paths");
        ConsolePage.Table(h, "Upstreams of every hub", "Hub", "Upstream", "Sends to", "State", "Backlog (samples)", "Lag", "Last error");
        var rows = 0;
        foreach (var hub in d.OfKind("hub"))
        {
            if (hub.Json is not { } j)
            {
                h.Raw("<tr><th scope=\"row\">").Text(hub.Part.Name).Raw("</th><td colspan=\"2\">-</td><td>").Badge("unreachable").Raw("</td><td colspan=\"3\" class=\"err\">").Text(hub.Error).Raw("</td></tr>");
                rows++;
                continue;
            }

            foreach (var u in j.Arr("upstreams"))
            {
                Row(h, hub.Part.Name, u.Str("name"), u.Str("url"), u);
                rows++;
            }

            if (j.Obj("nats") is { } nats)
            {
                if (nats.Obj("publish") is { } p)
                {
                    Row(h, hub.Part.Name, "NATS publish", p.Str("subject") + " via " + (nats.Str("server") ?? "-"), p);
                    rows++;
                }

                if (nats.Obj("consume") is { } c)
                {
                    h.Raw("<tr><th scope=\"row\">").Text(hub.Part.Name).Raw("</th>").Td("NATS consume").Td($"{c.Str("stream")} / {c.Str("consumer")}").Raw("<td>").Badge(c.Str("state")).Raw("</td>")
                        .Td("see NATS").Td("-").Td(c.Str("last_error"), "err").Raw("</tr>");
                    rows++;
                }
            }
        }

        if (rows == 0)
        {
            h.EmptyRow(7, "No hub forwards anything.");
        }

        ConsolePage.EndTable(h);
        h.Raw("</section>");
    }

    private static void Row(HtmlWriter h, string hub, string? name, string? url, JsonElement u) =>
        h.Raw("<tr><th scope=\"row\">").Text(hub).Raw("</th>").Td(name).Td(url).Raw("<td>").Badge(u.Str("state")).Raw("</td>")
            .Td(u.Long("pending_samples")).Td(Units.Seconds(u.Num("lag_seconds")), "num").Td(u.Str("last_error"), "err").Raw("</tr>");
}
