using DualHub.Hub.WebConsole.Deployment;
using DualHub.Hub.WebConsole.Html;

namespace DualHub.Hub.WebConsole.Sections;

/// <summary>Each NATS server's streams and consumers from its monitoring <c>/jsz</c>: messages, and each consumer's pending count.</summary>
internal static class NatsStreamsSection
{
    public static void Render(HtmlWriter h, DeploymentSnapshot d)
    {
        ConsolePage.Section(h, "nats", "NATS streams and consumers");
        ConsolePage.Table(h, "Streams and consumers per NATS server", "Server", "Stream", "Messages", "Bytes", "Consumer", "Pending (lag)", "Awaiting ack", "Delivered up to");
        var rows = 0;
        foreach (var server in d.OfKind("nats"))
        {
            if (server.Json is not { } j)
            {
                h.Raw("<tr><th scope=\"row\">").Text(server.Part.Name).Raw("</th><td colspan=\"7\" class=\"err\">unreachable: ").Text(server.Error).Raw("</td></tr>");
                rows++;
                continue;
            }

            foreach (var stream in j.Arr("account_details").SelectMany(a => a.Arr("stream_detail")))
            {
                var config = stream.Obj("config");
                var name = stream.Str("name") ?? config?.Str("name");
                var state = stream.Obj("state") ?? default;
                var consumers = stream.Arr("consumer_detail").ToList();
                if (consumers.Count == 0)
                {
                    h.Raw("<tr><th scope=\"row\">").Text(server.Part.Name).Raw("</th>").Td(name).Td(state.Long("messages")).Td(Units.Bytes(state.Num("bytes")), "num").Td("-").Td("-").Td("-").Td("-").Raw("</tr>");
                    rows++;
                }

                foreach (var c in consumers)
                {
                    var delivered = c.Obj("delivered") ?? default;
                    h.Raw("<tr><th scope=\"row\">").Text(server.Part.Name).Raw("</th>").Td(name).Td(state.Long("messages")).Td(Units.Bytes(state.Num("bytes")), "num")
                        .Td(c.Str("name")).Td(c.Long("num_pending")).Td(c.Long("num_ack_pending")).Td(delivered.Long("stream_seq")).Raw("</tr>");
                    rows++;
                }
            }
        }

        if (rows == 0)
        {
            h.EmptyRow(8, "No NATS server in console.deployment, or no streams.");
        }

        ConsolePage.EndTable(h);
        h.Raw("</section>");
    }
}
