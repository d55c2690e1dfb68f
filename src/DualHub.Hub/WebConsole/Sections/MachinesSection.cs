using DualHub.Hub.WebConsole.Deployment;
using DualHub.Hub.WebConsole.Html;

namespace DualHub.Hub.WebConsole.Sections;

/// <summary>Each machine with its hubs, NATS servers and agents: reachable or not, and a link to each at its deployment address.</summary>
internal static class MachinesSection
{
    public static void Render(HtmlWriter h, DeploymentSnapshot d)
    {
        ConsolePage.Section(h, "machines", "Machines");
        foreach (var machine in d.Parts.GroupBy(p => p.Part.Machine).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            h.Raw("<h3>").Text(machine.Key.Length == 0 ? "(no machine named)" : machine.Key).Raw("</h3>");
            ConsolePage.Table(h, "Parts on " + machine.Key, "Part", "Kind", "Address", "State", "Summary", "Answered in");
            foreach (var p in machine.OrderBy(p => p.Part.Kind, StringComparer.Ordinal).ThenBy(p => p.Part.Name, StringComparer.Ordinal))
            {
                var page = p.Part.Kind == "hub" ? new Uri(p.Part.Url, "/").ToString() : DeploymentProbe.ProbeUrl(p.Part).ToString();
                h.Raw("<tr><th scope=\"row\">").Text(p.Part.Name).Raw("</th>").Td(Kind(p)).Raw("<td>").Link(page, page).Raw("</td><td>")
                    .Badge(p.Reachable ? "reachable" : "unreachable").Raw("</td>").Td(p.Error ?? Summary(p)).Td(Units.Duration(p.Elapsed), "num").Raw("</tr>");
            }

            ConsolePage.EndTable(h);
        }

        h.Raw("</section>");
    }

    private static string Kind(PartProbe p) => p.Part.Kind switch
    {
        "hub" when p.Json?.Str("role") is { } role => role == "pushgateway" ? "Pushgateway" : role + " hub",
        "nats" => "NATS server",
        var k => k,
    };

    private static string Summary(PartProbe p)
    {
        var j = p.Json!.Value;
        return p.Part.Kind switch
        {
            "hub" => $"{j.Str("status")}, up {Units.Seconds(j.Num("uptime_seconds"))}, {j.Long("groups")} groups, {j.Long("series")} series",
            "nats" => $"{j.Long("streams")} streams, {j.Long("consumers")} consumers, {j.Long("messages")} messages, {Units.Bytes(j.Num("bytes"))}",
            _ => $"{j.Str("status")}, sequence {j.Long("sequence")}",
        };
    }
}
